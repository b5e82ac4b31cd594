"""lookup/?q=: who owns this, best match first, with the people to call."""

import datetime

import pytest
from django.utils import timezone

from responsibilities.models import Raci
from tests import factories

pytestmark = pytest.mark.django_db


def codes(response):
    return [duty["code"] for duty in response.json()["results"]]


@pytest.fixture
def refunds(db):
    process = factories.ProcessFactory(code="after-sales", name="Refund handling")
    factories.DutyFactory(code="pay-out", title="Pay the money back", process=process)
    factories.DutyFactory(code="explain", title="Explain the policy",
                description="Tell the customer when the refund arrives.")
    factories.DutyFactory(code="approve", title="Approve a Refund")
    factories.DutyFactory(code="refund-review", title="Review")
    factories.DutyFactory(code="refund", title="Refunds")
    factories.DutyFactory(code="old-refund", title="Old", is_active=False)


def test_lookup_ranks_exact_code_then_code_then_title_then_the_rest(refunds, api_client_as):
    response = api_client_as("viewer").get("/api/v1/lookup/?q=REFUND")
    assert response.status_code == 200
    # the description and the process name count alike: the duty in a process comes first
    assert codes(response) == ["refund", "refund-review", "approve", "pay-out", "explain"]
    assert [duty["reasons"] for duty in response.json()["results"]][3:] == [
        ["description"], ["description"]]


def test_lookup_finds_chinese_substrings(db, api_client_as):
    process = factories.ProcessFactory(code="payment-outage", name="支付接口故障")
    factories.DutyFactory(code="payment-fix", title="修复支付接口", process=process)
    factories.DutyFactory(code="payment-detect", title="发现支付故障", process=process)
    factories.DutyFactory(code="complaint", title="受理投诉")
    factories.DutyFactory(code="postmortem", title="复盘", process=process)
    response = api_client_as("viewer").get("/api/v1/lookup/?q=支付")
    # title matches first, each process's steps in order
    assert codes(response) == ["payment-fix", "payment-detect", "postmortem"]
    assert response.json()["results"][0]["process_name"] == "支付接口故障"


def test_lookup_gives_each_letter_its_parties_people_and_channels(db, api_client_as):
    department = factories.DepartmentFactory(code="cs", name="Customer service", chat="#cs",
                                   email="cs@example.com")
    role = factories.RoleFactory(code="cs-agent", name="Agent", department=department)
    today = timezone.localdate()
    ada = factories.PersonFactory(name="Ada", email="ada@example.com", phone="110", chat="@ada")
    factories.MembershipFactory(role=role, person=ada)
    factories.MembershipFactory(role=role, person=factories.PersonFactory(name="Gone"),
                      end_date=today - datetime.timedelta(days=1))
    factories.MembershipFactory(role=role,
                                person=factories.PersonFactory(name="Inactive", is_active=False))
    duty = factories.DutyFactory(code="answer", title="Answer the phone")
    factories.AssignmentFactory(duty=duty, role=role, raci=Raci.RESPONSIBLE)
    factories.AssignmentFactory(duty=duty, department=department, raci=Raci.ACCOUNTABLE)
    card = api_client_as("viewer").get("/api/v1/lookup/?q=answer").json()["results"][0]
    agent = card["raci"]["R"][0]
    assert (agent["party"], agent["chat"], agent["email"]) == ("role:cs-agent", "#cs",
                                                              "cs@example.com")
    assert agent["people"] == [{"name": "Ada", "email": "ada@example.com", "phone": "110",
                                "chat": "@ada"}]
    assert [p["name"] for p in card["raci"]["A"][0]["people"]] == ["Ada"]
    assert card["raci"]["C"] == card["raci"]["I"] == []


@pytest.mark.parametrize("query", ["", "?q=", "?q=%20%20"])
def test_lookup_without_words_is_a_400_saying_what_to_give(db, api_client_as, query):
    response = api_client_as("viewer").get(f"/api/v1/lookup/{query}")
    assert response.status_code == 400
    assert "Say what to look for" in response.json()["q"][0]


def test_a_party_held_by_many_lists_five_people_and_counts_them_all(db, api_client_as):
    department = factories.DepartmentFactory(code="cs")
    role = factories.RoleFactory(department=department)
    for number in range(12):
        factories.MembershipFactory(role=role, person=factories.PersonFactory(name=f"P{number:02}"))
    factories.AssignmentFactory(duty=factories.DutyFactory(code="answer"), department=department,
                                raci=Raci.ACCOUNTABLE)
    owner = api_client_as("viewer").get("/api/v1/lookup/?q=answer").json()["results"][0][
        "raci"]["A"][0]
    assert [person["name"] for person in owner["people"]] == ["P00", "P01", "P02", "P03", "P04"]
    assert owner["people_count"] == 12


def test_an_answer_gives_the_best_ten_unless_asked_for_more(db, api_client_as):
    for number in range(15):
        factories.DutyFactory(code=f"refund-{number}", title=f"Refund case {number}")
    client = api_client_as("viewer")
    body = client.get("/api/v1/lookup/?q=refund").json()
    assert (len(body["results"]), body["count"]) == (10, 15)
    assert "offset=10" in body["next"]
    assert len(client.get("/api/v1/lookup/?q=refund&limit=12").json()["results"]) == 12
