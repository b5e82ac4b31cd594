"""Confirmation campaigns through the REST API: opening one (and every refusal), reading one
with its progress per department, renaming it, each person's task and answers, the campaign's
evidence pack read cell by cell, the methods not offered, and a fixed number of queries for
the reads however many campaigns and items there are.

The organisation is tests/governance/campaign_world.py's."""

import io
import json

import pytest
import yaml
from django.utils import timezone
from openpyxl import load_workbook

from governance.campaigns import campaign_open
from governance.models import Campaign, CampaignItem
from governance.services import proposal_create
from responsibilities.models import Duty, Raci
from tests import factories
from tests.governance.campaign_world import *  # noqa: F403 (the fixtures)
from tests.governance.campaign_world import NOT_MINE, in_days
from tests.governance.test_evidence import rows
from tests.module_world import client_of, user_make
from tests.registry.test_schema_and_auth import document_errors

pytestmark = pytest.mark.django_db

CAMPAIGNS = "/api/v1/campaigns/"


def campaign_url(pk, tail=""):
    return f"/api/v1/campaigns/{pk}/{tail}"


def body_of(**extra):
    return {"title": "Technology review", "deadline": in_days(14).isoformat(), **extra}


def answer(campaign, someone, duty, answer="confirmed", **extra):
    return client_of(someone.user).post(campaign_url(campaign.pk, "answers/"),
                                        {"duty": duty, "answer": answer, **extra}, format="json")


def progress_row(department, name, total, **counts):
    return {"department": department, "name": name, "total": total,
            **{state: counts.get(state, 0)
               for state in ("confirmed", "others", "proposed", "disowned", "waiting")}}


# --- opening -----------------------------------------------------------------------------------


def test_a_department_lead_opens_a_campaign_and_gets_it_with_its_progress(world):
    response = client_of(world.tech_lead).post(
        CAMPAIGNS, body_of(title=" Technology review ", department="tech"), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    campaign = Campaign.objects.get()
    assert body == {
        "id": campaign.pk, "title": "Technology review", "department": "tech", "process": None,
        "deadline": in_days(14).isoformat(), "opened_by": "lead-tech",
        "opened_at": body["opened_at"], "reminded_on": None, "closed_at": None,
        "is_open": True, "items": 3, "answered": 0,
        "progress": [progress_row(None, "Technology review", 3, waiting=3),
                     progress_row("tech", "Technology", 3, waiting=3)]}
    assert body["opened_at"]
    assert campaign.items.count() == 3 and campaign.opened_by == world.tech_lead


def test_the_whole_organisation_is_asked_when_neither_scope_is_given(world):
    response = client_of(world.organiser).post(CAMPAIGNS, body_of(department=None),
                                               format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["department"], body["process"], body["items"]) == (None, None, 6)
    assert [(row["department"], row["total"]) for row in body["progress"]] == [
        (None, 6), ("service", 2), ("finance", 1), ("tech", 3)]


@pytest.mark.parametrize(("extra", "field", "message"), [
    ({"deadline": timezone.localdate().isoformat()}, "deadline", "Choose a deadline after today."),
    ({"deadline": "2020-01-01"}, "deadline", "Choose a deadline after today."),
    ({"deadline": "next friday"}, "deadline", "Date has wrong format"),
    ({"deadline": None}, "deadline", "This field may not be null."),
    ({"department": "nope"}, "department", "There is no department “nope”."),
    ({"process": "nope"}, "process", "There is no process “nope”."),
    ({"title": ""}, "title", "This field may not be blank."),
    ({"title": "x" * 201}, "title", "no more than 200 characters"),
    ({"department": "legal"}, "non_field_errors", "there is nobody to ask"),
], ids=["today", "past", "not-a-date", "null-deadline", "unknown-department",
        "unknown-process", "no-title", "long-title", "nobody-to-ask"])
def test_a_campaign_that_cannot_open_is_a_400_naming_the_field_and_nothing_is_saved(
        world, extra, field, message):
    response = client_of(world.root).post(CAMPAIGNS, body_of(**{"department": "tech", **extra}),
                                          format="json")
    assert response.status_code == 400, response.content
    assert message in str(response.json()[field])
    assert not Campaign.objects.exists() and not CampaignItem.objects.exists()


def test_a_campaign_without_a_title_or_deadline_is_a_400_naming_both(world):
    response = client_of(world.root).post(CAMPAIGNS, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"title", "deadline"}


def test_a_department_and_a_process_together_is_a_400(world):
    response = client_of(world.root).post(
        CAMPAIGNS, body_of(department="service", process="care"), format="json")
    assert response.status_code == 400, response.content
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(("who", "scope"), [
    ("service_lead", {"department": "tech"}),
    ("tech_lead", {"process": "care"}),
    ("tech_lead", {}),
    ("care_editor", {}),
    ("reader", {"department": "tech"}),
], ids=["another-department", "a-process-not-theirs", "the-organisation",
        "the-organisation-for-a-process-editor", "a-reader"])
def test_someone_who_may_not_open_it_gets_a_403_and_nothing_is_saved(world, who, scope):
    user = user_make("reader") if who == "reader" else getattr(world, who)
    response = client_of(user).post(CAMPAIGNS, body_of(**scope), format="json")
    assert response.status_code == 403, response.content
    assert "may edit a department or a process" in response.json()["detail"]
    assert not Campaign.objects.exists() and not CampaignItem.objects.exists()


def test_anonymous_visitors_may_neither_open_nor_read_campaigns(world, care):
    anonymous = client_of(None)
    assert anonymous.post(CAMPAIGNS, body_of(department="tech"),
                          format="json").status_code == 401
    for url in (CAMPAIGNS, campaign_url(care.pk), campaign_url(care.pk, "tasks/"),
                campaign_url(care.pk, "evidence/")):
        assert anonymous.get(url).status_code == 401, url
    assert anonymous.post(campaign_url(care.pk, "answers/"), {
        "duty": "feedback", "answer": "confirmed"}, format="json").status_code == 401
    assert Campaign.objects.count() == 1
    assert not CampaignItem.objects.exclude(answer="").exists()


# --- reading and changing ----------------------------------------------------------------------


def test_the_list_gives_every_campaign_newest_first_with_its_counts(world, care):
    newer = campaign_open(user=world.tech_lead, title="Tech review", deadline=in_days(7),
                          department=world.tech)
    answer(care, world.alice, "feedback")
    body = client_of(user_make("reader")).get(CAMPAIGNS).json()
    assert body["count"] == 2
    assert [(row["id"], row["title"], row["department"], row["process"], row["items"],
             row["answered"]) for row in body["results"]] == [
        # Alice's confirmation of feedback, after both opened, settles the items of everyone
        # else asked about it: Gil's in the care review, Tech's two in the newer one
        (newer.pk, "Tech review", "tech", None, 3, 2),
        (care.pk, "Care review", None, "care", 5, 2)]
    assert "progress" not in body["results"][0]
    # and however many there are: the newest first, page after page
    later = [campaign_open(user=world.root, title=f"Review {n}", deadline=in_days(7 + n),
                           department=world.service).pk for n in range(6)]
    listed = [row["id"] for offset in (0, 4)
              for row in client_of(world.root).get(f"{CAMPAIGNS}?limit=4&offset={offset}")
              .json()["results"]]
    assert listed == [*later[::-1], newer.pk, care.pk]


def test_a_campaign_reads_with_its_progress_per_department(world, care):
    answer(care, world.alice, "feedback")
    answer(care, world.bo, "refunds", "disowned", reason=NOT_MINE)
    response = client_of(user_make("reader")).get(campaign_url(care.pk))
    assert response.status_code == 200
    body = response.json()
    # done: Alice's and Bo's answers, and Gil's item on feedback, settled by Alice's
    assert (body["title"], body["process"], body["opened_by"], body["items"],
            body["answered"]) == ("Care review", "care", "lead-care", 5, 3)
    assert body["progress"] == [
        progress_row(None, "Care review", 5, confirmed=1, others=1, disowned=1, waiting=2),
        progress_row("service", "Customer service", 2, disowned=1, waiting=1),
        progress_row("tech", "Technology", 3, confirmed=1, others=1, waiting=1)]


def test_an_unknown_campaign_is_a_404(world):
    client = client_of(world.root)
    for url in (campaign_url(999999), campaign_url(999999, "tasks/"),
                campaign_url(999999, "evidence/")):
        assert client.get(url).status_code == 404, url
    assert client.patch(campaign_url(999999), {"title": "x"}, format="json").status_code == 404
    assert client.post(campaign_url(999999, "answers/"), {
        "duty": "feedback", "answer": "confirmed"}, format="json").status_code == 404


def test_the_opener_renames_the_campaign_and_moves_its_deadline(world, care):
    response = client_of(world.care_editor).patch(campaign_url(care.pk), {
        "title": "Care, yearly review", "deadline": in_days(30).isoformat()}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["deadline"], body["items"]) == (
        "Care, yearly review", in_days(30).isoformat(), 5)
    assert body["progress"][0]["name"] == "Care, yearly review"
    stored = Campaign.objects.get(pk=care.pk)
    assert (stored.title, stored.deadline) == ("Care, yearly review", in_days(30))


@pytest.mark.parametrize(("who", "body", "status", "field"), [
    ("care_editor", {"deadline": "2020-01-01"}, 400, "deadline"),
    ("care_editor", {"title": ""}, 400, "title"),
    ("care_editor", {"deadline": "soon"}, 400, "deadline"),
    ("tech_lead", {"title": "Mine now"}, 403, None),
    ("alice", {"title": "Mine now"}, 403, None),
])
def test_a_change_that_cannot_be_made_is_refused_and_changes_nothing(world, care, who, body,
                                                                      status, field):
    user = world.alice.user if who == "alice" else getattr(world, who)
    response = client_of(user).patch(campaign_url(care.pk), body, format="json")
    assert response.status_code == status, response.content
    if field:
        assert field in response.json()
    stored = Campaign.objects.get(pk=care.pk)
    assert (stored.title, stored.deadline) == ("Care review", in_days(14))


@pytest.mark.parametrize(("method", "path"), [
    ("put", "detail"), ("delete", "detail"), ("put", "list"), ("delete", "list"),
    ("patch", "list"), ("get", "answers"), ("delete", "answers"), ("post", "tasks"),
    ("post", "evidence"),
])
def test_putting_and_deleting_are_not_offered(world, care, method, path):
    url = {"detail": campaign_url(care.pk), "list": CAMPAIGNS,
           "answers": campaign_url(care.pk, "answers/"), "tasks": campaign_url(care.pk, "tasks/"),
           "evidence": campaign_url(care.pk, "evidence/")}[path]
    response = getattr(client_of(world.root), method)(url, body_of(), format="json")
    assert response.status_code == 405
    assert Campaign.objects.get(pk=care.pk).title == "Care review"
    assert Campaign.objects.count() == 1


# --- tasks and answers -----------------------------------------------------------------------


def test_the_tasks_list_every_duty_for_each_person_asked_in_step_order(world, care):
    answer(care, world.alice, "feedback")
    body = client_of(user_make("reader")).get(campaign_url(care.pk, "tasks/")).json()
    assert body["count"] == 5
    assert [(row["duty"], row["person_name"], row["department"], row["answer"],
             bool(row["confirmed_by_another"])) for row in body["results"]] == [
        ("feedback", "Alice Wong", "tech", "confirmed", False),
        ("feedback", "Gil Now", "tech", "", True),
        ("refunds", "Bo Li", "service", "", False),
        ("refunds", "Cai Desk", "service", "", False),
        ("escalate", "Gil Now", "tech", "", False)]
    first = body["results"][0]
    assert (first["duty_title"], first["person"], first["reason"], first["proposal"]) == (
        "Handle user feedback", world.alice.pk, "", None)
    assert first["answered_at"]


def test_confirmed_by_another_is_false_on_an_unanswered_duty_nobody_confirmed(world, care):
    body = client_of(user_make("reader")).get(campaign_url(care.pk, "tasks/")).json()
    assert [row["confirmed_by_another"] for row in body["results"]] == [False] * 5


def test_the_tasks_are_paged_and_one_persons_task_is_asked_for_by_their_id(world, care):
    client = client_of(user_make("reader"))
    page = client.get(campaign_url(care.pk, "tasks/") + "?limit=2&offset=2").json()
    assert page["count"] == 5
    assert [(row["duty"], row["person_name"]) for row in page["results"]] == [
        ("refunds", "Bo Li"), ("refunds", "Cai Desk")]
    assert page["next"] and page["previous"]
    gil = client.get(campaign_url(care.pk, "tasks/") + f"?person={world.gil.pk}").json()
    assert [row["duty"] for row in gil["results"]] == ["feedback", "escalate"]
    nobody = client.get(campaign_url(care.pk, "tasks/") + f"?person={world.fay.pk}").json()
    assert (nobody["count"], nobody["results"]) == (0, [])


@pytest.mark.parametrize("person", ["abc", "0", "-3", "99999999999999999999"])
def test_a_person_that_is_not_an_id_is_a_400(world, care, person):
    response = client_of(world.root).get(campaign_url(care.pk, "tasks/") + f"?person={person}")
    assert response.status_code == 400
    assert list(response.json()) == ["person"]


def test_an_owner_confirms_and_gets_their_task_back(world, care):
    response = answer(care, world.alice, "feedback")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["duty"], body["person"], body["answer"], body["reason"], body["proposal"],
            body["confirmed_by_another"]) == ("feedback", world.alice.pk, "confirmed", "", None,
                                              False)
    feedback = Duty.objects.get(code="feedback")
    assert feedback.confirmed_by == world.alice and feedback.confirmed_at is not None


def test_not_mine_with_a_reason_is_recorded_and_raises_the_finding(world, care):
    response = answer(care, world.bo, "refunds", "disowned", reason=NOT_MINE)
    assert response.status_code == 201, response.content
    assert (response.json()["answer"], response.json()["reason"]) == ("disowned", NOT_MINE)
    findings = client_of(world.root).get("/api/v1/findings/?rule=unconfirmed").json()
    assert [(row["duty"], row["message"]) for row in findings["results"]] == [
        ("refunds", "Hand “Approve refunds” to its real owner, or confirm its letters: Bo Li "
                    f"said it is not theirs (“{NOT_MINE}”).")]


def test_a_proposal_of_ones_own_answers_the_duty_it_changes(world, care):
    proposal = proposal_create(user=world.cai.user, title="Finance approves", reason=NOT_MINE,
                               cells=[{"duty": "refunds", "party": "role:accountant",
                                       "raci": "R"}])
    response = answer(care, world.cai, "refunds", "proposed", proposal=proposal.pk)
    assert response.status_code == 201, response.content
    assert (response.json()["answer"], response.json()["proposal"]) == ("proposed", proposal.pk)


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"answer": "maybe"}, "answer", "is not a valid choice"),
    ({"answer": ""}, "answer", "is not a valid choice"),
    ({"answer": "disowned"}, "reason", "Say why this duty is not yours"),
    ({"answer": "disowned", "reason": "   "}, "reason", "Say why this duty is not yours"),
    ({"answer": "disowned", "reason": "x" * 5001}, "reason", "no more than 5000"),
    ({"answer": "proposed"}, "answer", "“proposed” with your proposal"),
    ({"answer": "proposed", "proposal": 999999}, "proposal", "There is no proposal #999999."),
    ({"answer": "proposed", "proposal": "theirs"}, "proposal",
     "Name a proposal of yours that changes this duty's letters."),
    ({"answer": "proposed", "proposal": "elsewhere"}, "proposal",
     "Name a proposal of yours that changes this duty's letters."),
    ({"duty": "nope"}, "duty", "There is no duty “nope”."),
], ids=["unknown-answer", "no-answer", "disowned-without-reason", "disowned-blank-reason",
        "reason-too-long", "proposed-without-proposal", "unknown-proposal",
        "someone-else's-proposal", "a-proposal-on-another-duty", "unknown-duty"])
def test_an_answer_that_cannot_be_taken_is_a_400_naming_the_field_and_records_nothing(
        world, care, body, field, message):
    theirs = proposal_create(user=world.bo.user, title="Finance approves", reason=NOT_MINE,
                             cells=[{"duty": "refunds", "party": "role:accountant", "raci": "R"}])
    elsewhere = proposal_create(user=world.cai.user, title="Feedback to the desk", reason="-",
                                cells=[{"duty": "feedback", "party": "role:desk", "raci": "C"}])
    body = {"duty": "refunds", "answer": "confirmed", **body}
    body["proposal"] = {"theirs": theirs.pk, "elsewhere": elsewhere.pk}.get(
        body.get("proposal"), body.get("proposal"))
    if body["proposal"] is None:
        del body["proposal"]
    response = client_of(world.cai.user).post(campaign_url(care.pk, "answers/"), body,
                                              format="json")
    assert response.status_code == 400, response.content
    assert message in str(response.json()[field])
    assert not CampaignItem.objects.exclude(answer="").exists()
    assert Duty.objects.get(code="refunds").unconfirmed == []


@pytest.mark.parametrize("who", ["fay", "dan", "tech_lead"])
def test_someone_not_asked_about_the_duty_gets_a_403_and_nothing_changes(world, care, who):
    user = world.tech_lead if who == "tech_lead" else getattr(world, who).user
    response = client_of(user).post(campaign_url(care.pk, "answers/"), {
        "duty": "refunds", "answer": "confirmed"}, format="json")
    assert response.status_code == 403, response.content
    assert "only the people it asks answer for themselves" in response.json()["detail"]
    assert not CampaignItem.objects.exclude(answer="").exists()
    assert Duty.objects.get(code="refunds").confirmed_at is None


def test_a_confirmation_does_not_carry_a_proposal_given_with_it(world, care):
    theirs = proposal_create(user=world.bo.user, title="Finance approves", reason=NOT_MINE,
                             cells=[{"duty": "refunds", "party": "role:accountant", "raci": "R"}])
    response = answer(care, world.cai, "refunds", "confirmed", proposal=theirs.pk)
    assert response.status_code in (201, 400)
    assert CampaignItem.objects.get(campaign=care, person=world.cai).proposal is None


def test_a_closed_campaign_is_a_400_for_every_answer_and_change(world, care):
    Campaign.objects.filter(pk=care.pk).update(closed_at=timezone.now())
    response = answer(care, world.alice, "feedback")
    assert response.status_code == 400
    assert "This campaign has closed" in str(response.json())
    response = client_of(world.care_editor).patch(campaign_url(care.pk), {"title": "Again"},
                                                  format="json")
    assert response.status_code == 400
    assert Campaign.objects.get(pk=care.pk).title == "Care review"


# --- the evidence pack -----------------------------------------------------------------------


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def test_the_evidence_pack_lists_each_persons_answer_cell_by_cell(world, care):
    answer(care, world.alice, "feedback")
    answer(care, world.bo, "refunds", "disowned", reason=NOT_MINE)
    proposal = proposal_create(user=world.cai.user, title="Finance approves refunds",
                               reason=NOT_MINE, cells=[{"duty": "refunds",
                                                        "party": "role:accountant",
                                                        "raci": "R"}], campaign=care)
    response = client_of(user_make("auditor")).get(campaign_url(care.pk, "evidence/"))
    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="evidence-campaign-{care.pk}-{today}.xlsx"')
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert book.sheetnames == ["Campaign", "Matrix", "Owners", "Confirmations", "Findings",
                               "Waivers"]
    items = {(item.duty.code, item.person_id): item for item in CampaignItem.objects.filter(
        campaign=care).select_related("duty")}
    feedback = Duty.objects.get(code="feedback")
    assert rows(book, "Campaign") == [
        ["Duty", "Title", "Person", "Email", "Department", "Answer", "Reason or proposal",
         "Answered on"],
        ["feedback", "Handle user feedback", "Alice Wong", "alice@example.com", "Technology",
         "confirmed", None, local(items[("feedback", world.alice.pk)].answered_at)],
        ["feedback", "Handle user feedback", "Gil Now", "gil@example.com", "Technology",
         "confirmed by Alice Wong", None, local(feedback.confirmed_at)],
        ["refunds", "Approve refunds", "Bo Li", "bo@example.com", "Customer service",
         "not mine", NOT_MINE, local(items[("refunds", world.bo.pk)].answered_at)],
        ["refunds", "Approve refunds", "Cai Desk", "cai@example.com", "Customer service",
         "proposed a change", f"#{proposal.pk} Finance approves refunds",
         local(items[("refunds", world.cai.pk)].answered_at)],
        ["escalate", "Escalate to engineering", "Gil Now", "gil@example.com", "Technology",
         "no answer"],
    ]
    findings = rows(book, "Findings")
    assert ["Not confirmed by its owners", "Warning", "refunds", "Approve refunds",
            "Hand “Approve refunds” to its real owner, or confirm its letters: Bo Li said it "
            f"is not theirs (“{NOT_MINE}”)."] in findings


def test_a_closed_campaigns_pack_shows_the_day_of_its_deadline(world, care):
    Campaign.objects.filter(pk=care.pk).update(deadline=in_days(-3), closed_at=timezone.now())
    response = client_of(world.root).get(campaign_url(care.pk, "evidence/"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="evidence-campaign-{care.pk}-{in_days(-3).isoformat()}.xlsx"')


# --- the API document ------------------------------------------------------------------------


def test_every_answer_has_the_shape_the_api_document_declares(world, care):
    document = yaml.safe_load(client_of(None).get("/api/v1/schema/").content)
    root, reader = client_of(world.root), client_of(user_make("reader"))
    sent = [
        ("get", CAMPAIGNS, reader.get(CAMPAIGNS)),
        ("post", CAMPAIGNS, root.post(CAMPAIGNS, body_of(department="tech"), format="json")),
        ("post", CAMPAIGNS, root.post(CAMPAIGNS, body_of(deadline="2020-01-01"),
                                      format="json")),
        ("post", CAMPAIGNS, reader.post(CAMPAIGNS, body_of(), format="json")),
        ("get", "/api/v1/campaigns/{id}/", reader.get(campaign_url(care.pk))),
        ("patch", "/api/v1/campaigns/{id}/", root.patch(campaign_url(care.pk), {"title": "T"},
                                                         format="json")),
        ("post", "/api/v1/campaigns/{id}/answers/", answer(care, world.alice, "feedback")),
        ("post", "/api/v1/campaigns/{id}/answers/", answer(care, world.bo, "refunds",
                                                           "disowned")),
        ("post", "/api/v1/campaigns/{id}/answers/", answer(care, world.fay, "refunds")),
    ]
    for method, path, response in sent:
        assert document_errors(document, method, path, response) == [], (
            method, path, response.status_code)
    assert [response.status_code for _method, _path, response in sent] == [
        200, 201, 400, 403, 200, 200, 201, 400, 403]


@pytest.mark.parametrize("body", [["x"], "open", 7, None])
def test_a_body_that_is_not_an_object_is_a_400_everywhere_and_changes_nothing(world, care, body):
    client = client_of(world.root)
    for method, url in (("PATCH", campaign_url(care.pk)), ("POST", CAMPAIGNS),
                        ("POST", campaign_url(care.pk, "answers/"))):
        response = client.generic(method, url, json.dumps(body), content_type="application/json")
        assert response.status_code == 400, (url, response.content)
    assert Campaign.objects.count() == 1 and Campaign.objects.get().title == "Care review"


# --- queries -------------------------------------------------------------------------------------


def grow(world, count):
    """`count` more departments, each with an approver post held by a new person and a step of
    Care it is Accountable and its post Responsible for; and a campaign over everything."""
    for _ in range(count):
        department = factories.DepartmentFactory()
        role = factories.RoleFactory(department=department, is_approver=True)
        factories.MembershipFactory(role=role)
        duty = factories.DutyFactory(process=world.care)
        factories.AssignmentFactory(duty=duty, department=department, raci=Raci.ACCOUNTABLE)
        factories.AssignmentFactory(duty=duty, role=role, raci=Raci.RESPONSIBLE)
    campaign_open(user=world.root, title="Everything", deadline=in_days(5))


# URL → the queries it runs, named (logins by force_authenticate: no session or token lookup).
READS = {
    # the count, the campaigns with their scope, opener and counts
    "/api/v1/campaigns/?limit=1000": 2,
    # the campaign (for the permission check), again after it, its progress per department
    "/api/v1/campaigns/{care}/": 3,
    # the campaign, the count of its items, the page of them with duty, person, department
    "/api/v1/campaigns/{care}/tasks/?limit=1000": 3,
}


@pytest.mark.parametrize(("url", "queries"), READS.items(), ids=["list", "retrieve", "tasks"])
def test_the_reads_run_the_same_queries_however_many_campaigns_and_items(
        world, url, queries, django_assert_num_queries):
    client = client_of(user_make("reader"))
    first = campaign_open(user=world.root, title="Care review", deadline=in_days(14),
                          process=world.care)
    client.get(url.format(care=first.pk))  # fills what a first read fills (content types)
    with django_assert_num_queries(queries):
        small = client.get(url.format(care=first.pk)).json()
    grow(world, 15)
    # a campaign over the grown process: 20 items rather than 5, and two campaigns more
    grown = campaign_open(user=world.root, title="Care review", deadline=in_days(14),
                          process=world.care)
    answer(grown, world.alice, "feedback")
    answer(grown, world.bo, "refunds", "disowned", reason=NOT_MINE)
    assert grown.items.count() == first.items.count() + 15
    with django_assert_num_queries(queries):
        big = client.get(url.format(care=grown.pk)).json()
    assert len(json.dumps(big)) > len(json.dumps(small))


def test_answering_through_the_api_is_not_offered_to_inactive_logins(world, care):
    world.alice.user.is_active = False
    world.alice.user.save()
    response = answer(care, world.alice, "feedback")
    assert response.status_code in (401, 403)
    assert CampaignItem.objects.get(campaign=care, person=world.alice).answer == ""
