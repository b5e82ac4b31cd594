"""A leaver is a handover, not a surprise (docs/scim.md, "Leavers"): when a person is saved
inactive (by SCIM, or by hand in the admin, a page or the API), their memberships end today,
the vacant-owner findings of the posts they leave empty open with the same write, and the
people Accountable for each process with a duty whose A or R they held are told, with a link
to hand the letters over.

It hears of the deactivation through registry.changes' `written` signal, so the lower apps
need not know this one. The same receiver records what each SCIM request wrote for the sync
report (identity.scim_sync)."""

from django.utils import timezone

from departments.models import Membership, Person
from governance.notifications import person_left
from identity import scim_sync as sync
from identity.selectors import accountable_for_roles
from identity.services import LEFT, login_close, memberships_end
from registry import changes
from responsibilities.touched import rows_by_model


def _left(rows):
    """[(person id, acting user)] of the Person history rows that made someone inactive."""
    found = []
    for row in rows_by_model(rows).get(Person, ()):
        if row.history_type != "~" or row.is_active:
            continue
        before = row.prev_record
        if before is not None and before.is_active:
            found.append((row.id, row.history_user))
    return found


def person_leaves(person_id, *, user):
    """End the memberships of the person `person_id` (now inactive) today, hand those rows on
    at once (their findings and the colleagues' mail of a role left vacant), and tell the
    Accountable of each process concerned. Returns the ids of the roles they left."""
    roles = memberships_end(Membership.objects.filter(person_id=person_id), user=user,
                            reason=LEFT)
    login_close(person_id)
    changes.flush()
    if roles:
        told = accountable_for_roles(roles, leaver=person_id)
        person_left(Person.objects.get(pk=person_id), told, day=timezone.localdate())
    return roles


def on_written(sender, rows, using=None, **kwargs):
    """registry.changes' `written` receiver: note the rows for the SCIM request being
    recorded, and turn each person made inactive into a leaver."""
    sync.note_rows(rows)
    for person_id, user in _left(rows):
        person_leaves(person_id, user=user)


def on_findings_written(sender, delta, **kwargs):
    """findings.store's `findings_written` receiver: the findings of the request recorded."""
    sync.note_findings(delta)
