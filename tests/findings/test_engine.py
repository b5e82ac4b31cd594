"""The findings rules over plain rows: no database, one behaviour per test."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from findings.engine import (
    DepartmentRow,
    DutyRow,
    Finding,
    MembershipRow,
    OrgData,
    ProcessRow,
    RoleRow,
    Rule,
    Severity,
    analyse,
    finding_message,
    overlapping_pairs,
)

TODAY = date(2026, 6, 1)
YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)
MAX_ACCOUNTABLE, MAX_CONSULTED = 20, 5

DEPARTMENTS = (DepartmentRow("tech"), DepartmentRow("cs"))
ROLES = (RoleRow("dev", "tech"), RoleRow("agent", "cs"))
MEMBERSHIPS = (MembershipRow("dev"), MembershipRow("agent"))
# Keep both departments busy, so a case shows only the finding it is about.
BASE_DUTIES = ("base-tech", "role:dev=AR"), ("base-cs", "role:agent=AR")


def duty(code, letters="", **fields):
    """A duty row from `party=LETTERS` cells, e.g. duty("d", "role:dev=AR department:cs=C")."""
    pairs = []
    for cell in letters.split():
        party, _, cell_letters = cell.partition("=")
        pairs.extend((party, letter) for letter in cell_letters)
    return DutyRow(code, tuple(pairs), **fields)


def org(*duties, departments=(), roles=(), memberships=(), processes=()):
    """The base organisation (two busy, staffed departments) plus what a case adds."""
    return OrgData(
        departments=DEPARTMENTS + tuple(departments),
        roles=ROLES + tuple(roles),
        memberships=MEMBERSHIPS + tuple(memberships),
        processes=tuple(processes),
        duties=tuple(duty(code, letters) for code, letters in BASE_DUTIES) + tuple(duties),
    )


def run(data, *, today=TODAY, max_accountable=MAX_ACCOUNTABLE, max_consulted=MAX_CONSULTED,
        sod_pairs=()):
    return analyse(data, today=today, max_accountable=max_accountable, max_consulted=max_consulted,
                   sod_pairs=sod_pairs)


def only(findings, rule):
    return [finding for finding in findings if finding.rule == rule]


def named(kind, code):
    """A stand-in for the names the database gives: "Duty d", "Party role:dev"…"""
    return f"{kind.capitalize()} {code}"


def message(finding):
    return finding_message(finding, named)


GONE = DepartmentRow("gone", is_active=False)
TECH_PROCESS = ProcessRow("p", owner="tech")


def steps(process, *cells, inactive=None):
    """Duties s1, s2, ... of `process` in step order; step number `inactive` switched off."""
    return [
        duty(f"s{n}", letters, process=process, step=n, is_active=n != inactive)
        for n, letters in enumerate(cells, start=1)
    ]


def staffed(role, department="tech", **membership):
    """A role row and one membership of it (open-ended unless dates are given)."""
    return {
        "roles": [RoleRow(role, department)],
        "memberships": [MembershipRow(role, **membership)],
    }


ENDED = staffed("temp", end=YESTERDAY)
# A second post in tech, `lead`, and who holds `dev` and `lead` (people 1 and 2).
LEAD = RoleRow("lead", "tech")


def held_by(*holdings):
    """The rows of `lead` and of memberships given as (role, person, **membership) tuples."""
    return {"roles": [LEAD], "memberships": [
        MembershipRow(role, person=person, **(extra[0] if extra else {}))
        for role, person, *extra in holdings]}


ONE_PERSON_BOTH = held_by(("dev", 1), ("lead", 1))
CONTROL_A_R = "role:dev=A role:lead=R"
TWO_STEPS = ("role:dev=AR", "role:agent=AR")
FIRES = {
    "only-an-R": (Rule.NO_ACCOUNTABLE, org(duty("d", "role:dev=R"))),
    "only-an-A": (Rule.NO_RESPONSIBLE, org(duty("d", "role:dev=A"))),
    "two-A": (Rule.MULTIPLE_ACCOUNTABLE, org(duty("d", "role:dev=AR department:tech=A"))),
    "R-in-two-depts": (Rule.SHARED_RESPONSIBLE, org(duty("d", "role:dev=AR role:agent=R"))),
    "C-and-I": (Rule.REDUNDANT_LETTERS, org(duty("d", "role:dev=AR role:agent=CI"))),
    "A-R-and-C": (Rule.REDUNDANT_LETTERS, org(duty("d", "role:dev=ARC"))),
    "inactive-role": (
        Rule.INACTIVE_OWNER,
        org(duty("d", "role:dev=A role:old=R"), roles=[RoleRow("old", "tech", False)]),
    ),
    "role-of-inactive-department": (
        Rule.INACTIVE_OWNER,
        org(duty("d", "role:x=A role:dev=R"), departments=[GONE], roles=[RoleRow("x", "gone")]),
    ),
    "inactive-department": (
        Rule.INACTIVE_OWNER,
        org(duty("d", "department:gone=A role:dev=R"), departments=[GONE]),
    ),
    "membership-ended-yesterday": (
        Rule.VACANT_OWNER,
        org(duty("d", "role:dev=A role:temp=R"), **ENDED),
    ),
    "membership-starts-tomorrow": (
        Rule.VACANT_OWNER,
        org(duty("d", "role:dev=A role:temp=R"), **staffed("temp", start=TOMORROW)),
    ),
    "holder-inactive": (
        Rule.VACANT_OWNER,
        org(duty("d", "role:dev=A role:temp=R"), **staffed("temp", person_active=False)),
    ),
    "department-whose-only-held-role-is-inactive": (
        Rule.VACANT_OWNER,
        org(
            duty("d", "role:dev=A department:empty=R"),
            departments=[DepartmentRow("empty")],
            roles=[RoleRow("shut", "empty", is_active=False)],
            memberships=[MembershipRow("shut")],
        ),
    ),
    "process-without-owner": (
        Rule.UNOWNED_PROCESS,
        org(duty("d", "role:dev=AR", process="p", step=1), processes=[ProcessRow("p", None)]),
    ),
    "next-team-not-informed": (
        Rule.SILENT_HANDOFF,
        org(*steps("p", *TWO_STEPS), processes=[TECH_PROCESS]),
    ),
    "no-A-or-R-anywhere": (Rule.IDLE_DEPARTMENT, org(departments=[DepartmentRow("idle")])),
    "only-a-C": (
        Rule.IDLE_DEPARTMENT,
        org(duty("d", "role:dev=AR department:idle=C"), departments=[DepartmentRow("idle")]),
    ),
    "yesterday": (Rule.REVIEW_OVERDUE, org(duty("d", "role:dev=AR", review_by=YESTERDAY))),
    "control-with-one-party-A-and-R": (
        Rule.SEGREGATION_OF_DUTIES, org(duty("d", "role:dev=AR", is_control=True)),
    ),
    "control-with-one-person-in-the-A-and-the-R-post": (
        Rule.SEGREGATION_OF_DUTIES,
        org(duty("d", CONTROL_A_R, is_control=True), **ONE_PERSON_BOTH),
    ),
    "control-whose-A-department-is-also-R": (
        Rule.SEGREGATION_OF_DUTIES,
        org(duty("d", "department:tech=AR", is_control=True)),
    ),
}


@pytest.mark.parametrize("rule, data", FIRES.values(), ids=FIRES.keys())
def test_rule_fires_and_nothing_else(rule, data):
    assert {finding.rule for finding in run(data)} == {rule}


def test_overloaded_when_a_party_is_accountable_for_more_than_the_limit():
    data = org(duty("d1", "role:dev=AR"), duty("d2", "role:dev=AR"))
    assert {finding.rule for finding in run(data, max_accountable=2)} == {Rule.OVERLOADED}


@pytest.mark.parametrize(("checked", "confirmed", "expected"), [
    (TODAY - timedelta(days=366), True, [("2025-05-31", None)]),
    (TODAY - timedelta(days=366), False, [("2025-05-31", True)]),
    (TODAY - timedelta(days=365), True, []),
    (None, False, []),
], ids=["confirmed-too-long-ago", "never-confirmed-since-created-too-long-ago",
        "confirmed-exactly-the-limit-ago", "nothing-known"])
def test_stale_confirmation_after_the_days_a_confirmation_lasts(checked, confirmed, expected):
    data = org(duty("d", "role:dev=AR", checked_on=checked, confirmed=confirmed))
    found = only(analyse(data, today=TODAY, max_accountable=MAX_ACCOUNTABLE,
                         max_consulted=MAX_CONSULTED, confirm_every_days=365),
                 Rule.STALE_CONFIRMATION)
    assert [(dict(f.details)["date"], dict(f.details).get("never")) for f in found] == expected
    assert all(f.parties == ("role:dev",) for f in found)


def test_no_stale_confirmation_without_the_setting():
    data = org(duty("d", "role:dev=AR", checked_on=TODAY - timedelta(days=4000)))
    assert not only(run(data), Rule.STALE_CONFIRMATION)


def test_too_many_consulted_when_c_parties_pass_the_limit():
    data = org(duty("d", "role:dev=AR role:agent=C department:cs=C"))
    assert {f.rule for f in run(data, max_consulted=1)} == {Rule.TOO_MANY_CONSULTED}


NEAR_MISSES = {
    "A-and-R-on-one-party": org(duty("d", "role:dev=AR")),
    "two-R-in-one-department": org(duty("d", "role:dev=AR department:tech=R")),
    "role-counts-for-its-department": org(duty("d", "role:agent=R department:cs=R role:dev=A")),
    "inactive-duty-ignored": org(duty("d", "", is_active=False)),
    "duty-of-inactive-process-ignored": org(
        duty("d", "", process="old", step=1), processes=[ProcessRow("old", None, False)]
    ),
    "membership-ending-today-still-holds": org(
        duty("d", "role:dev=A role:temp=R"), **staffed("temp", end=TODAY)
    ),
    "membership-starting-today-holds": org(
        duty("d", "role:dev=A role:temp=R"), **staffed("temp", start=TODAY)
    ),
    "inactive-party-with-C-and-I": org(
        duty("d", "role:dev=AR role:old=CI"), roles=[RoleRow("old", "tech", False)]
    ),
    "vacant-party-only-consulted": org(
        duty("d", "role:dev=AR role:temp=C"), roles=[RoleRow("temp", "tech")]
    ),
    "review-due-today-and-C-at-limit": org(
        duty("d", "role:dev=AR department:cs=C role:agent=C", review_by=TODAY)
    ),
    "next-team-informed": org(
        *steps("p", "role:dev=AR department:cs=I", "role:agent=AR"), processes=[TECH_PROCESS]
    ),
    "A-and-R-posts-of-one-person-on-no-control": org(duty("d", CONTROL_A_R), **ONE_PERSON_BOTH),
    "control-with-two-people": org(
        duty("d", CONTROL_A_R, is_control=True), **held_by(("dev", 1), ("lead", 2))
    ),
    "control-whose-shared-holder-left-the-R-post-yesterday": org(
        duty("d", CONTROL_A_R, is_control=True),
        **held_by(("dev", 1), ("lead", 1, {"end": YESTERDAY}), ("lead", 2)),
    ),
    "control-whose-shared-holder-starts-tomorrow": org(
        duty("d", CONTROL_A_R, is_control=True),
        **held_by(("dev", 1), ("lead", 1, {"start": TOMORROW}), ("lead", 2)),
    ),
    "control-whose-shared-holder-is-inactive": org(
        duty("d", CONTROL_A_R, is_control=True),
        **held_by(("dev", 1), ("lead", 1, {"person_active": False}), ("lead", 2)),
    ),
    "control-people-count-through-posts-not-departments": org(
        duty("d", "department:tech=A role:dev=R", is_control=True), **held_by(("dev", 1))
    ),
    "handoff-skips-inactive-step": org(
        *steps("p", "role:dev=AR role:agent=C", "role:dev=AR", "role:agent=AR", inactive=2),
        processes=[TECH_PROCESS],
    ),
}


@pytest.mark.parametrize("data", NEAR_MISSES.values(), ids=NEAR_MISSES.keys())
def test_near_miss_has_no_finding(data):
    assert run(data, max_consulted=2) == []


def test_accountable_count_at_the_limit_is_not_overloaded():
    data = org(duty("d1", "role:dev=AR"), duty("d2", "role:dev=AR"))
    assert run(data, max_accountable=3) == []


def test_inactive_owner_is_the_one_finding_about_an_inactive_accountable():
    data = org(duty("d", "role:old=A role:dev=R"), roles=[RoleRow("old", "tech", False)])
    assert [(f.rule, f.duty, f.parties) for f in run(data)] == [
        (Rule.INACTIVE_OWNER, "d", ("role:old",))
    ]


def test_no_accountable_names_the_duty_its_parties_and_what_to_do():
    data = org(
        duty("d-noa", "role:dev=R department:cs=I", process="p", step=1), processes=[TECH_PROCESS]
    )
    [finding] = only(run(data), Rule.NO_ACCOUNTABLE)
    assert finding == Finding(
        rule="no-accountable",
        kind="gap",
        severity="error",
        duty="d-noa",
        process="p",
        parties=("department:cs", "role:dev"),
        departments=("cs", "tech"),
        details=(("focus", "role:dev"),),
    )
    assert message(finding) == "Give “Duty d-noa” exactly one Accountable."


@pytest.mark.parametrize(("cells", "rule", "focus"), [
    ("role:dev=R role:agent=R department:cs=I", Rule.NO_ACCOUNTABLE, "role:agent"),
    ("department:cs=I", Rule.NO_ACCOUNTABLE, None),
    ("role:dev=A role:agent=C", Rule.NO_RESPONSIBLE, "role:dev"),
])
def test_a_missing_letter_names_the_cell_its_fix_starts_from(cells, rule, focus):
    [finding] = only(run(org(duty("d", cells))), rule)
    assert dict(finding.details).get("focus") == focus


def test_shared_responsible_names_each_department_once():
    data = org(duty("d", "role:dev=AR department:tech=R role:agent=R"))
    [finding] = run(data)
    assert finding.parties == ("department:tech", "role:agent", "role:dev")
    assert finding.departments == ("cs", "tech")
    assert "Department cs, Department tech are all Responsible" in message(finding)


def test_redundant_letters_message_lists_the_letters_in_raci_order():
    [finding] = run(org(duty("d", "role:dev=AR role:agent=IC")))
    assert finding.parties == ("role:agent",)
    assert message(finding) == ("Give Party role:agent one letter on “Duty d” (or exactly A and"
                                " R); it holds CI.")


def test_silent_handoff_compares_with_the_previous_active_step_and_names_both_departments():
    cells = ("role:dev=AR", "role:dev=AR department:cs=I", "role:agent=AR")
    [finding] = run(org(*steps("p", *cells, inactive=2), processes=[TECH_PROCESS]))
    assert (finding.rule, finding.duty, finding.process) == (Rule.SILENT_HANDOFF, "s3", "p")
    assert finding.departments == ("tech", "cs")
    assert finding.parties == ("role:agent",)
    assert message(finding) == (
        "Give Department cs at least an Informed on “Duty s1”: it is Responsible for the next"
        " step, “Duty s3”, but holds no letter on it.")


def test_silent_handoff_orders_steps_by_number_not_by_input_order():
    data = org(
        duty("late", "role:agent=AR", process="p", step=9),
        duty("early", "role:dev=AR department:cs=I", process="p", step=2),
        processes=[TECH_PROCESS],
    )
    assert run(data) == []


def test_findings_without_a_duty_name_their_party_department_or_process():
    data = org(
        duty("d1", "role:dev=AR", process="p", step=1),
        departments=[DepartmentRow("idle")],
        processes=[ProcessRow("p", None)],
    )
    found = {
        f.rule: (f.duty, f.process, f.parties, f.departments) for f in run(data, max_accountable=1)
    }
    assert found == {
        Rule.OVERLOADED: (None, None, ("role:dev",), ("tech",)),
        Rule.IDLE_DEPARTMENT: (None, None, (), ("idle",)),
        Rule.UNOWNED_PROCESS: (None, "p", (), ()),
    }


def test_an_inactive_party_is_never_reported_overloaded():
    data = org(
        duty("d1", "role:old=A role:dev=R"),
        duty("d2", "role:old=A role:dev=R"),
        roles=[RoleRow("old", "tech", False)],
    )
    assert {f.rule for f in run(data, max_accountable=1)} == {Rule.INACTIVE_OWNER}


def test_inactive_department_is_never_idle():
    assert run(org(departments=[GONE])) == []


def test_findings_come_most_severe_first_then_by_rule_and_duty():
    data = org(
        duty("b", "role:dev=R", review_by=YESTERDAY),
        duty("a", "role:dev=AR role:agent=R"),
        duty("c", "role:dev=A"),
        duty("a2", "role:dev=R"),
    )
    order = [(f.severity, f.rule, f.duty) for f in run(data)]
    assert order == [
        (Severity.ERROR, Rule.NO_ACCOUNTABLE, "a2"),
        (Severity.ERROR, Rule.NO_ACCOUNTABLE, "b"),
        (Severity.ERROR, Rule.NO_RESPONSIBLE, "c"),
        (Severity.WARNING, Rule.SHARED_RESPONSIBLE, "a"),
        (Severity.INFO, Rule.REVIEW_OVERDUE, "b"),
    ]


def test_as_dict_gives_plain_json_values():
    [finding] = run(org(duty("d", "role:dev=AR role:agent=R")))
    assert finding.as_dict() == {
        "rule": "shared-responsible",
        "kind": "overlap",
        "severity": "warning",
        "duty": "d",
        "process": None,
        "parties": ["role:agent", "role:dev"],
        "departments": ["cs", "tech"],
    }


def test_severity_rank_orders_error_above_warning_above_info():
    assert Severity.ERROR.rank > Severity.WARNING.rank > Severity.INFO.rank


def test_department_pairs_are_ranked_by_the_duties_they_share():
    assert overlapping_pairs([["cs", "tech"], ["cs", "ops", "tech"], ["tech", "cs", "cs"]]) == [
        {"departments": ["cs", "tech"], "duties": 3},
        {"departments": ["cs", "ops"], "duties": 1},
        {"departments": ["ops", "tech"], "duties": 1},
    ]
    assert overlapping_pairs([]) == []


def test_one_person_in_the_A_and_the_R_post_of_a_control_is_named_with_both_posts():
    data = org(duty("d", "role:dev=A role:lead=R department:cs=I", is_control=True),
               **ONE_PERSON_BOTH)
    [finding] = run(data)
    assert finding == Finding(
        rule="segregation-of-duties", kind="overlap", severity="error", duty="d", process=None,
        parties=("role:dev", "role:lead"), departments=("tech",),
        details=(("focus", "role:lead"), ("person", 1)),
    )
    assert message(finding) == (
        "Give the Accountable and the Responsible of the control “Duty d” to different people:"
        " Person 1 holds both, as Party role:dev, Party role:lead.")


def test_each_person_holding_both_posts_of_a_control_is_a_finding_of_their_own():
    data = org(duty("d", CONTROL_A_R, is_control=True),
               **held_by(("dev", 1), ("lead", 1), ("dev", 2), ("lead", 2), ("lead", 3)))
    found = run(data)
    assert [(f.parties, dict(f.details)["person"]) for f in found] == [
        (("role:dev", "role:lead"), 1), (("role:dev", "role:lead"), 2)]


def test_a_party_holding_A_and_R_on_a_control_is_named_and_its_holders_are_not():
    data = org(duty("d", "role:dev=AR role:lead=R", is_control=True), **ONE_PERSON_BOTH)
    found = [(f.parties, dict(f.details)) for f in run(data)]
    assert found == [
        (("role:dev",), {"focus": "role:dev"}),
        (("role:dev", "role:lead"), {"focus": "role:lead", "person": 1}),
    ]
    assert message(run(data)[0]) == (
        "Give the Accountable and the Responsible of the control “Duty d” to different parties:"
        " Party role:dev holds both.")


PAIR = (("approve", "pay"),)


@pytest.mark.parametrize(("approve", "pay", "holdings", "expected"), [
    ("role:dev=AR", "role:lead=AR", [("dev", 1), ("lead", 1)], [1]),
    ("role:dev=AR", "role:dev=AR", [("dev", 1), ("dev", 2)], [1, 2]),
    ("role:dev=AR", "role:lead=AR", [("dev", 1), ("lead", 2)], []),
    ("role:dev=AR", "role:dev=A role:lead=R", [("dev", 1), ("lead", 2)], []),
    ("role:dev=AR", "role:lead=AR", [("dev", 1), ("lead", 1, {"end": YESTERDAY}), ("lead", 2)],
     []),
    ("department:tech=AR", "role:dev=AR", [("dev", 1)], []),
])
def test_a_pair_of_duties_is_a_finding_for_each_person_responsible_for_both(
        approve, pay, holdings, expected):
    data = org(duty("approve", approve), duty("pay", pay), **held_by(*holdings))
    found = run(data, sod_pairs=PAIR)
    assert [(f.rule, f.duty, dict(f.details)["person"]) for f in found] == [
        (Rule.SEGREGATION_OF_DUTIES, "approve", person) for person in expected]


def test_a_pair_finding_names_the_other_duty_and_the_persons_posts():
    data = org(duty("approve", "role:dev=AR"), duty("pay", "role:lead=AR department:cs=R"),
               **ONE_PERSON_BOTH)
    [finding] = only(run(data, sod_pairs=PAIR), Rule.SEGREGATION_OF_DUTIES)
    assert (finding.parties, finding.departments) == (("role:dev", "role:lead"), ("tech",))
    assert dict(finding.details) == {"focus": "role:dev", "other": "pay", "person": 1}
    assert message(finding) == (
        "Give “Duty approve” and “Duty pay” to different people: Person 1 is Responsible for"
        " both, as Party role:dev, Party role:lead.")


@pytest.mark.parametrize("pay", [
    duty("pay", "role:lead=AR", is_active=False),
    duty("elsewhere", "role:lead=AR"),
])
def test_a_pair_with_a_duty_not_analysed_gives_nothing(pay):
    data = org(duty("approve", "role:dev=AR"), pay, **ONE_PERSON_BOTH)
    assert run(data, sod_pairs=PAIR) == []


@st.composite
def healthy_orgs(draw):
    """Organisations that are correct by construction, so no rule may fire on them."""
    departments = [f"dept{i}" for i in range(draw(st.integers(1, 4)))]
    roles = [
        RoleRow(f"{d}-role{j}", d) for d in departments for j in range(draw(st.integers(1, 3)))
    ]
    department_of = {f"department:{d}": d for d in departments}
    department_of |= {f"role:{role.code}": role.department for role in roles}
    owners = st.sampled_from(departments)
    processes = [ProcessRow(f"p{i}", draw(owners)) for i in range(draw(st.integers(0, 3)))]
    cells = draw(st.lists(_healthy_cells(department_of), min_size=1, max_size=12))
    places = [draw(st.sampled_from([None, *(p.code for p in processes)])) for _ in cells]
    _inform_next_teams(cells, places, department_of)
    reviews = st.one_of(st.none(), st.dates(min_value=TODAY))
    duties = [
        duty(
            f"d{i}",
            _letters(cell),
            process=place,
            step=i + 1 if place else None,
            review_by=draw(reviews),
        )
        for i, (cell, place) in enumerate(zip(cells, places, strict=True))
    ]
    return OrgData(
        departments=tuple(DepartmentRow(d) for d in departments),
        roles=tuple(roles),
        memberships=tuple(draw(_covering_membership(role.code)) for role in roles),
        processes=tuple(processes),
        duties=(
            *duties,
            *_keep_busy(cells, department_of),
            *draw(st.lists(_inactive_duty(department_of), max_size=3)),
        ),
    )


@st.composite
def _covering_membership(draw, role):
    start = draw(st.one_of(st.none(), st.dates(max_value=TODAY)))
    end = draw(st.one_of(st.none(), st.dates(min_value=TODAY)))
    return MembershipRow(role, start, end)


@st.composite
def _healthy_cells(draw, department_of):
    """Party → letters on one duty: one A, R parties of one department, C within the limit."""
    everyone = sorted(department_of)
    team = draw(st.sampled_from(sorted(set(department_of.values()))))
    team_parties = [party for party in everyone if department_of[party] == team]
    responsible = draw(st.lists(st.sampled_from(team_parties), min_size=1, unique=True))
    accountable = draw(st.sampled_from(everyone))
    cells = dict.fromkeys(responsible, "R")
    cells[accountable] = cells.get(accountable, "") + "A"
    for party in everyone:
        consulted = sum(letters == "C" for letters in cells.values())
        if party not in cells:
            letter = draw(
                st.sampled_from(["", "I", "C"] if consulted < MAX_CONSULTED else ["", "I"])
            )
            cells.update({party: letter} if letter else {})
    return cells


def _inform_next_teams(cells, places, department_of):
    """Give each step's Responsible department an I on the step before, when it has no letter."""
    last = {}
    for cell, process in zip(cells, places, strict=True):
        previous = last.get(process)
        if process is not None and previous is not None:
            heard = {department_of[party] for party in previous}
            for party, letters in cell.items():
                if "R" in letters and department_of[party] not in heard:
                    previous[f"department:{department_of[party]}"] = "I"
                    heard.add(department_of[party])
        last[process] = cell


def _keep_busy(cells, department_of):
    """An A/R duty for each department that holds no A or R yet, so none is idle."""
    busy = {
        department_of[p]
        for cell in cells
        for p, letters in cell.items()
        if set(letters) & {"A", "R"}
    }
    idle = sorted(set(department_of.values()) - busy)
    return [duty(f"busy-{d}", f"department:{d}=AR") for d in idle]


@st.composite
def _inactive_duty(draw, department_of):
    """A switched-off duty with any letters at all: it must be ignored."""
    letter = st.tuples(st.sampled_from(sorted(department_of)), st.sampled_from("RACI"))
    code = f"off-{draw(st.integers(0, 10**6))}"
    return DutyRow(code, tuple(draw(st.lists(letter))), review_by=YESTERDAY, is_active=False)


def _letters(cells):
    return " ".join(f"{party}={letters}" for party, letters in cells.items())


@given(healthy_orgs())
def test_healthy_matrix_has_no_finding(data):
    assert run(data, max_accountable=len(data.duties)) == []
