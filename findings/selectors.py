"""Findings: one load of plain rows in a fixed number of queries, then the pure rules."""

import hashlib
from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from departments.models import Department, Membership, Person, Role
from findings.engine import (
    DepartmentRow,
    DutyRow,
    MembershipRow,
    OrgData,
    ProcessRow,
    RoleRow,
    analyse,
    filter_findings,
)
from responsibilities.models import Assignment, Duty, Process
from responsibilities.parties import party_key

# Past this many duties named, a scoped analysis loads most of the organisation anyway: the
# cached analysis of all of it is filtered instead (the matrix of everything, a big import).
SCOPED_AT_MOST = 1_000

# How long an organisation's findings stay in the cache at most; a write makes them stale at
# once (they are kept with the registry's version they were analysed at).
CACHE_SECONDS = 24 * 60 * 60

# The big tables are streamed in chunks instead of being cached whole by the queryset, which
# keeps the memory of a 200,000-assignment load down; a chunk is not a query of its own.
CHUNK_SIZE = 20_000


def _duty_scope(*, duties=None, process=None):
    """Which duties to load: all of them, or those named with every step of their processes.

    A finding on a duty depends on that duty and, for `silent-handoff`, the step before it. The
    organisation-wide rules (`overloaded`, `idle-department`) name no duty or process, so a filter
    on duty or process drops them anyway: loading less cannot change what is returned.
    """
    if duties is None and process is None:
        return None
    scope = Q(pk__in=[])
    if duties is not None:
        their_processes = Duty.objects.filter(code__in=duties).values("process")
        scope |= Q(code__in=duties) | Q(process__in=their_processes)
    if process is not None:
        scope |= Q(process__code=process)
    return scope


def _letters_by_duty(department_codes, role_codes, scope):
    """Duty id → its (party key, letter) pairs, from one query over the assignments in scope."""
    department_parties = {pk: party_key(department_code=c) for pk, c in department_codes.items()}
    role_parties = {pk: party_key(role_code=c) for pk, c in role_codes.items()}
    letters = defaultdict(list)
    rows = Assignment.objects.order_by().values_list("duty_id", "department_id", "role_id", "raci")
    if scope is not None:
        rows = rows.filter(duty__in=Duty.objects.filter(scope).values("pk"))
    for duty_id, department_id, role_id, letter in rows.iterator(chunk_size=CHUNK_SIZE):
        party = role_parties.get(role_id) or department_parties.get(department_id)
        if party is not None:
            letters[duty_id].append((party, letter))
    return letters


def _duty_rows(scope, process_codes, department_codes, role_codes):
    """The duties in scope, each with its letters, from two queries."""
    rows = Duty.objects.order_by().values_list(
        "id", "code", "process_id", "step", "review_by", "is_active"
    )
    if scope is not None:
        rows = rows.filter(scope)
    rows = list(rows.iterator(chunk_size=CHUNK_SIZE))
    letters = _letters_by_duty(department_codes, role_codes, scope)
    return tuple(
        DutyRow(code, tuple(letters.get(pk, ())), process_codes.get(process), *rest)
        for pk, code, process, *rest in rows  # rest: step, review_by, is_active
    )


def findings_data_load(*, duties=None, process=None):
    """Every row the findings rules read, active or not, in six queries at any size.

    Given duty codes or a process code, only the duties around them are loaded (see
    `_duty_scope`); departments, roles, memberships and processes are always loaded whole.

    Each query sees the rows committed when it runs (PostgreSQL's default isolation), so a row
    pointing at a department or role created after that table was read is left out; the next
    analysis sees it. The queries clear the models' default ordering: it would add joins and sorts.
    """
    departments = list(Department.objects.order_by().values_list("id", "code", "is_active"))
    department_codes = {pk: code for pk, code, _active in departments}
    roles = [
        (pk, code, department_codes[department], active)
        for pk, code, department, active in Role.objects.order_by().values_list(
            "id", "code", "department_id", "is_active"
        )
        if department in department_codes
    ]
    role_codes = {pk: code for pk, code, _department, _active in roles}
    memberships = Membership.objects.order_by().values_list(
        "role_id", "start_date", "end_date", "person__is_active"
    )
    processes = list(Process.objects.order_by().values_list("id", "code", "owner_id", "is_active"))
    process_codes = {pk: code for pk, code, _owner, _active in processes}
    scope = _duty_scope(duties=duties, process=process)
    return OrgData(
        departments=tuple(DepartmentRow(code, active) for _pk, code, active in departments),
        roles=tuple(RoleRow(code, department, active) for _pk, code, department, active in roles),
        memberships=tuple(
            MembershipRow(role_codes[role], start, end, active)
            for role, start, end, active in memberships
            if role in role_codes
        ),
        processes=tuple(
            ProcessRow(code, department_codes.get(owner), active)
            for _pk, code, owner, active in processes
        ),
        duties=_duty_rows(scope, process_codes, department_codes, role_codes),
    )


def findings_list(*, duties=None, today=None, **filters):
    """The organisation's findings matching every filter given, most severe first.

    `filters` are those of `filter_findings` (rule, kind, severity, department, process,
    duty); `duties` keeps the findings on those duty codes. A duty or process filter loads
    only the duties around it; otherwise the whole organisation is analysed, because
    `overloaded` and `idle-department` count across all duties.
    """
    duty, process = filters.get("duty"), filters.get("process")
    duties = None if duties is None else set(duties)
    named = None if duty is None and duties is None else {*(duties or ()), *filter(None, [duty])}
    today = today or timezone.localdate()
    if (named is None and process is None) or len(named or ()) > SCOPED_AT_MOST:
        findings = _organisation_findings(today)
    else:
        findings = _analyse(findings_data_load(duties=named, process=process), today)
    findings = filter_findings(findings, **filters)
    if duties is not None:
        findings = [finding for finding in findings if finding.duty in duties]
    return findings


def _analyse(data, today):
    return analyse(data, today=today, max_accountable=settings.RACI_MAX_ACCOUNTABLE,
                   max_consulted=settings.RACI_MAX_CONSULTED)


# The tables whose rows the rules read; each keeps a history row for every write.
TRACKED = (Department, Role, Membership, Person, Process, Duty, Assignment)


def registry_version():
    """A text that changes with every write to what the rules read: the newest history row
    (id and time) of each tracked table, as every write, bulk import and delete adds one.
    One query on indexed columns. (The time tells apart two rows given the same id, as SQLite
    does again after a rollback.)"""
    parts = ", ".join(
        f"(SELECT MAX({column}) FROM {model.history.model._meta.db_table})"
        for model in TRACKED for column in ("history_id", "history_date")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        newest = "/".join(map(str, cursor.fetchone()))
    return hashlib.blake2b(newest.encode(), digest_size=16).hexdigest()


def _organisation_findings(today):
    """Every finding of the organisation, from the shared cache while nothing it depends on
    has changed: no tracked write since (registry_version), the same day (the date rules),
    thresholds and language (the messages)."""
    # One entry per day, language and thresholds, overwritten after a write: a key per version
    # would leave an organisation's worth of findings in the cache for every write of the day.
    key = ":".join(map(str, ("findings", today, get_language(),
                             settings.RACI_MAX_ACCOUNTABLE, settings.RACI_MAX_CONSULTED)))
    version = registry_version()
    cached = cache.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    findings = _analyse(findings_data_load(), today)
    cache.set(key, (version, findings), timeout=CACHE_SECONDS)
    return findings


def findings_unknown_filters(*, department=None, process=None, duty=None):
    """Field → message for each given department, process or duty code that does not exist."""
    checks = {
        "department": (Department, department, _("There is no department “%(code)s”.")),
        "process": (Process, process, _("There is no process “%(code)s”.")),
        "duty": (Duty, duty, _("There is no duty “%(code)s”.")),
    }
    return {
        field: message % {"code": code}
        for field, (model, code, message) in checks.items()
        if code is not None and not model.objects.filter(code=code).exists()
    }
