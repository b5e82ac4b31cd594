"""The findings loader: database rows in, the right findings out, in a fixed number of queries."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from departments.models import Role
from findings.loading import findings_data_load
from findings.selectors import findings_list, findings_unknown_filters
from registry.services import record_delete
from responsibilities.models import Assignment, Duty, Process, Raci
from tests import factories
from tests.module_world import kept_once

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
DAY = timedelta(days=1)


def letters(duty, party, cell):
    """Give `party` (a Department or a Role) the letters of `cell` on `duty`."""
    # An explicit department=None keeps the factory from inventing a department for a role.
    party_fields = (
        {"role": party, "department": None} if isinstance(party, Role) else {"department": party}
    )
    for letter in cell:
        factories.AssignmentFactory(duty=duty, raci=letter, **party_fields)


def staffed_role(department=None, **membership):
    role = factories.RoleFactory(**({"department": department} if department else {}))
    factories.MembershipFactory(role=role, **membership)
    return role


def rules_on(duty_code, **filters):
    return [f.rule for f in findings_list(duty=duty_code, today=TODAY, **filters)]


def test_duty_with_only_a_responsible_role_lacks_an_accountable():
    role = staffed_role()
    duty = factories.DutyFactory(code="d-noa", title="Refund approval")
    letters(duty, role, Raci.RESPONSIBLE)
    [finding] = findings_list(duty="d-noa", today=TODAY)
    assert (finding.rule, finding.parties) == ("no-accountable", (f"role:{role.code}",))
    assert finding.departments == (role.department.code,)
    assert finding.message == "Give “Refund approval” exactly one Accountable."


@pytest.mark.parametrize(
    "membership, vacant",
    [
        ({}, False),
        ({"start_date": TODAY, "end_date": TODAY}, False),
        ({"start_date": TODAY - 9 * DAY, "end_date": TODAY - DAY}, True),
        ({"start_date": TODAY + DAY}, True),
        ({"person__is_active": False}, True),
    ],
    ids=["open-ended", "today-only", "ended-yesterday", "starts-tomorrow", "inactive-person"],
)
def test_a_role_is_held_by_a_membership_covering_today_of_an_active_person(membership, vacant):
    role = staffed_role(**membership)
    duty = factories.DutyFactory(code="d")
    letters(duty, role, "AR")
    assert rules_on("d") == (["vacant-owner"] if vacant else [])


def test_a_department_is_vacant_when_none_of_its_active_roles_is_held():
    department = factories.DepartmentFactory()
    staffed_role(department, end_date=TODAY - DAY)
    held_but_inactive = staffed_role(department)
    held_but_inactive.is_active = False
    held_but_inactive.save()
    duty = factories.DutyFactory(code="d")
    letters(duty, department, "AR")
    assert rules_on("d") == ["vacant-owner"]


def test_a_role_of_an_inactive_department_is_an_inactive_owner():
    department = factories.DepartmentFactory(is_active=False)
    duty = factories.DutyFactory(code="d")
    letters(duty, staffed_role(department), "AR")
    assert rules_on("d") == ["inactive-owner"]


def test_an_inactive_duty_is_not_analysed():
    factories.DutyFactory(code="d", is_active=False)
    assert rules_on("d") == []


def test_an_inactive_process_and_its_duties_are_not_analysed():
    process = factories.ProcessFactory(owner=None, is_active=False)
    factories.DutyFactory(code="d", process=process)
    assert list(findings_list(process=process.code, today=TODAY)) == []


def test_thresholds_come_from_settings(settings):
    settings.RACI_MAX_CONSULTED = 1
    duty = factories.DutyFactory(code="d")
    letters(duty, staffed_role(), "AR")
    for _ in range(2):
        letters(duty, factories.DepartmentFactory(), Raci.CONSULTED)
    assert rules_on("d") == ["too-many-consulted"]


def test_review_date_in_the_past_is_overdue_but_today_is_not():
    role = staffed_role()
    for code, review_by in (("late", TODAY - DAY), ("due", TODAY)):
        letters(factories.DutyFactory(code=code, review_by=review_by), role, "AR")
    assert (rules_on("late"), rules_on("due")) == (["review-overdue"], [])


def test_duties_filter_keeps_only_findings_on_those_duties():
    role = staffed_role()
    for code in ("a", "b", "c"):
        letters(factories.DutyFactory(code=code), role, Raci.RESPONSIBLE)
    assert [f.duty for f in findings_list(duties=["a", "c"], today=TODAY)] == ["a", "c"]


def test_duty_and_duties_filters_both_apply():
    role = staffed_role()
    for code in ("a", "b"):
        letters(factories.DutyFactory(code=code), role, Raci.RESPONSIBLE)
    assert list(findings_list(duty="a", duties=["b"], today=TODAY)) == []


def test_unknown_filter_codes_are_reported_by_field():
    factories.DepartmentFactory(code="known")
    errors = findings_unknown_filters(department="known", process="nope", duty="gone")
    assert set(errors) == {"process", "duty"}
    assert "nope" in errors["process"]


def build_organisation(size):
    """`size` departments, each with a held role and a process of two well-assigned steps."""
    for _ in range(size):
        department = factories.DepartmentFactory()
        role = staffed_role(department)
        process = factories.ProcessFactory(owner=department)
        for _step in range(2):
            duty = factories.DutyFactory(process=process)
            letters(duty, role, "AR")
            letters(duty, department, Raci.INFORMED)


def test_loader_and_reads_do_not_grow_with_the_organisation(django_assert_num_queries):
    build_organisation(2)
    list(findings_list())  # the first read stores the organisation's findings
    # the stored findings' date and thresholds, then one page of them
    with django_assert_num_queries(2):
        list(findings_list())
    build_organisation(20)
    with django_assert_num_queries(6):
        data = findings_data_load()
    list(findings_list())  # hands the factories' writes on to the stored findings
    with django_assert_num_queries(2):
        assert list(findings_list(duties=["duty-0"], process="process-0")) == []
    assert (len(data.departments), len(data.duties)) == (22, 44)
    assert list(findings_list()) == []


def test_the_stored_findings_follow_each_write():
    build_organisation(2)
    before = list(findings_list())
    factories.AssignmentFactory(duty=Duty.objects.first(), raci=Raci.ACCOUNTABLE,
                                department=factories.DepartmentFactory())
    after = list(findings_list())
    assert "multiple-accountable" in {finding.rule for finding in after} - {
        finding.rule for finding in before}


def test_a_deletion_resolves_and_opens_stored_findings():
    build_organisation(2)
    list(findings_list())
    record_delete(user=None, instance=Assignment.objects.filter(raci=Raci.ACCOUNTABLE).first())
    assert "no-accountable" in {finding.rule for finding in findings_list()}


FILTERS = [
    ({}, ["d", "e"]),
    ({"rule": "shared-responsible"}, ["e"]),
    ({"severity": "error"}, ["d"]),
    ({"kind": "overlap"}, ["e"]),
    ({"department": "cs"}, ["e"]),
    ({"department": "tech", "process": "p"}, ["d"]),
    ({"duty": "e", "severity": "error"}, []),
    ({"department": "nowhere"}, []),
]


@pytest.mark.parametrize("filters, duties", FILTERS)
def test_the_stored_findings_are_filtered_in_the_database(filters, duties):
    tech, cs = factories.DepartmentFactory(code="tech"), factories.DepartmentFactory(code="cs")
    dev, agent = staffed_role(tech), staffed_role(cs)
    process = factories.ProcessFactory(code="p", owner=tech)
    letters(factories.DutyFactory(code="d", process=process), dev, "R")
    e = factories.DutyFactory(code="e")
    letters(e, dev, "AR")
    letters(e, agent, "R")
    assert [f.duty for f in findings_list(today=TODAY, **filters) if f.duty] == duties


def test_the_summary_counts_every_rule_severity_kind_and_department():
    from findings.selectors import findings_summary_load

    tech, cs = factories.DepartmentFactory(code="tech"), factories.DepartmentFactory(code="cs")
    dev, agent = staffed_role(tech), staffed_role(cs)
    letters(factories.DutyFactory(code="d"), dev, "R")
    e = factories.DutyFactory(code="e")
    letters(e, dev, "AR")
    letters(e, agent, "R")
    summary = findings_summary_load()
    assert summary["total"] == 2
    assert summary["by_rule"]["no-accountable"] == 1 and summary["by_rule"]["idle-department"] == 0
    assert summary["by_severity"] == {"error": 1, "warning": 1, "info": 0}
    assert summary["by_kind"] == {"gap": 1, "overlap": 1, "load": 0, "hygiene": 0}
    assert summary["by_department"] == {"cs": 1, "tech": 2}
    assert summary["overlapping_pairs"] == [{"departments": ["cs", "tech"], "duties": 1}]


# Last in the module: the demo stays loaded from the first of these tests to the module's end.
@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module's three tests that read it (each test runs in a
    savepoint inside the module's transaction, rolled back after it)."""
    yield from kept_once(django_db_blocker,
                         lambda: call_command("load_demo", stdout=StringIO()))


@pytest.fixture
def demo_findings(demo_once, db):
    return list(findings_list())


def test_demo_organisation_shows_its_deliberate_flaws(demo_findings):
    shown = {(f.rule, f.duty) for f in demo_findings}
    assert {
        ("no-accountable", "complaint-follow-up"),
        ("shared-responsible", "user-feedback"),
        ("vacant-owner", "user-growth"),
        ("multiple-accountable", "joint-campaign-plan"),
        ("review-overdue", "data-security"),
    } <= shown


def test_demo_user_feedback_is_shared_by_technology_and_customer_service(demo_findings):
    [shared] = [
        f for f in demo_findings if (f.rule, f.duty) == ("shared-responsible", "user-feedback")
    ]
    assert shared.departments == ("customer-service", "technology")
    [vacant] = [f for f in demo_findings if f.rule == "vacant-owner"]
    assert vacant.parties == ("role:growth-specialist",)


def test_a_duty_or_process_filter_loads_less_but_finds_the_same(demo_findings):
    for duty in Duty.objects.values_list("code", flat=True):
        assert list(findings_list(duty=duty)) == [f for f in demo_findings if f.duty == duty]
    for process in Process.objects.values_list("code", flat=True):
        expected = [f for f in demo_findings if f.process == process]
        assert list(findings_list(process=process)) == expected, process
    pair = ["complaint-dispatch", "user-feedback"]
    assert list(findings_list(duties=pair)) == [f for f in demo_findings if f.duty in pair]
