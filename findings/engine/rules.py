"""The rules: pure functions from an `OrgView` to `Finding`s, and `analyse` running them all."""

from collections import Counter, defaultdict
from itertools import pairwise

from findings.engine.catalogue import RULES, Finding, Rule, Severity
from findings.engine.data import A, C, R, org_view
from responsibilities.models import RACI_ORDER

# Plain strings for each rule's name, kind and severity: the enum lookups cost per finding.
_PLAIN = {rule: (rule.value, spec.kind.value, spec.severity.value) for rule, spec in RULES.items()}


def _finding(view, rule, *, duty=None, process=None, parties=(), departments=(), **details):
    name, kind, severity = _PLAIN[rule]
    code = duty.row.code if duty is not None else None
    process = duty.row.process if duty is not None else process
    details = tuple(sorted(details.items()))
    return Finding(
        rule=name,
        kind=kind,
        severity=severity,
        duty=code,
        process=process,
        parties=tuple(parties),
        departments=tuple(departments),
        details=details,
    )


def _duty_finding(view, rule, duty, parties, **values):
    parties = sorted(parties)
    departments = view.departments_of(parties)
    return _finding(view, rule, duty=duty, parties=parties, departments=departments, **values)


def _focus(parties):
    """The `focus` detail naming the cell a fix starts from: the first of `parties`, if any.
    (The letters are not stored with a finding, so the rule picks the cell.)"""
    return {"focus": min(parties)} if parties else {}


def _missing_letters(view):
    for duty in view.duties:
        # The missing A likely belongs with an R party, the missing R with the A party.
        if not duty.holders[A]:
            yield _duty_finding(view, Rule.NO_ACCOUNTABLE, duty, duty.parties,
                                **_focus(duty.holders[R]))
        if not duty.holders[R]:
            yield _duty_finding(view, Rule.NO_RESPONSIBLE, duty, duty.parties,
                                **_focus(duty.holders[A]))


def _unfit_owners(view):
    for duty in view.duties:
        for party in dict.fromkeys(duty.holders[A] + duty.holders[R]):
            if party in view.inactive:
                yield _duty_finding(view, Rule.INACTIVE_OWNER, duty, [party])
            elif party not in view.held:
                yield _duty_finding(view, Rule.VACANT_OWNER, duty, [party])


def unowned_processes(view):
    """`unowned-process` for each active process without an owner department."""
    for process in sorted(view.processes, key=lambda row: row.code):
        if process.owner is None:
            yield _finding(view, Rule.UNOWNED_PROCESS, process=process.code)


def _silent_handoffs(view):
    department_of = view.department_of
    for steps in view.steps.values():
        for previous, duty in pairwise(steps):
            heard = {department_of[party] for party, _letter in previous.row.letters}
            silent = defaultdict(list)
            for party in duty.holders[R]:
                if department_of[party] not in heard:
                    silent[department_of[party]].append(party)
            if not silent:
                continue
            sources = view.departments_of(previous.holders[R])
            for receiver, parties in sorted(silent.items()):
                yield _finding(
                    view,
                    Rule.SILENT_HANDOFF,
                    duty=duty,
                    parties=sorted(parties),
                    departments=(*sources, receiver),
                    receiver=receiver,
                    previous=previous.row.code,
                )


def find_gaps(view):
    """Gaps: missing A or R, owners inactive or vacant, unowned processes, silent handoffs,
    duties their owners did not confirm."""
    yield from _missing_letters(view)
    yield from _unfit_owners(view)
    yield from unowned_processes(view)
    yield from _silent_handoffs(view)
    yield from find_unconfirmed(view)


def _multiple_accountable(view):
    for duty in view.duties:
        if len(duty.holders[A]) > 1:
            yield _duty_finding(view, Rule.MULTIPLE_ACCOUNTABLE, duty, duty.holders[A])


def _shared_responsible(view):
    for duty in view.duties:
        if len(view.departments_of(duty.holders[R])) > 1:
            yield _duty_finding(view, Rule.SHARED_RESPONSIBLE, duty, duty.holders[R])


def _cells(duty):
    cells = defaultdict(str)
    for party, letter in duty.row.letters:
        cells[party] += letter
    return cells


def _redundant_letters(view):
    for duty in view.duties:
        if len(duty.parties) == len(duty.row.letters):
            continue  # one letter per party, the usual case: no need to group them
        for party, letters in _cells(duty).items():
            if len(letters) > 1 and sorted(letters) != sorted(A + R) and party not in view.inactive:
                letters = "".join(sorted(letters, key=RACI_ORDER.index))
                yield _duty_finding(view, Rule.REDUNDANT_LETTERS, duty, [party], letters=letters)


def _people_of(view, roles):
    """Person id → the parties among `roles` (party keys) they hold today; a department party
    has no people of its own."""
    people = defaultdict(set)
    for party in roles:
        for person in view.people.get(party, ()):
            people[person].add(party)
    return people


def _control_breaches(view):
    """On a control, a party holding both A and R, and a person holding today an A role and
    another, R role (one finding per person, naming their roles)."""
    for duty in view.duties:
        if not duty.row.is_control:
            continue
        accountable, responsible = duty.holders[A], duty.holders[R]
        for party in sorted(set(accountable) & set(responsible)):
            yield _duty_finding(view, Rule.SEGREGATION_OF_DUTIES, duty, [party], focus=party)
        as_accountable = _people_of(view, accountable)
        as_responsible = _people_of(view, responsible)
        for person in sorted(as_accountable.keys() & as_responsible.keys()):
            roles = as_accountable[person] | as_responsible[person]
            if len(roles) > 1:  # one role holding both is the party finding above
                only_responsible = as_responsible[person] - as_accountable[person]
                yield _duty_finding(view, Rule.SEGREGATION_OF_DUTIES, duty, roles, person=person,
                                    **_focus(only_responsible or as_responsible[person]))


def _pair_breaches(view, pairs):
    """For each pair of duty codes in `pairs`, a person Responsible today (through roles) for
    both: one finding per person, on the first duty, the second in its `other` detail."""
    duties = {duty.row.code: duty for duty in view.duties}
    for first, second in pairs:
        if first not in duties or second not in duties:
            continue
        on_first = _people_of(view, duties[first].holders[R])
        on_second = _people_of(view, duties[second].holders[R])
        for person in sorted(on_first.keys() & on_second.keys()):
            yield _duty_finding(view, Rule.SEGREGATION_OF_DUTIES, duties[first],
                                on_first[person] | on_second[person], person=person,
                                other=second, **_focus(on_first[person]))


def find_overlaps(view, *, sod_pairs=()):
    """Overlaps: several A, R across departments, a party holding redundant letters, one
    party or person holding what a control or a pair of duties (`sod_pairs`) keeps apart."""
    yield from _multiple_accountable(view)
    yield from _shared_responsible(view)
    yield from _redundant_letters(view)
    yield from _control_breaches(view)
    yield from _pair_breaches(view, sod_pairs)


def accountable_counts(view):
    """Party key → the number of analysed duties it is Accountable for."""
    return Counter(party for duty in view.duties for party in duty.holders[A])


def overloaded(view, counts, limit):
    """`overloaded` for each party of `counts` (party key → duties it is Accountable for)."""
    for party, count in sorted(counts.items()):
        if count > limit and party not in view.inactive:
            departments = [view.department_of[party]]
            yield _finding(
                view,
                Rule.OVERLOADED,
                parties=[party],
                departments=departments,
                count=count,
                limit=limit,
            )


def _too_many_consulted(view, limit):
    for duty in view.duties:
        if len(duty.holders[C]) > limit:
            consulted = duty.holders[C]
            yield _duty_finding(
                view, Rule.TOO_MANY_CONSULTED, duty, consulted, count=len(consulted), limit=limit
            )


def busy_departments(view):
    """The departments holding an A or R on an analysed duty (through any of their parties)."""
    return {
        view.department_of[party]
        for duty in view.duties
        for party in duty.holders[A] + duty.holders[R]
    }


def idle_departments(view, busy, departments):
    """`idle-department` for each of the active `departments` not in `busy`."""
    for department in sorted(departments):
        if department not in busy:
            yield _finding(view, Rule.IDLE_DEPARTMENT, departments=[department])


def find_load(view, *, max_accountable, max_consulted):
    """Load: overloaded parties, crowded C columns, departments with no A or R at all."""
    yield from overloaded(view, accountable_counts(view), max_accountable)
    yield from _too_many_consulted(view, max_consulted)
    yield from idle_departments(view, busy_departments(view), view.departments)


def find_hygiene(view, *, today, confirm_every_days=None):
    """Hygiene: duties whose review date has passed, and (`confirm_every_days`) duties whose
    letters nobody confirmed for longer."""
    for duty in view.duties:
        owners = set(duty.holders[A] + duty.holders[R])
        if duty.row.review_by is not None and duty.row.review_by < today:
            date_text = duty.row.review_by.isoformat()
            yield _duty_finding(view, Rule.REVIEW_OVERDUE, duty, owners, date=date_text)
        checked = duty.row.checked_on
        if confirm_every_days and checked and (today - checked).days > confirm_every_days:
            never = {} if duty.row.confirmed else {"never": True}
            yield _duty_finding(view, Rule.STALE_CONFIRMATION, duty, owners,
                                date=checked.isoformat(), **never)


def find_unconfirmed(view):
    """`unconfirmed`: a duty whose owners said it is not theirs, or let a confirmation
    campaign's deadline pass without an answer; it names those who did (who said so first,
    with their reason) until its letters are confirmed."""
    for duty in view.duties:
        if not duty.row.unconfirmed:
            continue
        disowned = [(person, reason) for person, reason in duty.row.unconfirmed if reason]
        named = disowned or duty.row.unconfirmed
        details = {"people": " ".join(str(person) for person in sorted({p for p, _r in named}))}
        if disowned:
            details["reason"] = disowned[0][1]
        owners = set(duty.holders[A] + duty.holders[R])
        yield _duty_finding(view, Rule.UNCONFIRMED, duty, owners, **details)


def duty_findings(view, *, today, max_consulted, sod_pairs=(), confirm_every_days=None):
    """Every finding about one duty: what a write recomputes for the duties it touched."""
    yield from _missing_letters(view)
    yield from _unfit_owners(view)
    yield from _silent_handoffs(view)
    yield from find_unconfirmed(view)
    yield from find_overlaps(view, sod_pairs=sod_pairs)
    yield from _too_many_consulted(view, max_consulted)
    yield from find_hygiene(view, today=today, confirm_every_days=confirm_every_days)


_SEVERITY_ORDER = {severity.value: index for index, severity in enumerate(Severity)}
_RULE_ORDER = {rule.value: index for index, rule in enumerate(Rule)}


def finding_rank(finding):
    """Where a finding's severity and rule put it: most severe first, then the rule catalogue."""
    return _SEVERITY_ORDER[finding.severity] * len(_RULE_ORDER) + _RULE_ORDER[finding.rule]


def _order(finding):
    return (
        _SEVERITY_ORDER[finding.severity],
        _RULE_ORDER[finding.rule],
        finding.duty or "",
        finding.parties,
        finding.process or "",
        finding.departments,
    )


def analyse(data, *, today, max_accountable, max_consulted, sod_pairs=(),
            confirm_every_days=None):
    """Every finding in `data`, most severe first, then by rule, duty and party; `sod_pairs`
    are the (duty code, duty code) pairs no one person may be Responsible for together;
    `confirm_every_days` how long a duty's letters stay confirmed (None: no such rule).

    The rules may yield in any order; this final sort is what makes the output deterministic.
    """
    view = org_view(data, today=today)
    findings = [
        *find_gaps(view),
        *find_overlaps(view, sod_pairs=sod_pairs),
        *find_load(view, max_accountable=max_accountable, max_consulted=max_consulted),
        *find_hygiene(view, today=today, confirm_every_days=confirm_every_days),
    ]
    return sorted(findings, key=_order)
