"""Findings people can act on: messages in names (English or Chinese), a link to where each is
fixed (edit links for those who may act only), a vacancy's findings shown as one."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation

from departments.models import Role
from findings.engine import Finding, Rule
from findings.fixes import finding_fixes, may_act
from findings.selectors import findings_list
from responsibilities.models import Raci
from tests import factories

pytestmark = pytest.mark.django_db

CHINESE = {"Accept-Language": "zh-hans"}
CODES = ("joint-campaign-plan", "department:", "role:", "cs-manager", "marketing-manager",
         "business")


def give(duty, party, letters):
    # An explicit department=None keeps the factory from inventing a department for a role.
    fields = {"role": party, "department": None} if isinstance(party, Role) else {
        "department": party}
    for letter in letters:
        factories.AssignmentFactory(duty=duty, raci=letter, **fields)


def bilingual_duty(code, english, chinese, **extra):
    return factories.DutyFactory(code=code, title=english, title_zh_hans=chinese, **extra)


@pytest.fixture
def world():
    """Two Accountable on the joint campaign plan; a customer service manager nobody holds,
    Accountable for three duties; every name in English and Chinese."""
    business = factories.DepartmentFactory(code="business", name="Business",
                                           name_zh_hans="业务部")
    factories.MembershipFactory(role=factories.RoleFactory(department=business))
    marketing = factories.DepartmentFactory(code="marketing", name="Marketing",
                                            name_zh_hans="市场部")
    manager = factories.RoleFactory(code="marketing-manager", department=marketing,
                                    name="Marketing manager", name_zh_hans="市场经理")
    factories.MembershipFactory(role=manager)
    cs = factories.DepartmentFactory(code="cs", name="Customer service",
                                     name_zh_hans="客户服务部")
    cs_manager = factories.RoleFactory(code="cs-manager", department=cs,
                                       name="Customer service manager",
                                       name_zh_hans="客服经理")
    plan = bilingual_duty("joint-campaign-plan", "Joint campaign plan", "联合推广计划")
    give(plan, business, Raci.ACCOUNTABLE)
    give(plan, manager, Raci.ACCOUNTABLE + Raci.RESPONSIBLE)
    for number in range(3):
        duty = bilingual_duty(f"refund-{number}", f"Refund step {number}", f"退款步骤{number}")
        give(duty, cs_manager, Raci.ACCOUNTABLE)
        give(duty, manager, Raci.RESPONSIBLE)
    return {"plan": plan, "cs_manager": cs_manager, "manager": manager}


def shown(rule):
    return [finding for finding in findings_list() if finding.rule == rule]


def test_messages_name_the_duty_and_parties_in_english(world):
    [finding] = shown(Rule.MULTIPLE_ACCOUNTABLE)
    assert finding.message == ("Keep exactly one Accountable on “Joint campaign plan”; now"
                               " Business, Marketing manager are.")
    assert finding.parties == ("department:business", "role:marketing-manager")


def test_messages_name_everything_in_chinese_and_no_code(world):
    with translation.override("zh-hans"):
        messages = [finding.message for finding in findings_list()]
    [plan] = [message for message in messages if "联合推广计划" in message]
    assert "业务部" in plan and "市场经理" in plan
    assert any("客服经理" in message and "退款步骤0" in message for message in messages)
    assert not [message for message in messages if any(code in message for code in CODES)]


def test_a_name_missing_in_the_reader_s_language_falls_back_to_the_other(world):
    world["plan"].title_zh_hans = ""
    world["plan"].save()
    with translation.override("zh-hans"):
        [finding] = shown(Rule.MULTIPLE_ACCOUNTABLE)
    assert "Joint campaign plan" in finding.message and "业务部" in finding.message


def test_the_api_keeps_codes_in_its_fields_and_names_in_its_message(world, api_as, viewer):
    body = api_as(viewer).get("/api/v1/findings/", {"rule": "multiple-accountable"},
                              headers=CHINESE).json()
    [finding] = body["results"]
    assert finding["duty"] == "joint-campaign-plan"
    assert finding["parties"] == ["department:business", "role:marketing-manager"]
    assert "联合推广计划" in finding["message"] and "joint-campaign-plan" not in finding["message"]


def test_the_api_keeps_one_finding_per_duty_of_a_vacancy(world, api_as, viewer):
    body = api_as(viewer).get("/api/v1/findings/", {"rule": "vacant-owner"}).json()
    assert sorted(finding["duty"] for finding in body["results"]) == [
        "refund-0", "refund-1", "refund-2"]
    assert body["results"][0]["message"].startswith(
        "Appoint someone to Customer service manager, or hand “Refund step 0” to a party")


def test_the_cells_batch_names_the_findings_it_introduced(world, api_as, editor):
    response = api_as(editor).post("/api/v1/matrix/cells/", {"cells": [
        {"duty": "refund-0", "party": "role:marketing-manager", "raci": "AR"}]}, format="json")
    assert response.status_code == 200, response.content
    [introduced] = response.json()["introduced"]
    assert introduced["rule"] == "multiple-accountable"
    assert introduced["message"] == ("Keep exactly one Accountable on “Refund step 0”; now"
                                     " Customer service manager, Marketing manager are.")


# Fix links, rule by rule.

def finding(rule, *, duty="d", process=None, parties=(), departments=(), **details):
    return Finding(rule=rule, kind="gap", severity="error", duty=duty, process=process,
                   parties=tuple(parties), departments=tuple(departments),
                   details=tuple(sorted(details.items())))


def link(fix):
    parts = urlsplit(fix.url)
    return parts.path, {name: values[0] for name, values in parse_qs(parts.query).items()}


@pytest.mark.parametrize(("case", "query"), [
    (finding(Rule.NO_ACCOUNTABLE, parties=["role:a", "role:b"], focus="role:b"),
     {"duty": "d", "focus": "role:b"}),
    (finding(Rule.NO_ACCOUNTABLE, parties=["department:x"]), {"duty": "d"}),
    (finding(Rule.NO_RESPONSIBLE, parties=["role:a"], focus="role:a"),
     {"duty": "d", "focus": "role:a"}),
    (finding(Rule.MULTIPLE_ACCOUNTABLE, parties=["role:a", "role:b"]),
     {"duty": "d", "focus": "role:b"}),
    (finding(Rule.SHARED_RESPONSIBLE, parties=["role:a", "role:b"]),
     {"duty": "d", "focus": "role:b"}),
    (finding(Rule.REDUNDANT_LETTERS, parties=["role:a"]), {"duty": "d", "focus": "role:a"}),
    (finding(Rule.TOO_MANY_CONSULTED, parties=["role:a", "role:b"]),
     {"duty": "d", "focus": "role:a"}),
    (finding(Rule.SILENT_HANDOFF, parties=["role:r"], previous="before", receiver="x"),
     {"duty": "before", "focus": "role:r", "show": "role:r"}),
])
def test_letter_findings_are_fixed_in_the_matrix_at_the_most_sensible_cell(case, query):
    [fix] = finding_fixes(case)
    assert (fix.label, fix.edits) == ("Fix in the matrix", True)
    assert link(fix) == ("/matrix/", query)


def test_a_vacant_post_is_fixed_by_appointing_someone_or_handing_over():
    fixes = finding_fixes(finding(Rule.VACANT_OWNER, parties=["role:cs-manager"]))
    assert [fix.label for fix in fixes][:1] == ["Appoint someone"]
    assert link(fixes[0]) == ("/new/membership/", {"role": "cs-manager"})
    handover = [fix for fix in fixes if fix.label == "Hand over"]
    if handover:  # the handover page, where this installation has it
        assert link(handover[0])[1] == {"party": "role:cs-manager"}
    assert fixes[-1].url == "/roles/cs-manager/" and not fixes[-1].edits


def test_a_vacant_department_leads_to_its_page():
    fixes = finding_fixes(finding(Rule.VACANT_OWNER, parties=["department:cs"]))
    assert (fixes[0].label, fixes[0].url, fixes[0].edits) == (
        "Open the department", "/departments/cs/", False)


@pytest.mark.parametrize(("case", "url", "edits"), [
    (finding(Rule.UNOWNED_PROCESS, duty=None, process="p"), "/processes/p/edit/#id_owner", True),
    (finding(Rule.OVERLOADED, duty=None, parties=["role:boss"]), "/roles/boss/", False),
    (finding(Rule.OVERLOADED, duty=None, parties=["department:x"]), "/departments/x/", False),
    (finding(Rule.IDLE_DEPARTMENT, duty=None, departments=["x"]), "/departments/x/", False),
    (finding(Rule.REVIEW_OVERDUE, parties=["role:a"], date="2026-01-01"), "/duties/d/", False),
])
def test_other_findings_lead_to_the_page_that_fixes_them(case, url, edits):
    fixes = finding_fixes(case)
    if url.endswith("#id_owner") and not fixes:
        pytest.skip("this installation has no process edit page yet")
    assert (fixes[0].url, fixes[0].edits) == (url, edits)


def test_an_inactive_owner_is_handed_over_where_the_page_exists():
    fixes = finding_fixes(finding(Rule.INACTIVE_OWNER, parties=["role:old"]))
    assert all(fix.label == "Hand over" and fix.edits for fix in fixes)


# Who is offered the links that change records.

@pytest.mark.parametrize(("role", "acts", "queries"), [
    ("anonymous", False, 0), ("viewer", False, 1), ("superuser", True, 0), ("editor", True, 1),
    ("dept_admin", True, 1), ("process_editor", True, 1),
])
def test_only_users_with_a_permission_on_some_record_may_act(
        role, acts, queries, request, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
    with django_assert_num_queries(queries):
        assert may_act(user) is acts


def fix_links(html):
    return re.findall(r'<a class="button button--small" href="([^"]*)"[^>]*>([^<]*)</a>', html)


def test_readers_get_the_read_links_only_and_editors_the_fixes(world, client_as):
    html = client_as("viewer").get("/findings/").content.decode()
    labels = {label for _url, label in fix_links(html)}
    assert "Fix in the matrix" not in labels and "Appoint someone" not in labels
    assert "Open the post" in labels
    html = client_as("process_editor").get("/findings/").content.decode()
    assert ("/matrix/?duty=joint-campaign-plan&amp;focus=role%3Amarketing-manager",
            "Fix in the matrix") in fix_links(html)
    assert ("/new/membership/?role=cs-manager", "Appoint someone") in fix_links(html)


def test_the_duty_page_offers_its_fix_to_an_editor(world, client_as):
    html = client_as("editor").get("/duties/joint-campaign-plan/").content.decode()
    assert "Keep exactly one Accountable on “Joint campaign plan”" in html
    assert ("/matrix/?duty=joint-campaign-plan&amp;focus=role%3Amarketing-manager",
            "Fix in the matrix") in fix_links(html)


# A vacancy shown as one.

def test_a_vacancy_s_findings_are_one_item_listing_its_duties(world, client_as):
    html = client_as("editor").get("/findings/").content.decode()
    assert html.count("Customer service manager is vacant: 3 duties without a holder for"
                      " their A/R.") == 1
    group = html.split('class="finding finding--group"')[1].split("</li>\n  \n")[0]
    assert "<details" in group and "The 3 duties" in group
    assert all(f"Refund step {number}" in group for number in range(3))
    assert [label for _url, label in fix_links(group)].count("Appoint someone") == 1
    assert "3 findings" not in html and "4 findings</p>" in html


def test_a_vacancy_is_one_item_in_chinese_too(world, client_as):
    html = client_as("viewer").get("/findings/", headers=CHINESE).content.decode()
    assert html.count('class="finding finding--group"') == 1 and "客服经理" in html
    assert "退款步骤2" in html


def test_the_role_page_shows_its_vacancy_as_one(world, client_as):
    html = client_as("viewer").get("/roles/cs-manager/").content.decode()
    assert html.count('class="finding finding--group"') == 1


def test_a_post_vacant_on_one_duty_stays_a_finding_of_its_own(world, client_as):
    lone = factories.RoleFactory(code="lone", name="Lone post", department=world["manager"]
                                 .department)
    give(bilingual_duty("lone-duty", "Lone duty", "孤单职责"), lone, Raci.ACCOUNTABLE)
    give(world["plan"].__class__.objects.get(code="lone-duty"), world["manager"], Raci.RESPONSIBLE)
    html = client_as("viewer").get("/findings/").content.decode()
    assert html.count('class="finding finding--group"') == 1
    assert "Appoint someone to Lone post, or hand “Lone duty” to a party" in html


# Queries stay flat as the findings grow.

def more_findings(world, n):
    for number in range(n):
        duty = bilingual_duty(f"extra-{number}", f"Extra {number}", f"额外{number}")
        give(duty, world["cs_manager"], Raci.ACCOUNTABLE)
        give(duty, factories.DepartmentFactory(), Raci.ACCOUNTABLE + Raci.RESPONSIBLE)


@pytest.mark.parametrize(("url", "role"), [
    ("/findings/", "viewer"), ("/findings/", "process_editor"), ("/findings/", "superuser"),
    ("/roles/cs-manager/", "viewer"), ("/duties/refund-0/", "editor"),
    ("/api/v1/findings/?limit=1000", "viewer"),
])
def test_named_findings_cost_the_same_queries_at_any_size(
        world, url, role, client_as, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(role)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    more_findings(world, 8)
    client.get(url)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)
