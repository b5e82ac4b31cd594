"""The proposal pages: the list, the form that proposes and revises, the proposal's page with
its change, findings and answers, the buttons that answer, open and withdraw it, and the
links to them from the duty, findings and matrix pages.

The page world's open proposal (tests/page_world.py) asks that Far department be Informed of
Own duty as well as Consulted: Far department and Own department (the owner of own-process)
must consent. dept_admin answers for Own department, editor for any department."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import strip_tags

from departments.models import Department
from findings.selectors import findings_list
from findings.store import finding_key
from governance import page_selectors, views
from governance.forms import ProposalForm
from governance.models import Answer, Proposal, ProposalState
from governance.services import proposal_create, proposals_settle
from responsibilities.models import Raci
from responsibilities.services.cells import CellChange, cells_set
from tests import factories
from tests.page_world import WORLD_PROPOSAL
from tests.snapshots import matrix_cells

pytestmark = pytest.mark.django_db

NEW = reverse("governance:proposal_new")
LIST = reverse("governance:proposal_list")
# The form's letters field of a party on the first duty shown.
FAR_DEPT = "d0-department:far-dept"
OWN_ROLE = "d0-role:own-role"


def text(response):
    """What a reader reads on the page, its white space made single spaces."""
    return " ".join(strip_tags(response.content.decode()).split())


def detail(proposal):
    return reverse("governance:proposal_detail", args=[proposal.pk])


def action(name, proposal):
    return reverse(f"governance:proposal_{name}", args=[proposal.pk])


def filled(response, **changes):
    """The form of `response` as the page filled it in, with `changes` ({field: value})."""
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    return {**data, **changes}


def propose(client, query="duty=own-duty", action_name="propose", **changes):
    """Fill in and send the proposal form for the duties of `query`."""
    url = f"{NEW}?{query}"
    data = filled(client.get(url), **{"title": "Far department informed too",
                                      "reason": "Far hears of complaints too late.", **changes})
    return client.post(url, {**data, "action": action_name})


def letters(duty="own-duty"):
    return {party: raci for (code, party), raci in matrix_cells().items() if code == duty}


def state(proposal):
    return Proposal.objects.get(pk=proposal.pk).state


def answer(client, proposal, department, verdict="consent", reason=""):
    return client.post(action("answer", proposal), {
        "department": department, "verdict": verdict, "reason": reason}, follow=True)


def mine(user, **extra):
    """An open proposal by `user`: Far department Responsible for Own duty too (a second R)."""
    return proposal_create(user=user, title="Far department responsible too",
                           reason="They do half of it already.",
                           cells=[{"duty": "own-duty", "party": "department:far-dept",
                                   "raci": "RC"}], **extra)


# The list


def test_the_list_shows_the_open_proposals_with_author_cells_and_state(page_world, client_as):
    response = client_as("viewer").get(LIST)
    page = text(response)
    assert response.status_code == 200
    assert f"{WORLD_PROPOSAL} open for answers proposer 1" in page
    assert f'href="{detail(page_world.proposal)}"' in response.content.decode()


def test_the_list_filters_by_state_and_shows_mine(page_world, client_as, viewer):
    draft = mine(viewer, draft=True)
    client = client_as("viewer")
    assert draft.title not in text(client.get(LIST))
    assert draft.title in text(client.get(LIST, {"state": "draft"}))
    everything = text(client.get(LIST, {"state": "all"}))
    assert draft.title in everything and WORLD_PROPOSAL in everything
    own = text(client.get(LIST, {"state": "all", "author": "me"}))
    assert draft.title in own and WORLD_PROPOSAL not in own
    assert "You have no proposals here." in text(client_as("editor").get(
        LIST, {"author": "me"}))


def test_a_state_that_does_not_exist_is_a_form_error_over_the_open_proposals(page_world,
                                                                             client_as):
    response = client_as("viewer").get(LIST, {"state": "lost"})
    assert response.status_code == 200
    assert "Select a valid choice. lost is not one of the available choices." in text(response)
    assert WORLD_PROPOSAL in text(response)


def test_the_list_is_paged(page_world, client_as, viewer, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 1)
    mine(viewer)
    client = client_as("viewer")
    assert "Page 1 of 2" in text(client.get(LIST))
    second = text(client.get(LIST, {"page": 2}))
    assert WORLD_PROPOSAL in second and "Far department responsible too" not in second


# The form


def test_the_form_shows_each_party_on_the_duty_with_its_letters(page_world, client_as):
    response = client_as("viewer").get(NEW, {"duty": "own-duty"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/duties/own-duty/">Own duty</a>' in html
    form = response.context["form"]
    assert form[FAR_DEPT].label == "Letters of Far department on Own duty"
    assert form[FAR_DEPT].value() == "C" and form[OWN_ROLE].value() == "AR"
    assert form[OWN_ROLE].label == "Letters of Own role · Own department on Own duty"
    assert f'<label class="visually-hidden" for="id_{FAR_DEPT}">' in html
    assert form["d0-add1-party"].label == "Department or role 1 to add on Own duty"
    assert form["d0-add2-letters"].label == "Letters of department or role 2 added on Own duty"
    assert "Propose" in text(response) and "Save as a draft" in text(response)


def test_the_parties_offered_are_the_departments_and_the_roles_of_those_on_the_duty(
        page_world, client_as):
    elsewhere = factories.DepartmentFactory(code="legal", name="Legal")
    factories.RoleFactory(code="counsel", name="Counsel", department=elsewhere)
    html = client_as("viewer").get(NEW, {"duty": "own-duty"}).content.decode()
    options = html.split('<datalist id="party-options">')[1].split("</datalist>")[0]
    assert 'value="Legal"' in options and 'value="Far department"' in options
    assert 'value="Own role · Own department"' in options
    assert 'value="Far role · Far department"' in options
    assert "Counsel" not in options


def test_a_process_brings_its_active_duties_in_step_order(page_world, client_as,
                                                         monkeypatch):
    factories.DutyFactory(process=page_world.own_process, code="old-duty", title="Old duty",
                          is_active=False)
    page = text(client_as("viewer").get(NEW, {"process": "own-process"}))
    assert page.index("Own duty") < page.index("Next duty") and "Old duty" not in page
    monkeypatch.setattr(page_selectors, "MAX_DUTIES", 1)
    monkeypatch.setattr("governance.proposal_pages.MAX_DUTIES", 1)
    page = text(client_as("viewer").get(NEW, {"process": "own-process"}))
    assert "The first 1 step of Own process is shown." in page and "Next duty" not in page


@pytest.fixture
def shared_key(page_world):
    """Far department Responsible for Own duty too: a shared-responsible finding's key."""
    factories.AssignmentFactory(duty=page_world.own_duty, department=page_world.far_department,
                                raci=Raci.RESPONSIBLE)
    return next(finding_key(f.finding) for f in findings_list(duty="own-duty")
                if f.rule == "shared-responsible")


def test_a_finding_fills_in_the_title_and_brings_its_duty(shared_key, client_as):
    response = client_as("viewer").get(NEW, {"finding": shared_key})
    message = "Decide which one department does “Own duty”"
    assert response.status_code == 200 and message in response.context["form"]["title"].value()
    assert f"Fixing the finding: {message}" in text(response)
    assert response.context["form"][FAR_DEPT].value() == "RC"


def test_without_duties_the_form_asks_for_a_process(page_world, client_as):
    response = client_as("viewer").get(NEW)
    assert response.status_code == 200
    assert "Which duties?" in text(response) and '<option value="own-process">' in (
        response.content.decode())


@pytest.mark.parametrize(("query", "message"), [
    ("duty=nope", "There is no duty “nope”."),
    ("duty=own-duty&duty=nope", "There is no duty “nope”."),
    ("process=nowhere", "There is no process “nowhere”."),
    ("finding=0", "There is no open finding with this key"),
    ("duty=" + "x" * 300, "There is no duty “" + "x" * 40 + "”."),
])
def test_a_bad_scope_is_a_clear_400(page_world, client_as, query, message):
    response = client_as("viewer").get(f"{NEW}?{query}")
    assert response.status_code == 400 and message in text(response)


def test_a_process_without_active_duties_is_a_clear_400(page_world, client_as):
    factories.ProcessFactory(code="empty", name="Empty process")
    response = client_as("viewer").get(NEW, {"process": "empty"})
    assert response.status_code == 400
    assert "Empty process has no active duty to change." in text(response)


def test_too_many_duties_is_a_clear_400(page_world, client_as, monkeypatch):
    monkeypatch.setattr("governance.proposal_pages.MAX_DUTIES", 1)
    response = client_as("viewer").get(f"{NEW}?duty=own-duty&duty=next-duty")
    assert response.status_code == 400
    assert "A proposal form shows at most 1 duties: name fewer." in text(response)


def test_anonymous_visitors_log_in_to_propose_even_when_reading_is_public(page_world, client,
                                                                         settings):
    settings.REGISTRY_PUBLIC_READ = True
    response = client.get(NEW, {"duty": "own-duty"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    refused = client.post(f"{NEW}?duty=own-duty", {"title": "x", "reason": "y",
                                                  FAR_DEPT: "CI", "action": "propose"})
    assert refused.status_code == 403 and "Log in to propose a change." in text(refused)
    assert Proposal.objects.count() == 1


def test_proposing_sends_only_the_changed_cells_and_shows_the_proposal(page_world,
                                                                      client_as):
    client = client_as("viewer")
    response = propose(client, **{FAR_DEPT: "R, C"})
    proposal = Proposal.objects.get(title="Far department informed too")
    assert response.status_code == 302 and response.url == detail(proposal)
    assert proposal.state == ProposalState.OPEN and proposal.author.username == "viewer"
    assert [(c.duty.code, c.key, c.before, c.after) for c in proposal.cells.all()] == [
        ("own-duty", "department:far-dept", "C", "RC")]
    page = text(client.get(response.url))
    assert "Proposed: the departments it touches are asked to consent." in page
    assert letters()["department:far-dept"] == "C"  # nothing applied yet


def test_a_draft_asks_nobody_until_its_author_opens_it(page_world, client_as):
    client = client_as("viewer")
    propose(client, action_name="draft", **{FAR_DEPT: "CI"})
    proposal = Proposal.objects.get(title="Far department informed too")
    page = text(client.get(detail(proposal)))
    assert proposal.state == ProposalState.DRAFT
    assert "Saved as a draft" in page and "not asked yet" in page and "Open for answers" in page
    opened = client.post(action("open", proposal), follow=True)
    assert state(proposal) == ProposalState.OPEN
    assert "Open for answers: the departments it touches are asked to consent." in text(opened)
    assert "awaiting" in text(opened)


def test_parties_are_added_by_name_in_either_language_or_by_key(page_world, client_as):
    legal = Department.objects.create(code="legal", name_en="Legal", name_zh_hans="法务部")
    factories.RoleFactory(code="counsel", name="Counsel", department=legal)
    client = client_as("viewer")
    propose(client, **{"d0-add1-party": "法务部", "d0-add1-letters": "知会",
                       "d0-add2-party": "role:counsel", "d0-add2-letters": "c"})
    proposal = Proposal.objects.get(title="Far department informed too")
    assert sorted((c.key, c.before, c.after) for c in proposal.cells.all()) == [
        ("department:legal", "", "I"), ("role:counsel", "", "C")]


def test_a_role_is_named_with_its_department_as_the_list_offers_it(page_world, client_as):
    factories.RoleFactory(code="clerk", name="Clerk", department=page_world.far_department)
    factories.RoleFactory(code="clerk-2", name="Clerk", department=page_world.own_department)
    client = client_as("viewer")
    response = propose(client, **{"d0-add1-party": "Clerk", "d0-add1-letters": "I"})
    assert response.status_code == 400
    assert ("Several are called “Clerk”: write one of “Clerk · Far department”, “Clerk · Own "
            "department”.") in text(response)
    propose(client, **{"d0-add1-party": "Clerk · Own department", "d0-add1-letters": "I"})
    assert Proposal.objects.get(title="Far department informed too").cells.get().key == (
        "role:clerk-2")


@pytest.mark.parametrize(("changes", "message"), [
    ({"title": "  "}, "Give the proposal a title."),
    ({"reason": ""}, "Say why the change is needed."),
    ({FAR_DEPT: "CX"}, "“CX” is not a RACI letter"),
    ({FAR_DEPT: "C"}, "Give at least one cell."),  # nothing changed
    ({"d0-add1-party": "Nobody", "d0-add1-letters": "I"},
     "No department or role is called “Nobody”"),
    ({"d0-add1-letters": "I"}, "Say which department or role gets these letters."),
    ({"d0-add1-party": "Far role · Far department"},
     "Far role · Far department is on this duty already"),
    ({"d0-add1-party": "role:own-role", "d0-add1-letters": "I"},
     "Own role · Own department is on this duty already"),
])
def test_form_errors_are_shown_and_nothing_is_proposed(page_world, client_as, changes,
                                                       message):
    defaults = {} if FAR_DEPT in changes else {FAR_DEPT: "CI"}
    response = propose(client_as("viewer"), **{**defaults, **changes})
    assert response.status_code == 400 and message in text(response)
    assert Proposal.objects.count() == 1  # the world's


def test_a_party_added_without_letters_is_a_form_error(page_world, client_as):
    legal = factories.DepartmentFactory(code="legal", name="Legal")
    response = propose(client_as("viewer"), **{"d0-add1-party": legal.name})
    assert response.status_code == 400 and "Give the letters of Legal." in text(response)


def test_a_service_refusal_of_a_cell_lands_on_the_field_that_sent_it(page_world):
    rows = page_selectors.duty_rows([page_world.own_duty])
    form = ProposalForm({"title": "t", "reason": "r", FAR_DEPT: "CI", f"{FAR_DEPT}-shown": "C",
                         OWN_ROLE: "AR", f"{OWN_ROLE}-shown": "AR"},
                        duties=rows, resolve=page_selectors.parties_named)
    assert form.is_valid() and form.cells == [
        {"duty": "own-duty", "party": "department:far-dept", "raci": "CI"}]
    form.add_service_errors(ValidationError({"cells": [
        "cells[0]: department:far-dept already holds “CI” on own-duty.", "Too many."],
        "title": ["Too long."]}))
    assert form.errors == {
        FAR_DEPT: ["department:far-dept already holds “CI” on own-duty."],
        "__all__": ["Too many."], "title": ["Too long."]}


def test_a_party_that_came_after_the_page_was_shown_is_left_as_it_is(page_world, client_as):
    client = client_as("viewer")
    url = f"{NEW}?duty=own-duty"
    data = filled(client.get(url), title="t", reason="r", **{FAR_DEPT: "CI"})
    factories.AssignmentFactory(duty=page_world.own_duty, department=factories.DepartmentFactory(
        code="late"), raci=Raci.INFORMED)
    assert client.post(url, {**data, "action": "propose"}).status_code == 302
    assert Proposal.objects.get(title="t").cells.get().key == "department:far-dept"


# The proposal's page


def test_the_page_shows_the_change_its_findings_and_who_must_consent(page_world, client_as):
    response = client_as("viewer").get(detail(page_world.proposal))
    page = text(response)
    assert response.status_code == 200
    assert f"Proposal {page_world.proposal.pk} · open for answers" in page
    assert "Proposed by proposer · round 1 · opened" in page
    assert "Far department hears of complaints too late." in page
    assert "Far department C C+I (added)" in page
    assert "If it were applied to the matrix as it stood when it was put forward (" in page
    assert "Far department awaiting Own department awaiting" in page
    assert 'name="verdict"' not in response.content.decode()  # a viewer answers for no one
    assert "Edit" not in page and "Withdraw" not in page


def test_the_dry_run_names_the_findings_it_would_bring(page_world, client_as, viewer):
    proposal = mine(viewer)
    page = text(client_as("viewer").get(detail(proposal)))
    assert ("New findings it would bring Warning Decide which one department does “Own duty”"
            in page)
    assert letters()["department:far-dept"] == "C"  # the dry run wrote nothing


def test_those_who_may_answer_see_a_form_for_their_departments_only(page_world, client_as):
    html = client_as("dept_admin").get(detail(page_world.proposal)).content.decode()
    assert html.count('name="verdict" value="consent"') == 1
    assert 'name="department" value="own-dept"' in html
    assert '<label for="reason-own-dept">Reason of Own department (needed to object)</label>' in (
        html)
    assert html.count('name="verdict"') == 2
    assert html.count('name="department"') == 1
    assert html.count('value="far-dept"') == 0


def test_the_pages_name_parties_and_duties_in_the_readers_language(page_world, client_as):
    page_world.far_department.name_zh_hans = "远方部门"
    page_world.far_department.save()
    client, chinese = client_as("viewer"), {"Accept-Language": "zh-hans"}
    detail_page = client.get(detail(page_world.proposal), headers=chinese).content.decode()
    assert '<html lang="zh-hans">' in detail_page and "远方部门" in detail_page
    form = client.get(NEW, {"duty": "own-duty"}, headers=chinese).content.decode()
    assert 'value="远方部门"' in form  # offered in the list of parties


def test_an_unknown_proposal_is_a_404(page_world, client_as):
    assert client_as("viewer").get(reverse("governance:proposal_detail", args=[999999])
                                   ).status_code == 404


def test_consent_by_both_departments_applies_the_change(page_world, client_as, viewer):
    proposal = mine(viewer)
    first = answer(client_as("dept_admin"), proposal, "own-dept")
    assert "Consent recorded. Still awaiting Far department." in text(first)
    assert state(proposal) == ProposalState.OPEN
    last = answer(client_as("editor"), proposal, "far-dept")
    page = text(last)
    assert "Consent recorded. Every department has consented: the change is applied." in page
    assert state(proposal) == ProposalState.APPLIED and letters()["department:far-dept"] == "CR"
    assert "When it was applied:" in page
    assert "New findings it brought Warning Decide which one department does “Own duty”" in page
    assert "Consent by dept_admin" in page and "Consent by editor" in page
    assert "Edit" not in text(client_as("viewer").get(detail(proposal)))


def test_an_objection_rejects_and_its_reason_is_shown(page_world, client_as, viewer):
    proposal = mine(viewer)
    response = answer(client_as("dept_admin"), proposal, "own-dept", "objection",
                      "We would lose track of who answers.")
    page = text(response)
    assert "Objection recorded: the proposal is rejected." in page
    assert "Objection by dept_admin" in page and "We would lose track of who answers." in page
    assert state(proposal) == ProposalState.REJECTED and letters()["department:far-dept"] == "C"
    assert "Reopen" in text(client_as("viewer").get(detail(proposal)))


def test_an_objection_without_a_reason_comes_back_and_records_nothing(page_world, client_as):
    response = answer(client_as("dept_admin"), page_world.proposal, "own-dept", "objection")
    assert response.redirect_chain[-1][0] == detail(page_world.proposal)
    assert "Say why you object, so that the author can revise the proposal." in text(response)
    assert not Answer.objects.exists()


def test_answering_for_a_department_one_does_not_represent_is_refused(page_world, client_as):
    response = client_as("dept_admin").post(action("answer", page_world.proposal), {
        "department": "far-dept", "verdict": "consent"})
    assert response.status_code == 403
    assert "You may not answer for Far department" in text(response)
    assert "Not allowed" in text(response)  # the styled page
    assert not Answer.objects.exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"department": "legal", "verdict": "consent"}, "Legal is not asked to answer"),
    ({"department": "nowhere", "verdict": "consent"}, "There is no department “nowhere”."),
    ({"department": "own-dept", "verdict": "maybe"}, "Choose to consent or to object."),
    ({"verdict": "consent"}, "Say which department answers."),
])
def test_a_bad_answer_comes_back_with_the_reason(page_world, client_as, data, message):
    factories.DepartmentFactory(code="legal", name="Legal")
    response = client_as("editor").post(action("answer", page_world.proposal), data,
                                        follow=True)
    assert response.redirect_chain[-1][0] == detail(page_world.proposal)
    assert message in text(response) and not Answer.objects.exists()


def test_a_department_answers_once_per_round(page_world, client_as):
    answer(client_as("dept_admin"), page_world.proposal, "own-dept")
    again = answer(client_as("dept_admin"), page_world.proposal, "own-dept")
    assert "Own department has already answered this round." in text(again)
    assert Answer.objects.count() == 1


def test_a_revision_after_an_objection_is_a_new_round_with_the_old_answers_folded(
        page_world, client_as, viewer):
    proposal = mine(viewer)
    answer(client_as("dept_admin"), proposal, "own-dept", "objection", "Too much at once.")
    client = client_as("viewer")
    form = client.get(action("edit", proposal))
    assert form.context["form"][FAR_DEPT].value() == "RC"
    response = client.post(action("edit", proposal), filled(form, **{FAR_DEPT: "CI"}),
                           follow=True)
    page = text(response)
    assert "Revised: the change is put to the departments again, as round 2." in page
    assert (state(proposal), Proposal.objects.get(pk=proposal.pk).round) == (
        ProposalState.OPEN, 2)
    assert "1 answer to earlier rounds" in page
    assert "Round 1, Own department: objection by dept_admin" in page
    assert "Far department C C+I (added)" in page


def test_a_rejected_proposal_is_reopened_as_a_new_round(page_world, client_as, viewer):
    proposal = mine(viewer)
    answer(client_as("dept_admin"), proposal, "own-dept", "objection", "Not now.")
    response = client_as("viewer").post(action("open", proposal), follow=True)
    assert "Reopened: the departments are asked again, as round 2." in text(response)
    assert state(proposal) == ProposalState.OPEN


def test_saving_the_same_cells_keeps_the_round(page_world, client_as, viewer):
    proposal = mine(viewer)
    answer(client_as("dept_admin"), proposal, "own-dept")
    client = client_as("viewer")
    form = client.get(action("edit", proposal))
    response = client.post(action("edit", proposal), filled(form, title="Renamed"),
                           follow=True)
    assert "Saved." in text(response) and "Renamed" in text(response)
    assert Proposal.objects.get(pk=proposal.pk).round == 1
    assert Answer.objects.count() == 1


def test_an_edit_with_errors_changes_nothing(page_world, client_as, viewer):
    proposal = mine(viewer)
    client = client_as("viewer")
    response = client.post(action("edit", proposal), filled(
        client.get(action("edit", proposal)), title="", **{FAR_DEPT: "Q"}))
    assert response.status_code == 400
    assert "Give the proposal a title." in text(response) and "“Q” is not a RACI letter" in (
        text(response))
    assert Proposal.objects.get(pk=proposal.pk).title == "Far department responsible too"


def test_a_stale_proposal_is_explained_and_refreshed(page_world, client_as, viewer):
    proposal = mine(viewer)
    answer(client_as("dept_admin"), proposal, "own-dept")
    cells_set(changes=[CellChange("own-duty", "department:far-dept", "CI")], user=None)
    response = answer(client_as("editor"), proposal, "far-dept")
    assert "the proposal is stale and nothing was applied" in text(response)
    client = client_as("viewer")
    page = text(client.get(detail(proposal)))
    assert "The matrix changed since this proposal was put forward" in page
    assert "Far department C +R (added)C CI changed since" in page
    assert "Refresh" in page
    refreshed = text(client.post(action("open", proposal), follow=True))
    # R still comes and C stays; the I added meanwhile stays too: the same change, applied.
    assert "Every department it needs has consented: the change is applied." in refreshed
    assert letters()["department:far-dept"] == "CIR"


def test_a_refresh_that_changes_what_is_proposed_asks_again(page_world, client_as, viewer):
    proposal = proposal_create(user=viewer, title="Inform far, no longer consult", reason="r",
                               cells=[{"duty": "own-duty", "party": "department:far-dept",
                                       "raci": "I"}])
    answer(client_as("dept_admin"), proposal, "own-dept")
    cells_set(changes=[CellChange("own-duty", "department:far-dept", "")], user=None)
    answer(client_as("editor"), proposal, "far-dept")
    response = client_as("viewer").post(action("open", proposal), follow=True)
    assert ("Refreshed against the matrix as it stands: what it changes is different now, so "
            "it is put to the departments again, as round 2.") in text(response)
    assert "Far department awaiting Own department awaiting" in text(response)


def test_a_refresh_that_finds_the_change_made_already_says_so(page_world, client_as, viewer):
    proposal = mine(viewer)
    answer(client_as("dept_admin"), proposal, "own-dept")
    cells_set(changes=[CellChange("own-duty", "department:far-dept", "RC")], user=None)
    answer(client_as("editor"), proposal, "far-dept")
    response = client_as("viewer").post(action("open", proposal), follow=True)
    assert ("The matrix holds what it proposed already: it is closed, with nothing left to "
            "change.") in text(response)


def test_the_author_withdraws_and_the_proposal_changes_nothing(page_world, client_as, viewer):
    proposal = mine(viewer)
    response = client_as("viewer").post(action("withdraw", proposal), follow=True)
    page = text(response)
    assert "The proposal is withdrawn: it will not change the matrix." in page
    assert "Nothing: it was withdrawn." in page and "Withdraw" not in page.replace(
        "withdrawn", "")
    assert state(proposal) == ProposalState.WITHDRAWN
    again = client_as("viewer").post(action("withdraw", proposal), follow=True)
    assert "This proposal is withdrawn: it cannot do that now." in text(again)
    closed = client_as("viewer").get(action("edit", proposal), follow=True)
    assert "This proposal is withdrawn: it cannot change any more." in text(closed)


def test_only_the_author_edits_opens_or_withdraws(page_world, client_as):
    proposal = page_world.proposal
    client = client_as("editor")
    for response in (client.get(action("edit", proposal)),
                     client.post(action("edit", proposal), {"title": "Mine", "reason": "x"}),
                     client.post(action("open", proposal)),
                     client.post(action("withdraw", proposal))):
        assert response.status_code == 403
        assert "Only the author of a proposal may change, reopen or withdraw it." in (
            text(response))
    assert Proposal.objects.get(pk=proposal.pk).title == WORLD_PROPOSAL
    assert state(proposal) == ProposalState.OPEN


@pytest.mark.parametrize("name", ["answer", "open", "withdraw"])
def test_the_buttons_routes_take_posts_only(page_world, client_as, name):
    assert client_as("viewer").get(action(name, page_world.proposal)).status_code == 405


def test_silence_past_the_deadline_is_shown_as_consent(page_world, client_as, viewer,
                                                       settings):
    settings.RACI_CONSENT_DAYS = 7
    proposal = mine(viewer)
    assert "departments that have not answered by" in text(client_as("viewer").get(
        detail(proposal)))
    answer(client_as("dept_admin"), proposal, "own-dept")
    Proposal.objects.filter(pk=proposal.pk).update(
        opened_at=Proposal.objects.get(pk=proposal.pk).opened_at.replace(year=2000))
    proposals_settle()
    page = text(client_as("viewer").get(detail(proposal)))
    assert "Far department Consent: given by the deadline" in page


# Where proposing is offered


def test_the_duty_page_offers_proposing_and_lists_the_open_proposals(page_world, client_as,
                                                                     client, settings):
    response = client_as("viewer").get("/duties/own-duty/")
    html = response.content.decode()
    assert f'href="{NEW}?duty=own-duty"' in html and "Propose a change" in text(response)
    assert f'<a href="{detail(page_world.proposal)}">{WORLD_PROPOSAL}</a>' in html
    assert "1 cell, proposed by proposer" in text(response)
    settings.REGISTRY_PUBLIC_READ = True
    assert "Propose a change" not in text(client.get("/duties/own-duty/"))


def test_the_findings_page_offers_a_fix_proposal_for_each_finding_on_a_duty(
        shared_key, client_as, client, settings):
    html = client_as("viewer").get("/findings/").content.decode()
    assert f'href="{NEW}?duty=own-duty&amp;finding={shared_key}"' in html
    assert "Propose a fix" in html
    settings.REGISTRY_PUBLIC_READ = True
    assert "Propose a fix" not in client.get("/findings/").content.decode()


def test_the_matrix_offers_proposing_for_the_process_or_duty_it_shows(page_world, client_as):
    client = client_as("viewer")
    assert f'href="{NEW}?process=own-process"' in client.get(
        "/matrix/", {"process": "own-process"}).content.decode()
    assert f'href="{NEW}?duty=own-duty"' in client.get(
        "/matrix/", {"duty": "own-duty"}).content.decode()
    assert f'href="{NEW}"' in client.get("/matrix/").content.decode()


def test_the_site_menu_links_the_proposals(page_world, client_as):
    response = client_as("viewer").get(LIST)
    assert f'<a href="{LIST}" aria-current="page">Proposals</a>' in response.content.decode()
    assert f'<a href="{LIST}">Proposals</a>' in client_as("viewer").get("/").content.decode()
