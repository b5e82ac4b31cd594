"""The stored findings kept equal to what the rules find (docs/findings.md, "Stored findings").

- `findings_update(rows)` runs inside every write's transaction (registry.changes' `written`
  signal): from the history rows the write added it works out which duties, processes and
  parties it touched, runs the same pure rules on that slice only, and makes the slice of the
  store equal to their answer.
- `findings_refresh(today)` does the same for the whole organisation: for the date-driven rules
  (review dates, memberships starting or ending) on a new day, `refresh_findings`, and a first
  read. It also brings the search index to the new day (the people holding each post).

Both resolve the stored findings the rules no longer give, open the new ones and update the
details (a count) of the others, and return what they opened and resolved.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.dispatch import Signal
from django.utils import timezone

from departments.models import Department, Membership, Person, Role
from findings.engine import (
    Finding,
    Rule,
    analyse,
    duty_findings,
    finding_rank,
    idle_departments,
    org_view,
    overloaded,
    unowned_processes,
)
from findings.loading import findings_load
from findings.models import FindingDepartment, FindingsState, StoredFinding
from registry.changes import flush
from registry.locks import serialise
from responsibilities.lookup_index import index_day
from responsibilities.models import Assignment, Duty, Process, Raci
from responsibilities.parties import party_key
from responsibilities.touched import roles_touched, rows_by_model

# The tables whose rows the rules read: a write to any of them may change the findings.
TRACKED = (Department, Role, Membership, Person, Process, Duty, Assignment)
# The rules about the organisation as a whole rather than one duty.
ORGANISATION_RULES = (Rule.OVERLOADED, Rule.IDLE_DEPARTMENT)
BATCH = 2_000
# A write whose slice holds more duties than this (a big import, a department with letters on
# most duties made inactive) recomputes the whole organisation: as fast by then, and a slice
# that size would not fit one query's parameters on SQLite.
SLICE_AT_MOST = 5_000


# Sent with `delta` (a FindingsDelta) inside the transaction of the write or refresh that
# opened or resolved findings: what the apps above hear of them through.
findings_written = Signal()


@dataclass(frozen=True)
class FindingsDelta:
    """The findings a write (or a refresh) opened and resolved."""

    opened: list = field(default_factory=list)
    resolved: list = field(default_factory=list)


# The details that are part of a finding's identity: two people holding the same roles on a
# control are two findings (segregation-of-duties), as is one person on two pairs of duties.
IDENTITY_DETAILS = ("person", "other")


def finding_key(finding):
    """The identity of a finding: the same rule on the same duty, process, parties and
    departments (and person and paired duty) is the same finding, whatever its other details
    (a count) say."""
    parts = [finding.rule, finding.duty or "", finding.process or "",
             " ".join(finding.parties), " ".join(finding.departments)]
    details = dict(finding.details)
    parts += [f"{name}={details[name]}" for name in IDENTITY_DETAILS if name in details]
    text = "\x1f".join(parts)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def stored_as_finding(row):
    """The engine's `Finding` of a stored row (a dict of its values)."""
    return Finding(
        rule=row["rule"], kind=row["kind"], severity=row["severity"], duty=row["duty"],
        process=row["process"], parties=tuple(row["parties"].split()),
        departments=tuple(row["departments"].split()),
        details=tuple(sorted(row["details"].items())),
    )


FINDING_FIELDS = ("id", "key", "rule", "kind", "severity", "duty", "process", "parties",
                  "departments", "details")


def _sync(fresh, stored, *, now):
    """Make the stored open findings `stored` (a queryset) equal to `fresh` ({key: (finding,
    duty id)}); returns a FindingsDelta."""
    rows = {row["key"]: row for row in stored.values(*FINDING_FIELDS, "rank")}
    gone = [row for key, row in rows.items() if key not in fresh]
    for start in range(0, len(gone), BATCH):
        StoredFinding.objects.filter(pk__in=[row["id"] for row in gone[start:start + BATCH]]) \
            .update(resolved_at=now)
    new = [(key, finding, duty_id) for key, (finding, duty_id) in fresh.items() if key not in rows]
    created = StoredFinding.objects.bulk_create([
        StoredFinding(
            key=key, rule=finding.rule, kind=finding.kind, severity=finding.severity,
            rank=finding_rank(finding), duty_id=duty_id, duty=finding.duty,
            process=finding.process, parties=" ".join(finding.parties),
            departments=" ".join(finding.departments), details=dict(finding.details),
            opened_at=now,
        )
        for key, finding, duty_id in new
    ], batch_size=BATCH)
    FindingDepartment.objects.bulk_create([
        FindingDepartment(finding=row, department=department)
        for row in created for department in set(row.departments.split())
    ], batch_size=BATCH)
    changed = []
    for key, row in rows.items():
        if key not in fresh:
            continue
        # The rank moves when the rule catalogue grows: a refresh brings every row to it.
        details, rank = dict(fresh[key][0].details), finding_rank(fresh[key][0])
        if details != row["details"] or rank != row["rank"]:
            changed.append(StoredFinding(pk=row["id"], details=details, rank=rank))
    StoredFinding.objects.bulk_update(changed, ["details", "rank"], batch_size=BATCH)
    return FindingsDelta(opened=[finding for _key, finding, _id in new],
                         resolved=[stored_as_finding(row) for row in gone])


def _keyed(findings, duty_ids):
    return {finding_key(finding): (finding, duty_ids.get(finding.duty)) for finding in findings}


def _thresholds():
    return {"max_accountable": settings.RACI_MAX_ACCOUNTABLE,
            "max_consulted": settings.RACI_MAX_CONSULTED,
            "confirm_every_days": settings.RACI_CONFIRM_EVERY_DAYS}


def _sync_all(today, thresholds):
    """Recompute every finding and make the stored open findings equal to them."""
    loaded = findings_load()
    fresh = _keyed(analyse(loaded.data, today=today, sod_pairs=settings.RACI_SOD_PAIRS,
                           **thresholds), loaded.duty_ids)
    return _sync(fresh, StoredFinding.objects.filter(resolved_at=None), now=timezone.now())


def _settings_used():
    """The settings the stored findings were computed with, as FindingsState holds them."""
    pairs = ",".join(sorted(":".join(pair) for pair in settings.RACI_SOD_PAIRS))
    return {**_thresholds(), "sod_pairs": pairs}


def _stored_for(today):
    """Whether the stored findings hold for `today` and the settings now (thresholds, pairs of
    duties kept apart): one query."""
    return FindingsState.objects.filter(pk=1, as_of=today, **_settings_used()).exists()


def findings_refresh(today=None, *, unless_current=False):
    """Recompute every finding for `today` (default: today) and the settings now, and
    store them; returns a FindingsDelta. Idempotent: a second run opens and resolves nothing.
    With `unless_current`, nothing is done when, once the lock is held, the stored findings
    turn out to hold already (another process refreshed them meanwhile)."""
    today = today or timezone.localdate()
    thresholds = _thresholds()
    with transaction.atomic():
        serialise("findings")
        if unless_current and _stored_for(today):
            return FindingsDelta()
        delta = _sync_all(today, thresholds)
        previous = FindingsState.objects.filter(pk=1).values_list("as_of", flat=True).first()
        # The first refresh finds what was always there: nothing changed for anyone to hear of.
        if previous is not None and (delta.opened or delta.resolved):
            findings_written.send(sender=None, delta=delta)
        FindingsState.objects.update_or_create(
            pk=1, defaults={"as_of": today, "refreshed_at": timezone.now(), **_settings_used()})
        # The search index names the people holding each post today: follow the new day too.
        index_day(previous, today)
    return delta


def findings_current(today=None):
    """Make sure the stored findings hold for `today` (default: today) and the settings now,
    refreshing them all when not (a new day, the first read, a threshold or a pair of duties
    kept apart changed): one query when they do.
    Writes not yet handed on (outside the write services) are applied first."""
    flush()
    today = today or timezone.localdate()
    if not _stored_for(today):
        findings_refresh(today, unless_current=True)


@dataclass
class _Touched:
    """What a write touched, by id: the duties to recompute (with the steps of their processes),
    the processes, the parties whose duties to recompute (their staffing or activity changed),
    and the parties whose Accountable count may have changed (None: all of them)."""

    duties: set = field(default_factory=set)
    processes: set = field(default_factory=set)
    holder_roles: set = field(default_factory=set)
    holder_departments: set = field(default_factory=set)
    counted: set | None = field(default_factory=set)  # {(kind, id)}
    all_processes: bool = False  # a process changed: `unowned-process` for every process
    duty_written: bool = False  # a duty itself changed: its code may have left a pair


    def count_all(self):
        self.counted = None


def _touched(rows):
    """A `_Touched` for the history rows of one write; a few queries for what the rows do not
    say themselves (a duty's earlier processes, a person's roles)."""
    touched = _Touched()
    by_model = rows_by_model(rows)
    for row in by_model.get(Assignment, ()):
        touched.duties.add(row.duty_id)
        # Only an A or R counts for `overloaded` and `idle-department`.
        if touched.counted is not None and row.raci in (Raci.ACCOUNTABLE, Raci.RESPONSIBLE):
            touched.counted.add(("role", row.role_id) if row.role_id
                                else ("department", row.department_id))
    for row in by_model.get(Duty, ()):
        touched.duties.add(row.id)
        touched.processes.add(row.process_id)
        touched.duty_written = True
    if changed := {row.id for row in by_model.get(Duty, ()) if row.history_type != "+"}:
        # A duty that moved leaves a gap in the steps of the process it was in before; one made
        # inactive changes its parties' counts.
        touched.processes |= set(Duty.history.filter(id__in=changed).order_by()
                                 .values_list("process_id", flat=True).distinct())
        touched.count_all()
    if processes := {row.id for row in by_model.get(Process, ())}:
        touched.processes |= processes
        touched.all_processes = True
        touched.count_all()
    roles = roles_touched(by_model)
    if departments := {row.id for row in by_model.get(Department, ())}:
        roles |= set(Role.objects.filter(department_id__in=departments)
                     .values_list("id", flat=True))
        touched.holder_departments |= departments
        touched.count_all()
    if roles:
        # A role's staffing or activity decides whether its department is held too; a role that
        # moved changes the department it was in before as well.
        touched.holder_roles |= roles
        touched.holder_departments |= set(Role.history.filter(id__in=roles).order_by()
                                          .values_list("department_id", flat=True).distinct())
    if by_model.get(Role):
        touched.count_all()
    return touched


def _slice(touched):
    """(duty ids, process ids) to recompute: the duties touched and those the touched parties
    hold a letter on, with every step of their processes (a step's `silent-handoff` reads the
    step before it), and every duty of RACI_SOD_PAIRS when one of them is in (a pair's finding
    reads both duties). Three queries on indexes at most, three more with pairs."""
    duties = set(touched.duties)
    if touched.holder_roles or touched.holder_departments:
        duties |= set(Assignment.objects.order_by().filter(
            Q(role_id__in=touched.holder_roles) | Q(department_id__in=touched.holder_departments)
        ).values_list("duty_id", flat=True).distinct())
    duties, processes = _with_steps(duties, touched.processes)
    if settings.RACI_SOD_PAIRS:
        codes = {code for pair in settings.RACI_SOD_PAIRS for code in pair}
        paired = set(Duty.objects.order_by().filter(code__in=codes).values_list("pk", flat=True))
        if (duties & paired or touched.duty_written) and not paired <= duties:
            duties, processes = _with_steps(duties | paired, processes)
    return duties, processes


def _with_steps(duties, processes):
    """`duties` with every step of their processes and of `processes`, and those processes."""
    processes = set(processes) | set(Duty.objects.order_by().filter(pk__in=duties)
                                     .exclude(process=None)
                                     .values_list("process_id", flat=True).distinct())
    processes.discard(None)
    duties = duties | set(Duty.objects.order_by().filter(process_id__in=processes)
                          .values_list("pk", flat=True))
    return duties, processes


def _counts(loaded, counted):
    """(Accountable count by party key, busy department codes) over the analysed duties, for
    the parties `counted` ({(kind, id)}) and their departments, or all (None): two queries,
    none for no party."""
    if counted is not None and not counted:
        return Counter(), set()
    analysed = (Assignment.objects.order_by().filter(duty__is_active=True)
                .exclude(duty__process__is_active=False))
    accountable = analysed.filter(raci=Raci.ACCOUNTABLE)
    owning = analysed.filter(raci__in=[Raci.ACCOUNTABLE, Raci.RESPONSIBLE])
    if counted is not None:
        accountable = accountable.filter(
            Q(role_id__in=_ids(counted, "role")) | Q(department_id__in=_ids(counted, "department")))
    counts = Counter()
    for role_id, department_id, count in (accountable.values_list("role_id", "department_id")
                                          .annotate(count=Count("id"))):
        counts[_party(loaded, "role", role_id) if role_id
               else _party(loaded, "department", department_id)] += count
    departments = Department.objects.order_by()
    if counted is not None:
        departments = departments.filter(pk__in=_departments_of(loaded, counted))
    busy = set(departments.filter(Exists(owning.filter(
        Q(department_id=OuterRef("pk")) | Q(role__department_id=OuterRef("pk")))))
        .values_list("code", flat=True))
    return counts, busy


def _ids(counted, kind):
    return [pk for party_kind, pk in counted if party_kind == kind]


def _party(loaded, kind, pk):
    """The party key of a role or department id, or None when it is gone."""
    if kind == "role":
        return party_key(role_code=loaded.roles[pk]) if pk in loaded.roles else None
    return party_key(department_code=loaded.departments[pk]) if pk in loaded.departments else None


def _departments_of(loaded, counted):
    """The ids of the departments the parties `counted` count for."""
    return {*_ids(counted, "department"),
            *(loaded.role_departments[pk] for pk in _ids(counted, "role")
              if pk in loaded.role_departments)}


def findings_update(rows):
    """Bring the stored findings up to date with a write whose history rows are `rows`,
    recomputing only the slice it touched; returns a FindingsDelta, also sent as
    `findings_written`. Nothing is stored before the first refresh, which a first read makes."""
    delta = _update(rows)
    if delta.opened or delta.resolved:
        findings_written.send(sender=None, delta=delta)
    return delta


def _update(rows):
    rows = [row for row in rows if getattr(row, "instance_type", None) in TRACKED]
    if not rows:
        return FindingsDelta()
    serialise("findings")
    state = FindingsState.objects.filter(pk=1).first()
    if state is None:
        return FindingsDelta()
    thresholds = {"max_accountable": state.max_accountable, "max_consulted": state.max_consulted,
                  "confirm_every_days": state.confirm_every_days}
    touched = _touched(rows)
    duties, processes = _slice(touched) if len(touched.duties) <= SLICE_AT_MOST else (None, None)
    if duties is None or len(duties) > SLICE_AT_MOST:
        return _sync_all(state.as_of, thresholds)
    loaded = findings_load(duties, None if touched.all_processes else processes)
    view = org_view(loaded.data, today=state.as_of)
    fresh = [*duty_findings(view, today=state.as_of, max_consulted=state.max_consulted,
                            sod_pairs=settings.RACI_SOD_PAIRS,
                            confirm_every_days=state.confirm_every_days),
             *unowned_processes(view)]
    stored = Q(duty_id__in=duties)  # the slice holds the touched duties, deleted ones too
    if touched.all_processes:
        stored |= Q(rule=Rule.UNOWNED_PROCESS)
    else:
        stored |= Q(rule=Rule.UNOWNED_PROCESS, process__in=[row.code for row in
                                                            loaded.data.processes])
    counts, busy = _counts(loaded, touched.counted)
    if touched.counted is None:
        departments = set(view.departments)
        stored |= Q(rule__in=ORGANISATION_RULES)
    else:
        departments = ({loaded.departments[pk] for pk in _departments_of(loaded, touched.counted)}
                       & set(view.departments))
        parties = {_party(loaded, kind, pk) for kind, pk in touched.counted} - {None}
        stored |= Q(rule=Rule.OVERLOADED, parties__in=parties)
        stored |= Q(rule=Rule.IDLE_DEPARTMENT, departments__in=departments)
    fresh += overloaded(view, counts, state.max_accountable)
    fresh += idle_departments(view, busy, departments)
    return _sync(_keyed(fresh, loaded.duty_ids),
                 StoredFinding.objects.filter(stored, resolved_at=None), now=timezone.now())


def on_written(sender, rows, **kwargs):
    """registry.changes' `written` receiver; returns the FindingsDelta."""
    return findings_update(rows)
