"""Confirming a duty's letters: its owners say they are still right (docs/findings.md,
"stale-confirmation"). The duty records when and by whom; the rule counts from then."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from departments.models import Person, Role
from departments.selectors import held_today
from registry.changes import write_transaction
from registry.permissions import is_active_user
from registry.services import record_save
from responsibilities.models import Assignment, Duty, Raci
from responsibilities.selectors.records import duties_editable

CHANGE_REASON = gettext_noop("letters confirmed")
OWNERS = (Raci.ACCOUNTABLE, Raci.RESPONSIBLE)


def holds_owner_post(user, duty):
    """True when the person of `user`'s login holds today a post that is Accountable or
    Responsible for `duty` (the role itself, or any role of a department that is). One query."""
    if not is_active_user(user):
        return False
    held = held_today("memberships__") & Q(memberships__person__user=user)
    return Assignment.objects.filter(duty=duty, raci__in=OWNERS).filter(
        Q(role__in=_roles(held)) | Q(department__roles__in=_roles(held))).exists()


def _roles(held):
    return Role.objects.filter(held).values("pk")


def may_confirm(user, duty):
    """True when `user` may confirm `duty`'s letters: one of its owners today, or someone who
    may edit it."""
    return is_active_user(user) and (
        holds_owner_post(user, duty) or duty.code in duties_editable(user=user, duties=[duty]))


@write_transaction()
def duty_confirm(*, user, duty):
    """Record that `user` confirmed `duty`'s letters now; PermissionDenied unless they may.

    It answers the owners who had not confirmed (`Duty.unconfirmed`): those who let a deadline
    pass, and the confirmer's own word that it was not theirs. Another owner's "not mine" stays
    until someone who may edit the duty confirms it, having settled who owns it."""
    if not may_confirm(user, duty):
        raise PermissionDenied(_("Only the people Accountable or Responsible for this duty, or "
                                 "those who may edit it, confirm its letters."))
    duty = Duty.objects.select_for_update().get(pk=duty.pk)  # a "not mine" may come meanwhile
    person = Person.objects.filter(user=user).first()
    editor = duty.code in duties_editable(user=user, duties=[duty])
    duty.confirmed_at = timezone.now()
    duty.confirmed_by = person
    duty.unconfirmed = [] if editor else [
        entry for entry in duty.unconfirmed
        if entry.get("reason") and (person is None or entry["person"] != person.pk)]
    return record_save(duty, user=user, reason=CHANGE_REASON)
