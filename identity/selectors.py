"""Every read of the identity app: tokens, the people a leaver's posts concern, and the sync
report."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from departments.models import Membership
from departments.selectors import held_today
from findings.engine import Finding
from findings.naming import findings_grouped, findings_shown
from identity.models import ScimSync, ScimToken
from responsibilities.models import Assignment, Process, Raci

# A token's last use is written at most this often.
TOUCH_EVERY = timedelta(minutes=1)
REPORT_SIZE = 100


def token_found(digest):
    """The ScimToken with this digest, its service user loaded, or None; its last use noted."""
    token = ScimToken.objects.select_related("user").filter(digest=digest).first()
    now = timezone.now()
    if token is not None and (token.last_used_at is None
                              or token.last_used_at < now - TOUCH_EVERY):
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def accountable_for_roles(roles, *, leaver):
    """{person id: [(process code, English name, Chinese name)]}: the people holding today an A
    of a duty of each process where one of `roles` (ids) holds an A or R, `leaver` left out.
    Three queries."""
    processes = set(Assignment.objects.filter(
        role_id__in=roles, raci__in=[Raci.ACCOUNTABLE, Raci.RESPONSIBLE],
        duty__process__isnull=False).values_list("duty__process_id", flat=True))
    if not processes:
        return {}
    accountable = defaultdict(set)  # party (kind, id) → process ids
    for process, role, department in Assignment.objects.filter(
            duty__process_id__in=processes, raci=Raci.ACCOUNTABLE).values_list(
            "duty__process_id", "role_id", "department_id"):
        accountable[("role", role) if role else ("department", department)].add(process)
    told = defaultdict(set)
    for person, role, department in Membership.objects.filter(
            held_today(), Q(role_id__in=[pk for kind, pk in accountable if kind == "role"])
            | Q(role__department_id__in=[pk for kind, pk in accountable
                                         if kind == "department"])).exclude(
            person_id=leaver).values_list("person_id", "role_id", "role__department_id"):
        told[person] |= accountable.get(("role", role), set())
        told[person] |= accountable.get(("department", department), set())
    names = {pk: (code, en, zh) for pk, code, en, zh in Process.objects.filter(
        pk__in=processes).values_list("pk", "code", "name_en", "name_zh_hans")}
    return {person: sorted(names[pk] for pk in found) for person, found in told.items() if found}


def _finding(value):
    """The engine's Finding of a finding kept as a dict (identity.scim_sync)."""
    return Finding(rule=value["rule"], kind=value["kind"], severity=value["severity"],
                   duty=value["duty"], process=value["process"],
                   parties=tuple(value["parties"]), departments=tuple(value["departments"]),
                   details=tuple(sorted(value.get("details", {}).items())))


def sync_report(limit=REPORT_SIZE):
    """The last `limit` SCIM writes, newest first, each with its token (`token.user`) and the
    findings it opened and resolved as ShownFinding, a vacancy's as one FindingGroup
    (`opened_shown`, `resolved_shown`): two queries."""
    syncs = list(ScimSync.objects.select_related("token__user")[:limit])
    shown = iter(findings_shown(_finding(value) for sync in syncs
                                for value in (*sync.opened, *sync.resolved)))
    for sync in syncs:
        sync.opened_shown = _grouped([next(shown) for _value in sync.opened])
        sync.resolved_shown = _grouped([next(shown) for _value in sync.resolved])
    return syncs


def _grouped(shown):
    """`shown` with a vacancy's findings together as one item, as the findings page has it."""
    return findings_grouped(sorted(shown, key=lambda item: (item.rule, item.parties,
                                                            item.duty or "")))
