"""Where each finding is fixed: the page, with the cell or field to start from, for each rule.

A link whose page changes something (`edits`) is offered only to users who may change
something (`may_act`, one query per page); everyone gets the links to the pages that read.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from guardian.models import GroupObjectPermission, UserObjectPermission

from findings.engine import Rule
from registry.permissions import is_active_user
from responsibilities.parties import ROLE

# The apps whose records the fixes change: a permission on any of them makes a user one who
# may act on findings.
REGISTRY_APPS = ("departments", "responsibilities")

# The rules fixed by changing a duty's letters, and the cell the matrix opens for each: the
# index of the finding's party to focus (no-accountable, no-responsible and
# segregation-of-duties keep it in their `focus` detail: their parties are not in letter order).
LETTER_RULES = {
    Rule.NO_ACCOUNTABLE: None,
    Rule.NO_RESPONSIBLE: None,
    Rule.MULTIPLE_ACCOUNTABLE: 1,  # the second Accountable: the one to take away
    Rule.SHARED_RESPONSIBLE: 1,
    Rule.SEGREGATION_OF_DUTIES: None,  # `focus`: the R party to hand to someone else
    Rule.REDUNDANT_LETTERS: 0,
    Rule.TOO_MANY_CONSULTED: 0,
    Rule.SILENT_HANDOFF: 0,
}


@dataclass(frozen=True, slots=True)
class Fix:
    """A link to where a finding is fixed; `edits` when that page changes records."""

    label: str
    url: str
    edits: bool = False


def _url(name, *args, query=None, fragment=""):
    """The address of route `name` with its query and fragment."""
    url = reverse(name, args=args)
    return url + (f"?{urlencode(query)}" if query else "") + (f"#{fragment}" if fragment else "")


def _fix(label, url, *, edits=False):
    return [Fix(label, url, edits)] if url else []


def _matrix_fix(finding):
    """Fix in the matrix: the duty's row with the most sensible cell focused."""
    parties = finding.parties
    index = LETTER_RULES[finding.rule]
    focus = dict(finding.details).get("focus") if index is None else (
        parties[index] if len(parties) > index else parties[-1] if parties else None)
    query = {"duty": finding.duty}
    if finding.rule == Rule.SILENT_HANDOFF:
        # The receiving department needs a letter on the step before: that row, with a column
        # for its party even though it holds nothing there yet.
        query["duty"] = dict(finding.details)["previous"]
        if focus:
            query["show"] = focus
    if focus:
        query["focus"] = focus
    return _fix(_("Fix in the matrix"), _url("responsibilities:matrix_edit", query=query),
                edits=True)


def _party_page(party):
    kind, _sep, code = party.partition(":")
    if kind == ROLE:
        return _fix(_("Open the post"), _url("responsibilities:role_detail", code))
    return _fix(_("Open the department"), _url("responsibilities:department_detail", code))


def _handover(party):
    return _fix(_("Hand over"), _url("findings:handover", query={"party": party}), edits=True)


def _vacancy_fixes(party):
    kind, _sep, code = party.partition(":")
    if kind == ROLE:
        appoint = _fix(_("Appoint someone"),
                       _url("departments:membership_create", query={"role": code}), edits=True)
        return [*appoint, *_handover(party), *_party_page(party)]
    return [*_party_page(party), *_handover(party)]


def finding_fixes(finding):
    """The Fixes of `finding` (an engine Finding), the most direct first."""
    rule, parties = finding.rule, finding.parties
    if rule in LETTER_RULES and finding.duty:
        return tuple(_matrix_fix(finding))
    if rule == Rule.VACANT_OWNER and parties:
        return tuple(_vacancy_fixes(parties[0]))
    if rule == Rule.INACTIVE_OWNER and parties:
        return tuple(_handover(parties[0]))
    if rule == Rule.UNOWNED_PROCESS and finding.process:
        return tuple(_fix(_("Choose an owner"), _url(
            "responsibilities:process_edit", finding.process, fragment="id_owner"), edits=True))
    if rule == Rule.OVERLOADED and parties:
        return tuple(_party_page(parties[0]))
    if rule == Rule.IDLE_DEPARTMENT and finding.departments:
        return tuple(_fix(_("Open the department"), _url(
            "responsibilities:department_detail", finding.departments[0])))
    if rule == Rule.REVIEW_OVERDUE and finding.duty:
        return tuple(_fix(_("Review the duty"),
                          _url("responsibilities:duty_detail", finding.duty)))
    return ()


def may_act(user):
    """True when `user` holds a permission on some registry record (globally, through a group
    or on one object): they are offered the fixes that change records. No query for anonymous
    users and superusers, one otherwise; the page that offers the fixes says who may save."""
    if not is_active_user(user):
        return False
    if user.is_superuser:
        return True
    registry = Permission.objects.filter(content_type__app_label__in=REGISTRY_APPS)
    return get_user_model().objects.filter(pk=user.pk).filter(
        Exists(registry.filter(user=OuterRef("pk")))
        | Exists(registry.filter(group__user=OuterRef("pk")))
        | Exists(UserObjectPermission.objects.filter(user=OuterRef("pk")))
        | Exists(GroupObjectPermission.objects.filter(group__user=OuterRef("pk")))
    ).exists()
