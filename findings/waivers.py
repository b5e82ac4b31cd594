"""Waivers of findings (docs/findings.md, "Waivers"): who may waive and withdraw, the rules
an expiry date follows, the writes, and the reads of the waivers themselves.

A finding is waived while a waiver with its key has not expired: `expires` later than today,
read against today at every read, so an expired waiver needs no job to end it.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from findings.models import StoredFinding, Waiver
from findings.naming import findings_shown
from findings.store import FINDING_FIELDS, findings_current, stored_as_finding
from registry.changes import write_transaction
from registry.locks import serialise
from registry.permissions import is_active_user
from registry.services import history_stamp, record_save
from responsibilities.selectors.records import duties_editable

# The expiry the waiver form offers first, in days from today.
DEFAULT_DAYS = 90
# A finding without a duty (overloaded, idle-department, unowned-process) is about the whole
# organisation: only those who may set every cell may waive it.
GLOBAL_PERMISSION = "responsibilities.change_assignment"


def waivers_active(today=None):
    """The waivers in force on `today` (default: today): those expiring after it."""
    return Waiver.objects.filter(expires__gt=today or timezone.localdate())


def waived(today=None):
    """An expression true for a stored finding with a waiver in force (no query of its own)."""
    return Exists(waivers_active(today).filter(key=OuterRef("key")))


def waivers_by_key(keys, *, today=None):
    """{finding key: the waiver in force} for `keys`, with their authors: one query (none for
    no key)."""
    keys = list(keys)
    if not keys:
        return {}
    rows = waivers_active(today).filter(key__in=keys).select_related("author").order_by("id")
    return {waiver.key: waiver for waiver in rows}


def waiver_list():
    """Every waiver, in force or not, newest first, with its author."""
    return Waiver.objects.select_related("author").order_by("-created", "-id")


def expiry_latest(today):
    """The latest expiry date a waiver made on `today` may have."""
    return today + timedelta(days=settings.RACI_WAIVER_MAX_DAYS)


def expiry_default(today):
    """The expiry the form offers: DEFAULT_DAYS ahead, or the latest allowed if sooner."""
    return min(today + timedelta(days=DEFAULT_DAYS), expiry_latest(today))


def expiry_errors(expires, today):
    """The messages against `expires` as an expiry set on `today` (empty when it is fine): after
    today, at most RACI_WAIVER_MAX_DAYS ahead."""
    if expires is None:
        return [_("Give the date the waiver ends.")]
    if expires <= today:
        return [_("The waiver must end after today.")]
    if expires > expiry_latest(today):
        return [_("A waiver may last at most %(days)d days: end it on %(date)s or before.")
                % {"days": settings.RACI_WAIVER_MAX_DAYS,
                   "date": date_format(expiry_latest(today))}]
    return []


def may_waive(user, duty):
    """True when `user` may waive (or withdraw) a finding on `duty` (a code; None for a finding
    about no duty): the right to set the duty's cells; for no duty, the global right to set
    every cell. One query at most."""
    if not is_active_user(user):
        return False
    if duty is None:
        return user.is_superuser or user.has_perm(GLOBAL_PERMISSION)
    return bool(duties_editable(user=user, duties=[duty]))


def may_withdraw(user, waiver):
    """True when `user` may withdraw or change `waiver`: its author, or anyone who may waive it."""
    if not is_active_user(user):
        return False
    return waiver.author_id == user.pk or may_waive(user, waiver.duty)


def withdrawable(user, waivers):
    """The ids of `waivers` that `user` may withdraw: one query at most (the duties editable)."""
    waivers = list(waivers)
    if not is_active_user(user) or not waivers:
        return set()
    duties = {waiver.duty for waiver in waivers if waiver.duty}
    editable = duties_editable(user=user, duties=duties) if duties else set()
    everything = any(waiver.duty is None for waiver in waivers) and may_waive(user, None)
    return {waiver.pk for waiver in waivers
            if waiver.author_id == user.pk or waiver.duty in editable
            or (waiver.duty is None and everything)}


def finding_open(key):
    """The open finding with `key` as a ShownFinding, or None: two queries (and the stored
    findings' date)."""
    findings_current()
    row = StoredFinding.objects.filter(resolved_at=None, key=key).values(*FINDING_FIELDS).first()
    return findings_shown([stored_as_finding(row)])[0] if row else None


def waive_require(user, duty):
    """PermissionDenied, saying why, unless `user` may waive a finding on `duty`."""
    if not may_waive(user, duty):
        raise PermissionDenied(_("You may not waive findings on this duty: that needs the right "
                                 "to edit its letters (for a finding about no duty, every "
                                 "duty's)."))


def _checked(reason, expires, today):
    """The reason stripped; ValidationError naming each bad field."""
    errors = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Say why this finding may stay.")]
    if problems := expiry_errors(expires, today):
        errors["expires"] = problems
    if errors:
        raise ValidationError(errors)
    return reason


def waiver_create(*, user, key, reason, expires, today=None):
    """Waive the open finding `key` until `expires`; returns the Waiver. ValidationError when
    there is no such open finding, it is waived already, or the reason or the date is wrong;
    PermissionDenied when `user` may not edit the finding's duty. Nothing is written then."""
    today = today or timezone.localdate()
    finding = finding_open(key)
    if finding is None:
        raise ValidationError({"key": [_("There is no open finding with this key: it may have "
                                         "been resolved, or its parties changed.")]})
    waive_require(user, finding.duty)
    reason = _checked(reason, expires, today)
    with write_transaction():
        serialise(f"waiver:{key}")  # two waivers of one finding at once: the second sees the first
        if waivers_active(today).filter(key=key).exists():
            raise ValidationError({"key": [_("This finding is waived already.")]})
        waiver = Waiver(key=key, rule=finding.rule, duty=finding.duty,
                        parties=" ".join(finding.parties), reason=reason, author=user,
                        expires=expires)
        return record_save(waiver, user=user)


def waiver_update(*, user, waiver, reason=None, expires=None, today=None):
    """`waiver` with a new reason or expiry (None keeps it); the same checks as creating it,
    and the right to withdraw it."""
    today = today or timezone.localdate()
    if not may_withdraw(user, waiver):
        raise PermissionDenied(_("Only the author of a waiver, or someone who may edit the "
                                 "duty's letters, may change it."))
    if waiver.expires <= today:
        raise ValidationError({"expires": [_("This waiver has ended: waive the finding again "
                                             "instead.")]})
    reason = _checked(waiver.reason if reason is None else reason,
                      waiver.expires if expires is None else expires, today)
    with write_transaction():
        waiver.reason = reason
        if expires is not None:
            waiver.expires = expires
        return record_save(waiver, user=user)


def waiver_withdraw(*, user, waiver):
    """Delete `waiver` (its finding counts again), with a history row naming `user`;
    PermissionDenied unless they are its author or may edit its duty."""
    if not may_withdraw(user, waiver):
        raise PermissionDenied(_("Only the author of a waiver, or someone who may edit the "
                                 "duty's letters, may withdraw it."))
    with write_transaction():
        history_stamp(waiver, user=user)
        waiver.delete()
