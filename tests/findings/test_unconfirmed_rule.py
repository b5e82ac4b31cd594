"""The rule `unconfirmed` over plain rows, no database: a duty whose owners said it is not
theirs, or let a confirmation campaign's deadline pass, names them until its letters are
confirmed; a "not mine" and its reason come before silence."""

from datetime import date

import pytest

from findings.engine import (
    RULES,
    DepartmentRow,
    DutyRow,
    FindingKind,
    MembershipRow,
    OrgData,
    ProcessRow,
    RoleRow,
    Rule,
    Severity,
    analyse,
    duty_findings,
    finding_message,
    org_view,
)

TODAY = date(2026, 6, 1)

DEPARTMENTS = (DepartmentRow("tech"), DepartmentRow("cs"))
ROLES = (RoleRow("dev", "tech"), RoleRow("agent", "cs"))
MEMBERSHIPS = (MembershipRow("dev", person=1), MembershipRow("agent", person=2))
SILENT, NOT_MINE = "", "Finance approves refunds."


def duty(code="d", letters="role:dev=AR", **fields):
    """A duty row from `party=LETTERS` cells, e.g. duty("d", "role:dev=AR department:cs=C")."""
    pairs = [(party, letter) for cell in letters.split()
             for party, _, cell_letters in [cell.partition("=")] for letter in cell_letters]
    return DutyRow(code, tuple(pairs), **fields)


def org(*duties, processes=()):
    """Two staffed departments, each kept busy by a duty of its own, and `duties`."""
    return OrgData(departments=DEPARTMENTS, roles=ROLES, memberships=MEMBERSHIPS,
                   processes=tuple(processes),
                   duties=(duty("busy-tech"), duty("busy-cs", "role:agent=AR"), *duties))


def unconfirmed(data):
    return [finding for finding in analyse(data, today=TODAY, max_accountable=20,
                                           max_consulted=5)
            if finding.rule == Rule.UNCONFIRMED]


def details(data):
    """The details of each `unconfirmed` finding, by duty."""
    return {finding.duty: dict(finding.details) for finding in unconfirmed(data)}


def named(kind, code):
    """A stand-in for the names the database gives: "Duty d", "Person 7"…"""
    return f"{kind.capitalize()} {code}"


@pytest.mark.parametrize(("entries", "expected"), [
    (((1, SILENT),), {"people": "1"}),
    (((7, SILENT), (2, SILENT)), {"people": "2 7"}),
    (((1, NOT_MINE),), {"people": "1", "reason": NOT_MINE}),
    (((3, SILENT), (1, NOT_MINE), (5, SILENT)), {"people": "1", "reason": NOT_MINE}),
    (((9, "We only pass them on."), (4, NOT_MINE), (2, SILENT)),
     {"people": "4 9", "reason": "We only pass them on."}),
    (((1, SILENT), (1, SILENT)), {"people": "1"}),
], ids=["one-silent-owner", "silent-owners-in-order-of-id", "not-mine-with-its-reason",
        "not-mine-chosen-over-silence", "everyone-who-said-not-mine-the-first-reason",
        "one-person-named-once"])
def test_the_finding_names_who_did_not_confirm(entries, expected):
    assert details(org(duty(unconfirmed=entries))) == {"d": expected}


@pytest.mark.parametrize("data", [
    org(duty()),
    org(duty(unconfirmed=()), duty("e", "role:agent=AR")),
    org(duty(unconfirmed=((1, SILENT),), is_active=False)),
    org(duty(unconfirmed=((1, NOT_MINE),), process="old", step=1),
        processes=[ProcessRow("old", "tech", is_active=False)]),
], ids=["no-entries", "no-entries-anywhere", "inactive-duty", "duty-of-an-inactive-process"])
def test_no_finding_without_entries_or_on_a_duty_not_analysed(data):
    assert unconfirmed(data) == []


def test_the_finding_is_a_warning_gap_on_the_duty_naming_its_owners_parties():
    data = org(duty(letters="role:dev=A department:cs=R role:agent=C", process="p", step=1,
                    unconfirmed=((1, SILENT),)), processes=[ProcessRow("p", "tech")])
    [finding] = unconfirmed(data)
    assert (finding.rule, finding.kind, finding.severity) == (
        "unconfirmed", FindingKind.GAP, Severity.WARNING)
    assert (finding.duty, finding.process) == ("d", "p")
    # the A and R parties, not the Consulted one
    assert finding.parties == ("department:cs", "role:dev")
    assert finding.departments == ("cs", "tech")
    assert (RULES[Rule.UNCONFIRMED].kind, RULES[Rule.UNCONFIRMED].severity) == (
        FindingKind.GAP, Severity.WARNING)


def test_the_finding_is_the_only_one_on_an_otherwise_healthy_duty():
    found = analyse(org(duty(unconfirmed=((1, SILENT),))), today=TODAY, max_accountable=20,
                    max_consulted=5)
    assert [(finding.rule, finding.duty) for finding in found] == [("unconfirmed", "d")]


def test_the_finding_on_one_duty_is_what_a_write_recomputes_for_it():
    data = org(duty(unconfirmed=((2, SILENT), (1, NOT_MINE))))
    view = org_view(data, today=TODAY)
    recomputed = [finding for finding in duty_findings(view, today=TODAY, max_consulted=5)
                  if finding.rule == Rule.UNCONFIRMED]
    assert recomputed == unconfirmed(data)


@pytest.mark.parametrize(("entries", "message"), [
    (((1, SILENT),),
     "Have Person 1 confirm the letters of “Duty d”: they did not answer the confirmation "
     "campaign by its deadline."),
    (((2, SILENT), (1, SILENT)),
     "Have Person 1, Person 2 confirm the letters of “Duty d”: they did not answer the "
     "confirmation campaign by its deadline."),
    (((3, SILENT), (1, NOT_MINE)),
     "Hand “Duty d” to its real owner, or confirm its letters: Person 1 said it is not theirs "
     "(“Finance approves refunds.”)."),
    (((1, "50% is ours, ask %(duty)s"),),
     "Hand “Duty d” to its real owner, or confirm its letters: Person 1 said it is not theirs "
     "(“50% is ours, ask %(duty)s”)."),
], ids=["one-silent", "two-silent", "not-mine", "a-reason-with-a-percent-sign"])
def test_the_message_says_what_to_do_in_english(entries, message):
    [finding] = unconfirmed(org(duty(unconfirmed=entries)))
    assert finding_message(finding, named) == message


def test_the_message_names_people_through_the_name_function():
    [finding] = unconfirmed(org(duty(unconfirmed=((1, SILENT), (2, SILENT)))))
    names = {("person", "1"): "Alice Wong", ("person", "2"): "Bo Li",
             ("duty", "d"): "Handle user feedback"}
    assert finding_message(finding, lambda kind, code: names.get((kind, code), code)) == (
        "Have Alice Wong, Bo Li confirm the letters of “Handle user feedback”: they did not "
        "answer the confirmation campaign by its deadline.")
