"""What a write touched, read from its history rows (registry.changes): shared by the data kept
current on write (the search index here, the stored findings above) and by what tells of it
(webhook events, notifications)."""

from types import SimpleNamespace

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


def cells_changed(rows):
    """{(duty id, department id, role id): cell} of a write's Assignment history rows: each
    cell whose letters changed, with the letters `added` and `removed`, its `first` history
    row's id, the `user` (id) who wrote it and the `reason`."""
    cells = {}

    def cell(duty, department, role, row):
        return cells.setdefault((duty, department, role), SimpleNamespace(
            added=set(), removed=set(), first=row.history_id, user=None, reason=""))

    for row in rows:
        if row.history_type == "~":  # an assignment edited as a record: compare with before
            before = row.prev_record
            if before is not None and (before.duty_id, before.department_id, before.role_id,
                                       before.raci) == (row.duty_id, row.department_id,
                                                        row.role_id, row.raci):
                continue
            if before is not None:
                cell(before.duty_id, before.department_id, before.role_id,
                     row).removed.add(before.raci)
        found = cell(row.duty_id, row.department_id, row.role_id, row)
        (found.removed if row.history_type == "-" else found.added).add(row.raci)
        found.user, found.reason = row.history_user_id, row.history_change_reason or ""
    return {slot: found for slot, found in cells.items() if found.added != found.removed}
