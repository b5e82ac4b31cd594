"""Reading the stored findings (findings.store keeps them current): indexed queries,
filtered and paginated in the database."""

from collections import Counter
from datetime import timedelta
from itertools import islice

from django.db import connection
from django.db.models import Avg, Case, CharField, Count, F, Max, Q, Subquery, Value, When
from django.db.models.functions import Collate
from django.utils import timezone
from django.utils.translation import gettext as _

from departments.models import Department
from findings.engine import FindingKind, Rule, Severity, overlapping_pairs
from findings.models import FindingDepartment, StoredFinding
from findings.naming import VACANCY_RULES, findings_shown
from findings.store import FINDING_FIELDS, finding_key, findings_current, stored_as_finding
from findings.waivers import waived, waivers_active, waivers_by_key
from registry.caching import cached_while
from responsibilities.models import Duty, Process

# How many findings a listing converts at a time when it is read whole.
CHUNK = 2_000


def _bytewise(name):
    """Field `name` compared byte by byte, as Python compares text (PostgreSQL's collation
    would skip the hyphens of codes)."""
    return Collate(F(name), "C") if connection.vendor == "postgresql" else F(name)


class FindingsQuery:
    """The findings matching some filters, most severe first, then by rule, duty and parties:
    a sequence the paginators slice in the database (`count()`, slices, iteration), of
    `ShownFinding`s (their names read in one more query per slice or chunk).

    With `vacancies_together`, a vacancy's findings come one after the other (by party, then
    duty), so that a page can show them as one."""

    def __init__(self, queryset, *, vacancies_together=False):
        order = ["rank"]
        if vacancies_together:
            order.append(Case(When(rule__in=VACANCY_RULES, then=_bytewise("parties")),
                              default=Value(""), output_field=CharField()))
        self.queryset = queryset.order_by(
            *order, *(_bytewise(name) for name in ("duty", "parties", "process", "departments")))

    def count(self):
        return self.queryset.count()

    def __bool__(self):
        return self.queryset.exists()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return findings_shown(
                stored_as_finding(row) for row in self.queryset.values(*FINDING_FIELDS)[index])
        return findings_shown([stored_as_finding(self.queryset.values(*FINDING_FIELDS)[index])])[0]

    def __iter__(self):
        rows = self.queryset.values(*FINDING_FIELDS).iterator(chunk_size=CHUNK)
        while chunk := list(islice(rows, CHUNK)):
            yield from findings_shown(stored_as_finding(row) for row in chunk)


def _party_holds(key):
    """Stored findings naming party `key` (their parties are separated by spaces)."""
    return (Q(parties=key) | Q(parties__startswith=f"{key} ") | Q(parties__endswith=f" {key}")
            | Q(parties__contains=f" {key} "))


def findings_open(*, today=None, duties=None, party=None, department=None, waived_only=False,
                  with_waived=False, current=False, **filters):
    """The open findings matching every filter given, as a queryset of StoredFinding: those
    not waived on `today` (findings.waivers), or only the waived ones (`waived_only`), or both
    (`with_waived`).

    `filters`: rule, kind, severity, process, duty (exact values); `department` and `party`
    keep the findings naming them; `duties` keeps those on any of the duty codes given.
    `current`: the caller made the stored findings current already in this request.
    """
    if not current:
        findings_current(today)
    rows = StoredFinding.objects.filter(
        resolved_at=None, **{name: value for name, value in filters.items() if value is not None})
    if waived_only:
        rows = rows.filter(waived(today))
    elif not with_waived:
        rows = rows.exclude(waived(today))
    if duties is not None:
        rows = rows.filter(duty__in=list(duties))
    if department is not None:
        rows = rows.filter(department_links__department=department)
    if party is not None:
        rows = rows.filter(_party_holds(party))
    return rows


def findings_list(*, vacancies_together=False, **filters):
    """The open findings matching the filters (those of `findings_open`), most severe first:
    a FindingsQuery, read a page at a time (see there for `vacancies_together`)."""
    return FindingsQuery(findings_open(**filters), vacancies_together=vacancies_together)


def findings_summary_load(*, today=None, **filters):
    """Counts of the open findings matching the filters by rule, severity, kind and department,
    and the department pairs sharing most duties as Responsible, waived findings left out and
    counted apart (`waived`); three queries. The summary of all of them (home, the findings
    page) is kept in the cache until a finding opens or resolves, or a waiver comes or goes."""
    if any(value is not None for value in filters.values()):
        return _summary(findings_open(today=today, with_waived=True, **filters), today)
    findings_current(today)
    today = today or timezone.localdate()
    active = waivers_active(today).order_by().annotate(every=Value(1)).values("every")
    # The waivers in force, in the same query: their number and the newest (a scalar subquery
    # inside an aggregate, which both databases take).
    newest = StoredFinding.objects.aggregate(
        opened=Max("id"), resolved=Max("resolved_at"),
        waivers=Max(Subquery(active.annotate(n=Count("id")).values("n"))),
        waiver=Max(Subquery(active.annotate(last=Max("id")).values("last"))))
    version = f"{newest['opened']}/{newest['resolved']}/{today}/{newest['waivers']}/" \
              f"{newest['waiver']}"
    return cached_while("findings-summary", version,
                        lambda: _summary(StoredFinding.objects.filter(resolved_at=None), today))


def _summary(rows, today):
    """The summary of `rows` (waived ones included: they are counted apart)."""
    counted = Counter()
    waived_count = 0
    for rule, severity, kind, is_waived, count in (
            rows.order_by().annotate(is_waived=waived(today))
            .values_list("rule", "severity", "kind", "is_waived").annotate(count=Count("id"))):
        if is_waived:
            waived_count += count
            continue
        counted[("rule", rule)] += count
        counted[("severity", severity)] += count
        counted[("kind", kind)] += count
    rows = rows.exclude(waived(today))
    by_department = dict(
        FindingDepartment.objects.filter(finding__in=rows).order_by("department")
        .values_list("department").annotate(count=Count("id")))
    shared = rows.filter(rule=Rule.SHARED_RESPONSIBLE).order_by().values_list("departments",
                                                                              flat=True)
    return {
        "total": sum(counted[("severity", severity)] for severity in Severity.values),
        "by_rule": {rule: counted[("rule", rule)] for rule in Rule.values},
        "by_severity": {severity: counted[("severity", severity)] for severity in Severity.values},
        "by_kind": {kind: counted[("kind", kind)] for kind in FindingKind.values},
        "by_department": by_department,
        "overlapping_pairs": overlapping_pairs(
            departments.split() for departments in shared.iterator(chunk_size=CHUNK)),
        "waived": waived_count,
    }


class WaivedFinding:
    """A waived finding as shown (`shown`, a ShownFinding) with its waiver in force."""

    __slots__ = ("shown", "waiver")

    def __init__(self, shown, waiver):
        self.shown, self.waiver = shown, waiver

    def as_dict(self):
        """The API's finding with its key and its waiver."""
        return {**findings_keyed(self.shown), "waiver": waiver_dict(self.waiver)}


def findings_keyed(shown):
    """The API's dict of a ShownFinding, with its key (what a waiver names)."""
    return {**shown.as_dict(), "key": finding_key(shown.finding)}


def waiver_dict(waiver):
    """The API's waiver."""
    return {
        "id": waiver.pk, "key": waiver.key, "rule": waiver.rule, "duty": waiver.duty,
        "parties": waiver.parties.split(), "reason": waiver.reason,
        "author": waiver.author.get_username() if waiver.author else None,
        "created": waiver.created, "expires": waiver.expires,
    }


def findings_waived_with(shown, *, today=None):
    """[WaivedFinding] of `shown` (ShownFindings of waived findings): one query."""
    by_key = waivers_by_key((finding_key(item.finding) for item in shown), today=today)
    return [WaivedFinding(item, by_key[key]) for item in shown
            if (key := finding_key(item.finding)) in by_key]


def findings_waived(*, limit, today=None, current=False, **filters):
    """(the first `limit` waived open findings matching the filters as WaivedFindings, how many
    there are): one query when there are none, four otherwise (and the stored findings' date
    unless `current`, see findings_open)."""
    rows = FindingsQuery(findings_open(today=today, waived_only=True, current=current,
                                       **filters))
    shown = rows[:limit]
    if not shown:
        return [], 0
    return findings_waived_with(shown, today=today), rows.count()


def findings_over_time(*, days, today=None):
    """[(date, open findings at the end of that day)] for the last `days` days: one query."""
    findings_current(today)
    today = today or timezone.localdate()
    ends = [(today - timedelta(days=back), _day_end(today - timedelta(days=back)))
            for back in range(days - 1, -1, -1)]
    counts = StoredFinding.objects.aggregate(**{
        f"day{index}": Count("id", filter=Q(opened_at__lt=end)
                             & (Q(resolved_at=None) | Q(resolved_at__gte=end)))
        for index, (_day, end) in enumerate(ends)
    })
    return [(day, counts[f"day{index}"]) for index, (day, _end) in enumerate(ends)]


def _day_end(day):
    return timezone.make_aware(timezone.datetime.combine(day + timedelta(days=1),
                                                         timezone.datetime.min.time()))


def findings_time_to_resolve(*, days, today=None):
    """{department code: (findings naming it resolved in the last `days` days, their mean time
    open)}: one query."""
    today = today or timezone.localdate()
    since = _day_end(today - timedelta(days=days))
    rows = (FindingDepartment.objects
            .filter(finding__resolved_at__gte=since)
            .order_by("department").values_list("department")
            .annotate(count=Count("id"), mean=Avg(F("finding__resolved_at")
                                                   - F("finding__opened_at"))))
    return {department: (count, mean) for department, count, mean in rows}


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
