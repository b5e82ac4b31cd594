"""Proposals through the REST API: proposing (readers too), every shape error, the list and its
filters, a proposal with its consent and findings, answering through to applied or rejected,
the author's revisions and state changes, and what everyone else is refused."""

import json
from datetime import timedelta

import pytest
import yaml
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from guardian.shortcuts import assign_perm

from findings.store import findings_current
from governance.models import Answer, Proposal, ProposalCell, ProposalState
from governance.services import MAX_CELLS, proposal_create, proposals_settle
from responsibilities.services.cells import CellChange, cells_set
from tests import factories
from tests.module_world import client_of, superuser_make, user_make
from tests.registry.test_schema_and_auth import document_errors
from tests.snapshots import matrix_cells

pytestmark = pytest.mark.django_db

PROPOSALS = "/api/v1/proposals/"
GIVE_TO_SERVICE = [{"duty": "feedback", "party": "role:engineer", "raci": "C"}]


def proposal_url(pk, tail=""):
    return f"/api/v1/proposals/{pk}/{tail}"


def lead_of(department):
    """A user who may edit `department`, and so answer for it."""
    user = user_make(f"lead-{department.code}")
    assign_perm("departments.change_department", user, department)
    return user


@pytest.fixture
def org():
    """Technology's engineer and Customer service's agent both Responsible for user feedback
    (a step of Support's process), Support Accountable; the leads of the three departments,
    the author of the proposals, and a superuser."""
    tech = factories.DepartmentFactory(code="tech", name="Technology")
    service = factories.DepartmentFactory(code="service", name="Customer service")
    support = factories.DepartmentFactory(code="support", name="Support office")
    factories.RoleFactory(code="engineer", name="Engineer", department=tech)
    factories.RoleFactory(code="agent", name="Agent", department=service)
    care = factories.ProcessFactory(code="care", name="Care", owner=support)
    factories.DutyFactory(code="feedback", title="Handle user feedback", process=care)
    factories.DutyFactory(code="refunds", title="Approve refunds", process=care)
    cells_set(changes=[CellChange("feedback", "role:engineer", "R"),
                       CellChange("feedback", "role:agent", "R"),
                       CellChange("feedback", "department:support", "A")], user=None)
    findings_current()
    return {"author": user_make("author"), "superuser": superuser_make(),
            "tech": tech, "service": service, "support": support,
            **{f"lead-{d.code}": lead_of(d) for d in (tech, service, support)}}


def propose(org, cells=GIVE_TO_SERVICE, **extra):
    """POST the proposal as the author; its answer."""
    body = {"title": "Feedback to customer service",
            "reason": "The same problems keep coming back.", "cells": cells, **extra}
    return client_of(org["author"]).post(PROPOSALS, body, format="json")


def proposed(org, cells=GIVE_TO_SERVICE, **extra):
    response = propose(org, cells, **extra)
    assert response.status_code == 201, response.content
    return response.json()


def answer(org, pk, code, verdict="consent", reason="", user=None):
    return client_of(user or org[f"lead-{code}"]).post(
        proposal_url(pk, "answers/"), {"department": code, "answer": verdict, "reason": reason},
        format="json")


def patch(org, pk, user=None, **body):
    return client_of(user or org["author"]).patch(proposal_url(pk), body, format="json")


def detail(org, pk, user=None):
    response = client_of(user or org["author"]).get(proposal_url(pk))
    assert response.status_code == 200, response.content
    return response.json()


def rules(findings):
    return sorted(finding["rule"] for finding in findings)


# --- proposing -----------------------------------------------------------------------------


def test_a_reader_proposes_and_gets_the_proposal_open_with_its_cells_and_consent(org):
    reader = user_make("reader")
    response = client_of(reader).post(PROPOSALS, {
        "title": " Feedback to customer service ", "reason": "Faster answers.",
        "cells": GIVE_TO_SERVICE}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["author"], body["state"], body["round"]) == (
        "Feedback to customer service", "reader", "open", 1)
    assert body["opened_at"] and body["closed_at"] is None and body["deadline"] is None
    assert body["cells"] == [{"duty": "feedback", "duty_title": "Handle user feedback",
                              "party": "role:engineer", "party_name": "Engineer",
                              "department": "tech", "before": "R", "after": "C"}]
    assert [(row["department"], row["department_name"], row["answer"], row["may_answer"])
            for row in body["consent"]] == [("support", "Support office", None, False),
                                            ("tech", "Technology", None, False)]
    proposal = Proposal.objects.get(pk=body["id"])
    assert (proposal.author, proposal.state) == (reader, ProposalState.OPEN)
    assert list(ProposalCell.objects.filter(proposal=proposal).values_list(
        "duty__code", "role__code", "before", "after")) == [("feedback", "engineer", "R", "C")]
    assert matrix_cells()[("feedback", "role:engineer")] == "R"  # nothing applied yet


def test_a_draft_waits_for_its_author_to_submit_it(org):
    body = proposed(org, draft=True)
    assert (body["state"], body["opened_at"]) == ("draft", None)
    assert answer(org, body["id"], "tech").status_code == 400
    response = patch(org, body["id"], state="open")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "open"
    assert answer(org, body["id"], "tech").status_code == 201


def test_anonymous_visitors_may_not_propose_or_read(org):
    anonymous = client_of(None)
    assert anonymous.post(PROPOSALS, {"title": "t", "reason": "r", "cells": GIVE_TO_SERVICE},
                          format="json").status_code == 401
    assert anonymous.get(PROPOSALS).status_code == 401
    assert not Proposal.objects.exists()


GOOD = {"title": "Feedback to customer service", "reason": "Faster answers.",
        "cells": GIVE_TO_SERVICE}


@pytest.mark.parametrize(("body", "field", "message"), [
    ([GOOD], "non_field_errors", "Invalid data"),
    ("feedback", "non_field_errors", "Invalid data"),
    ({**GOOD, "cells": "feedback"}, "cells", "Expected a list"),
    ({**GOOD, "cells": {"duty": "feedback"}}, "cells", "Expected a list"),
    ({**GOOD, "cells": [7]}, "cells", "Expected a dictionary"),
    ({**GOOD, "cells": [["feedback", "role:engineer", "C"]]}, "cells", "Expected a dictionary"),
    ({**GOOD, "cells": [{"duty": 7, "party": "role:engineer", "raci": "C"}]}, "cells",
     "Not a valid string"),
    ({**GOOD, "cells": [{"duty": "feedback", "party": "role:engineer", "raci": ["C"]}]},
     "cells", "Not a valid string"),
    ({**GOOD, "cells": [{"duty": "feedback", "raci": "C"}]}, "cells", "required"),
    ({**GOOD, "cells": [{"duty": "x" * 10_000, "party": "role:engineer", "raci": "C"}]},
     "cells", "no more than 100 characters"),
    ({**GOOD, "cells": GIVE_TO_SERVICE * (MAX_CELLS + 1)}, "cells", "no more than 200"),
    ({key: value for key, value in GOOD.items() if key != "cells"}, "cells", "required"),
    ({**GOOD, "title": 7}, "title", "Not a valid string"),
    ({**GOOD, "title": "  "}, "title", "may not be blank"),
    ({**GOOD, "title": "t" * 201}, "title", "no more than 200 characters"),
    ({**GOOD, "reason": None}, "reason", "may not be null"),
    ({**GOOD, "reason": "r" * 10_000}, "reason", "no more than 5000 characters"),
    ({**GOOD, "draft": "perhaps"}, "draft", "valid boolean"),
    # the shape is right: the service refuses the cells themselves
    ({**GOOD, "cells": []}, "cells", "Give at least one cell."),
    ({**GOOD, "cells": [{"duty": "nope", "party": "role:engineer", "raci": "C"}]}, "cells",
     "there is no duty “nope”"),
    ({**GOOD, "cells": [{"duty": "feedback", "party": "engineer", "raci": "C"}]}, "cells",
     "is not a party"),
    ({**GOOD, "cells": [{"duty": "feedback", "party": "role:engineer", "raci": "X"}]},
     "cells", "not a RACI letter"),
    ({**GOOD, "cells": [{"duty": "feedback", "party": "role:engineer", "raci": "R"}]},
     "cells", "already holds “R”"),
], ids=lambda value: str(value)[:40] if not isinstance(value, dict) else None)
def test_a_proposal_of_the_wrong_shape_is_a_400_naming_the_field_and_nothing_is_proposed(
        org, body, field, message):
    response = client_of(org["author"]).post(PROPOSALS, body, format="json")
    assert response.status_code == 400, response.content
    assert message in str(response.json()[field])
    assert not Proposal.objects.exists() and not ProposalCell.objects.exists()


# --- the list --------------------------------------------------------------------------------


@pytest.fixture
def three(org):
    """A draft on refunds by the author; an open proposal on feedback (engineer) by the author;
    a withdrawn one on feedback (the agent's letters, Customer service) by a reader: newest
    last."""
    reader = user_make("reader")
    first = proposal_create(user=org["author"], title="Refunds", reason="r", draft=True,
                            cells=[{"duty": "refunds", "party": "department:tech", "raci": "A"}])
    second = proposal_create(user=org["author"], title="Feedback", reason="r",
                             cells=GIVE_TO_SERVICE)
    third = proposal_create(user=reader, title="Agent", reason="r",
                            cells=[{"duty": "feedback", "party": "role:agent", "raci": "A"}])
    patch(org, third.pk, user=reader, state="withdrawn")
    return [first.pk, second.pk, third.pk]


def listed(org, query=""):
    response = client_of(org["author"]).get(f"{PROPOSALS}{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_list_gives_every_proposal_newest_first_with_its_cells(org, three):
    body = listed(org)
    assert body["count"] == 3
    assert [item["id"] for item in body["results"]] == three[::-1]
    first = body["results"][2]
    assert (first["title"], first["author"], first["state"]) == ("Refunds", "author", "draft")
    assert first["cells"] == [{"duty": "refunds", "duty_title": "Approve refunds",
                               "party": "department:tech", "party_name": "Technology",
                               "department": "tech", "before": "", "after": "A"}]
    assert "consent" not in first and "findings" not in first


@pytest.mark.parametrize(("query", "expected"), [
    ("?state=draft", [0]), ("?state=withdrawn", [2]),
    ("?department=tech", [1, 0]), ("?department=service", [2]), ("?department=support", []),
    ("?duty=feedback", [2, 1]), ("?duty=refunds", [0]),
    ("?author=reader", [2]), ("?author=author&duty=feedback", [1]),
    ("?limit=1&offset=1", [1]),
])
def test_the_list_filters_by_state_department_duty_and_author(org, three, query, expected):
    assert [item["id"] for item in listed(org, query)["results"]] == [three[i] for i in expected]


@pytest.mark.parametrize(("query", "field"), [
    ("?state=approved", "state"), ("?department=nope", "department"), ("?duty=nope", "duty"),
    ("?author=nobody", "author"),
])
def test_an_unknown_filter_value_is_a_400_naming_it(org, three, query, field):
    response = client_of(org["author"]).get(f"{PROPOSALS}{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_the_deadline_shows_while_a_proposal_is_open_when_the_setting_is_on(org, settings):
    settings.RACI_CONSENT_DAYS = 7
    opened = proposed(org)
    draft = proposed(org, cells=[{"duty": "refunds", "party": "role:agent", "raci": "R"}],
                     draft=True)
    assert parse_datetime(opened["deadline"]) == (
        parse_datetime(opened["opened_at"]) + timedelta(days=7))
    assert draft["deadline"] is None
    patch(org, opened["id"], state="withdrawn")
    assert detail(org, opened["id"])["deadline"] is None


# --- one proposal --------------------------------------------------------------------------


def test_the_detail_previews_the_findings_applying_would_resolve_and_changes_nothing(org):
    pk = proposed(org)["id"]
    before = matrix_cells()
    body = detail(org, pk)
    # the engineer post, held by nobody, is no longer Responsible beside the agent; Technology
    # is left without a letter that makes it do anything
    assert rules(body["findings"]["resolved"]) == ["shared-responsible", "vacant-owner"]
    assert rules(body["findings"]["introduced"]) == ["idle-department"]
    shared = next(finding for finding in body["findings"]["resolved"]
                  if finding["rule"] == "shared-responsible")
    assert shared["duty"] == "feedback" and "Handle user feedback" in shared["message"]
    assert matrix_cells() == before
    assert Proposal.objects.get(pk=pk).state == ProposalState.OPEN


def test_the_detail_tells_a_department_lead_they_may_answer(org):
    pk = proposed(org)["id"]
    consent = {row["department"]: row["may_answer"]
               for row in detail(org, pk, user=org["lead-tech"])["consent"]}
    assert consent == {"support": False, "tech": True}


def test_an_unknown_proposal_is_a_404(org):
    client = client_of(org["author"])
    assert client.get(proposal_url(999999)).status_code == 404
    assert client.get(proposal_url(999999, "answers/")).status_code == 404
    assert answer(org, 999999, "tech").status_code == 404
    assert patch(org, 999999, title="Mine").status_code == 404


@pytest.mark.parametrize(("method", "path"), [
    ("put", "{pk}"), ("delete", "{pk}"), ("put", "list"), ("delete", "list"),
    ("patch", "list"), ("put", "answers"), ("delete", "answers"),
])
def test_putting_and_deleting_are_not_offered(org, method, path):
    pk = proposed(org)["id"]
    url = {"{pk}": proposal_url(pk), "list": PROPOSALS,
           "answers": proposal_url(pk, "answers/")}[path]
    response = getattr(client_of(org["author"]), method)(url, GOOD, format="json")
    assert response.status_code == 405
    assert Proposal.objects.get(pk=pk).state == ProposalState.OPEN


# --- answering -----------------------------------------------------------------------------


def test_the_last_consent_applies_the_proposal_and_the_history_names_it(org):
    pk = proposed(org)["id"]
    first = answer(org, pk, "tech")
    assert first.status_code == 201, first.content
    assert (first.json()["answer"], first.json()["by"], first.json()["proposal_state"]) == (
        "consent", "lead-tech", "open")
    assert matrix_cells()[("feedback", "role:engineer")] == "R"
    last = answer(org, pk, "support")
    assert last.status_code == 201, last.content
    assert last.json()["proposal_state"] == "applied"
    assert matrix_cells()[("feedback", "role:engineer")] == "C"
    history = client_of(org["author"]).get("/api/v1/history/?duty=feedback").json()["results"]
    assert {change["reason"] for change in history if change["who"] == "author"} == {
        f"proposal #{pk}"}
    body = detail(org, pk)
    assert body["state"] == "applied" and body["closed_at"]
    assert rules(body["findings"]["resolved"]) == ["shared-responsible", "vacant-owner"]
    assert [(row["department"], row["answer"], row["by"], row["may_answer"])
            for row in body["consent"]] == [("support", "consent", "lead-support", False),
                                            ("tech", "consent", "lead-tech", False)]


def test_an_objection_needs_a_reason_and_rejects_the_proposal(org):
    pk = proposed(org)["id"]
    silent = answer(org, pk, "tech", "objection")
    assert silent.status_code == 400
    assert list(silent.json()) == ["reason"]
    assert not Answer.objects.exists()
    objected = answer(org, pk, "tech", "objection", reason="We must stay consulted.")
    assert objected.status_code == 201
    assert (objected.json()["reason"], objected.json()["proposal_state"]) == (
        "We must stay consulted.", "rejected")
    assert matrix_cells()[("feedback", "role:engineer")] == "R"
    assert answer(org, pk, "support").status_code == 400  # closed for answers


def test_answering_for_a_department_one_may_not_edit_is_a_403_and_records_nothing(org):
    pk = proposed(org)["id"]
    for user in (org["lead-service"], org["author"]):
        response = answer(org, pk, "tech", user=user)
        assert response.status_code == 403
        assert "You may not answer for Technology" in response.json()["detail"]
    assert not Answer.objects.exists()


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"department": "nope", "answer": "consent"}, "department", "There is no department"),
    ({"department": "service", "answer": "consent"}, "department", "is not asked"),
    ({"department": "tech", "answer": "maybe"}, "answer", "not a valid choice"),
    ({"department": "tech"}, "answer", "required"),
    ({"department": ["tech"], "answer": "consent"}, "department", ""),
    ({"department": "tech", "answer": "objection", "reason": 7}, "reason", "Not a valid string"),
])
def test_a_wrong_answer_is_a_400_naming_the_field(org, body, field, message):
    pk = proposed(org)["id"]
    response = client_of(org["lead-service"]).post(proposal_url(pk, "answers/"), body,
                                                   format="json")
    assert response.status_code == 400, response.content
    assert message in str(response.json()[field])
    assert not Answer.objects.exists()


def test_a_department_answers_once_per_round(org):
    pk = proposed(org)["id"]
    assert answer(org, pk, "tech").status_code == 201
    again = answer(org, pk, "tech", "objection", reason="On second thought.")
    assert again.status_code == 400
    assert "already answered" in str(again.json()["department"])
    assert Answer.objects.count() == 1


def test_the_answers_list_every_round_oldest_first(org):
    pk = proposed(org)["id"]
    answer(org, pk, "support")
    answer(org, pk, "tech", "objection", reason="Keep us informed.")
    patch(org, pk, cells=[{"duty": "feedback", "party": "role:engineer", "raci": "CI"}])
    answer(org, pk, "tech")
    response = client_of(org["author"]).get(proposal_url(pk, "answers/"))
    assert response.status_code == 200
    assert [(row["round"], row["department"], row["department_name"], row["answer"],
             row["reason"], row["by"], row["automatic"]) for row in response.json()] == [
        (1, "support", "Support office", "consent", "", "lead-support", False),
        (1, "tech", "Technology", "objection", "Keep us informed.", "lead-tech", False),
        (2, "tech", "Technology", "consent", "", "lead-tech", False)]


# --- the author's changes ------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    {"title": "Mine now"}, {"state": "withdrawn"}, {"state": "open"}, {},
    {"cells": [{"duty": "feedback", "party": "role:engineer", "raci": "I"}]},
])
@pytest.mark.parametrize("who", ["lead-tech", "superuser"])
def test_only_the_author_may_change_a_proposal(org, body, who):
    pk = proposed(org)["id"]
    response = patch(org, pk, user=org[who], **body)
    assert response.status_code == 403
    assert "Only the author" in response.json()["detail"]
    proposal = Proposal.objects.get(pk=pk)
    assert (proposal.title, proposal.state, proposal.round) == (
        "Feedback to customer service", ProposalState.OPEN, 1)
    assert list(proposal.cells.values_list("after", flat=True)) == ["C"]


def test_the_author_revises_the_title_and_reason_of_an_open_proposal(org):
    pk = proposed(org)["id"]
    response = patch(org, pk, title="Feedback, answered faster", reason="Customers wait.")
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["reason"], body["state"], body["round"]) == (
        "Feedback, answered faster", "Customers wait.", "open", 1)


def test_new_cells_put_an_open_proposal_to_the_departments_again(org):
    pk = proposed(org)["id"]
    answer(org, pk, "support")
    response = patch(org, pk, cells=[{"duty": "feedback", "party": "role:engineer",
                                      "raci": "CI"}])
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["round"]) == ("open", 2)
    assert [(cell["before"], cell["after"]) for cell in body["cells"]] == [("R", "CI")]
    assert [row["answer"] for row in body["consent"]] == [None, None]


def test_the_author_withdraws_and_the_proposal_shows_no_findings(org):
    pk = proposed(org)["id"]
    response = patch(org, pk, state="withdrawn")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "withdrawn" and body["closed_at"]
    assert body["findings"] == {"introduced": [], "resolved": []}
    assert answer(org, pk, "tech").status_code == 400


def test_the_author_reopens_a_rejected_proposal_as_a_new_round(org):
    pk = proposed(org)["id"]
    answer(org, pk, "tech", "objection", reason="Not yet.")
    response = patch(org, pk, state="open")
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["round"]) == ("open", 2)


def test_revised_cells_and_open_reopen_a_rejected_proposal_in_one_request(org):
    pk = proposed(org)["id"]
    answer(org, pk, "tech", "objection", reason="Keep us informed.")
    response = patch(org, pk, state="open", reason="Informed, then.",
                     cells=[{"duty": "feedback", "party": "role:engineer", "raci": "I"}])
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["round"], body["reason"]) == ("open", 2, "Informed, then.")
    assert [cell["after"] for cell in body["cells"]] == ["I"]


def test_refreshing_a_stale_proposal_applies_it_when_the_change_still_holds(org):
    pk = proposed(org)["id"]
    answer(org, pk, "support")
    cells_set(changes=[CellChange("feedback", "role:engineer", "RI")], user=None)
    assert answer(org, pk, "tech").json()["proposal_state"] == "stale"
    assert detail(org, pk)["state"] == "stale"
    response = patch(org, pk, state="open")
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["round"]) == ("applied", 1)
    assert matrix_cells()[("feedback", "role:engineer")] == "CI"


@pytest.mark.parametrize(("body", "field"), [
    ({"state": "applied"}, "state"), ({"state": "rejected"}, "state"), ({"state": 1}, "state"),
    ({"state": "open"}, "state"),  # it is open already
    ({"title": ""}, "title"), ({"cells": "all"}, "cells"), ({"cells": []}, "cells"),
    ({"cells": GIVE_TO_SERVICE * (MAX_CELLS + 1)}, "cells"),
    # all or nothing: the new title is not kept when the state change is refused
    ({"title": "Renamed", "state": "open"}, "state"),
])
def test_a_change_the_proposal_cannot_take_is_a_400_and_changes_nothing(org, body, field):
    pk = proposed(org)["id"]
    response = patch(org, pk, **body)
    assert response.status_code == 400, response.content
    assert field in response.json()
    proposal = Proposal.objects.get(pk=pk)
    assert (proposal.title, proposal.state, proposal.round) == (
        "Feedback to customer service", ProposalState.OPEN, 1)


def test_nothing_changes_an_applied_proposal(org):
    pk = proposed(org)["id"]
    answer(org, pk, "tech")
    answer(org, pk, "support")
    for body in ({"title": "Later"}, {"state": "withdrawn"}, {"state": "open"}):
        response = patch(org, pk, **body)
        assert response.status_code == 400
        assert "This proposal is applied" in str(response.json()["state"])
    assert Proposal.objects.get(pk=pk).state == ProposalState.APPLIED


def test_names_follow_the_readers_language(org):
    tech = org["tech"]
    tech.name_zh_hans = "技术部"
    tech.save()
    pk = proposed(org)["id"]
    response = client_of(org["author"]).get(proposal_url(pk), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert [row["department_name"] for row in response.json()["consent"]
            if row["department"] == "tech"] == ["技术部"]


def test_a_consent_given_by_the_deadline_shows_as_automatic(org, settings):
    settings.RACI_CONSENT_DAYS = 1
    pk = proposed(org)["id"]
    answer(org, pk, "tech")
    proposals_settle(now=timezone.now() + timedelta(days=2))
    rows = {row["department"]: row for row in detail(org, pk)["consent"]}
    assert (rows["support"]["answer"], rows["support"]["by"], rows["support"]["automatic"]) == (
        "consent", None, True)
    assert rows["tech"]["automatic"] is False


def test_a_draft_revised_and_submitted_in_one_request_opens_with_its_new_cells(org):
    pk = proposed(org, draft=True)["id"]
    response = patch(org, pk, state="open",
                     cells=[{"duty": "feedback", "party": "role:engineer", "raci": "RI"}])
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["round"]) == ("open", 1)
    assert [(cell["before"], cell["after"]) for cell in body["cells"]] == [("R", "RI")]


def test_head_asks_for_the_answers_without_giving_one(org):
    pk = proposed(org)["id"]
    assert client_of(org["lead-tech"]).head(proposal_url(pk, "answers/")).status_code == 200
    assert not Answer.objects.exists()


def test_every_answer_has_the_shape_the_api_document_declares(org):
    document = yaml.safe_load(client_of(None).get("/api/v1/schema/").content)
    pk = proposed(org)["id"]
    sent = [
        ("get", PROPOSALS, client_of(org["author"]).get(PROPOSALS)),
        ("post", PROPOSALS, propose(org, cells=[
            {"duty": "refunds", "party": "department:service", "raci": "AR"}])),
        ("get", "/api/v1/proposals/{id}/", client_of(org["lead-tech"]).get(proposal_url(pk))),
        ("post", "/api/v1/proposals/{id}/answers/", answer(org, pk, "tech")),
        ("post", "/api/v1/proposals/{id}/answers/", answer(org, pk, "support")),
        ("get", "/api/v1/proposals/{id}/", client_of(org["author"]).get(proposal_url(pk))),
        ("get", "/api/v1/proposals/{id}/answers/",
         client_of(org["author"]).get(proposal_url(pk, "answers/"))),
        ("patch", "/api/v1/proposals/{id}/", patch(org, pk, title="Too late")),
        ("patch", "/api/v1/proposals/{id}/", patch(org, pk, user=org["lead-tech"], title="No")),
    ]
    for method, path, response in sent:
        assert document_errors(document, method, path, response) == [], (
            method, path, response.status_code)
    assert [response.status_code for _method, _path, response in sent] == [
        200, 201, 200, 201, 201, 200, 200, 400, 403]


@pytest.mark.parametrize("body", [[GOOD], "open", 7, None])
def test_a_body_that_is_not_an_object_is_a_400_everywhere_and_changes_nothing(org, body):
    pk = proposed(org)["id"]
    client = client_of(org["author"])
    for method, url in (("PATCH", proposal_url(pk)), ("POST", proposal_url(pk, "answers/")),
                        ("POST", PROPOSALS)):
        response = client.generic(method, url, json.dumps(body),
                                  content_type="application/json")
        assert response.status_code == 400, (url, response.content)
        assert response.json()
    assert Proposal.objects.count() == 1 and not Answer.objects.exists()
    assert Proposal.objects.get().title == "Feedback to customer service"


def test_with_public_reading_anyone_reads_proposals_but_only_users_propose(org, settings):
    settings.REGISTRY_PUBLIC_READ = True
    pk = proposed(org)["id"]
    anonymous = client_of(None)
    assert [item["id"] for item in anonymous.get(PROPOSALS).json()["results"]] == [pk]
    body = anonymous.get(proposal_url(pk)).json()
    assert [row["may_answer"] for row in body["consent"]] == [False, False]
    assert anonymous.get(proposal_url(pk, "answers/")).status_code == 200
    assert anonymous.post(PROPOSALS, GOOD, format="json").status_code == 401
    assert anonymous.post(proposal_url(pk, "answers/"), {"department": "tech",
                                                         "answer": "consent"},
                          format="json").status_code == 401
    assert anonymous.patch(proposal_url(pk), {"state": "withdrawn"},
                           format="json").status_code == 401
    assert Proposal.objects.get(pk=pk).state == ProposalState.OPEN
