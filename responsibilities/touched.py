"""What a write touched, read from its history rows (registry.changes): shared by the data kept
current on write (the search index here, the stored findings above)."""

from departments.models import Membership, Person, Role


def rows_by_model(rows):
    """{model: [history rows]} of a write's rows."""
    by_model = {}
    for row in rows:
        by_model.setdefault(row.instance_type, []).append(row)
    return by_model


def roles_touched(by_model):
    """The ids of the roles whose holders the write may have changed: the roles written, those
    of the memberships written (and the role a moved membership left), and those of the
    people written."""
    roles = {row.id for row in by_model.get(Role, ())}
    roles |= {row.role_id for row in by_model.get(Membership, ())}
    if moved := {row.id for row in by_model.get(Membership, ()) if row.history_type == "~"}:
        # a membership moved to another role leaves the one it was in
        roles |= set(Membership.history.filter(id__in=moved).order_by()
                     .values_list("role_id", flat=True).distinct())
    if people := {row.id for row in by_model.get(Person, ())}:
        roles |= set(Membership.objects.filter(person_id__in=people).order_by()
                     .values_list("role_id", flat=True))
    return roles
