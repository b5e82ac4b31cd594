"""Proposals through their services: who must consent, each answer, applying as one batch,
objections, stale proposals refreshed, the consent deadline, and who may answer."""

from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone, translation
from guardian.shortcuts import assign_perm

from findings.selectors import findings_list
from findings.store import findings_current
from governance.models import Answer, Proposal, ProposalState, Verdict
from governance.selectors import consent_rows, proposal_cells
from governance.services import (
    proposal_answer,
    proposal_create,
    proposal_open,
    proposal_revise,
    proposal_withdraw,
    proposals_settle,
)
from responsibilities.models import Assignment
from responsibilities.services.cells import CellChange, cells_set
from responsibilities.templatetags.change_tags import reason_label
from tests import factories
from tests.module_world import user_make

pytestmark = pytest.mark.django_db


def lead_of(department):
    """A user who may edit `department` (guardian change_department)."""
    user = user_make(f"lead-{department.code}")
    assign_perm("departments.change_department", user, department)
    return user


@pytest.fixture
def org():
    """Technology and Customer service both Responsible for user feedback (a step of Support's
    process), Customer service Accountable; a reader proposes."""
    tech = factories.DepartmentFactory(code="tech", name="Technology")
    service = factories.DepartmentFactory(code="service", name="Customer service")
    support = factories.DepartmentFactory(code="support", name="Support office")
    engineer = factories.RoleFactory(code="engineer", name="Engineer", department=tech)
    agent = factories.RoleFactory(code="agent", name="Agent", department=service)
    process = factories.ProcessFactory(code="care", name="Care", owner=support)
    factories.DutyFactory(code="feedback", title="Handle user feedback", process=process)
    cells_set(changes=[CellChange("feedback", "role:engineer", "R"),
                       CellChange("feedback", "role:agent", "AR")], user=None)
    findings_current()
    return SimpleNamespace(tech=tech, service=service, support=support, engineer=engineer,
                           agent=agent, author=user_make("author"),
                           leads={d.code: lead_of(d) for d in (tech, service, support)})


GIVE_TO_SERVICE = [{"duty": "feedback", "party": "role:engineer", "raci": "C"}]


def letters(duty="feedback"):
    rows = Assignment.objects.filter(duty__code=duty).values_list("role__code", "raci")
    found = {}
    for role, letter in rows:
        found[role] = "".join(sorted(found.get(role, "") + letter))
    return found


def propose(org, cells=GIVE_TO_SERVICE, **extra):
    return proposal_create(user=org.author, title="Feedback to customer service",
                           reason="The same problems keep coming back.", cells=cells, **extra)


def answer(org, proposal, code, verdict=Verdict.CONSENT, reason=""):
    department = {"tech": org.tech, "service": org.service, "support": org.support}[code]
    return proposal_answer(user=org.leads[code], proposal=proposal, department=department,
                           verdict=verdict, reason=reason)


def state(proposal):
    return Proposal.objects.get(pk=proposal.pk).state


def test_consent_is_needed_from_each_changed_party_the_process_owner_and_the_accountable(org):
    proposal = propose(org, cells=[*GIVE_TO_SERVICE,
                                   {"duty": "feedback", "party": "department:tech", "raci": "I"}])
    rows = consent_rows(proposal, proposal_cells(proposal), user=org.leads["tech"])
    # Customer service's letters stay, but it is Accountable for the duty: it is asked too
    assert [(row.department.code, row.answer, row.answerable) for row in rows] == [
        ("service", None, False), ("support", None, False), ("tech", None, True)]


def test_the_last_consent_applies_the_proposal_and_its_history_names_it(org):
    proposal = propose(org)
    answer(org, proposal, "support")
    answer(org, proposal, "service")
    assert state(proposal) == ProposalState.OPEN and letters()["engineer"] == "R"
    answer(org, proposal, "tech")
    applied = Proposal.objects.get(pk=proposal.pk)
    assert applied.state == ProposalState.APPLIED and applied.closed_at is not None
    assert letters() == {"engineer": "C", "agent": "AR"}
    history = Assignment.history.filter(duty__code="feedback", role__code="engineer")
    assert {(row.history_change_reason, row.history_user) for row in history
            if row.history_date >= applied.opened_at} == {(f"proposal #{proposal.pk}",
                                                            org.author)}
    # the engineer post nobody holds is no longer Responsible either
    assert sorted(f["rule"] for f in applied.applied_findings["resolved"]) == [
        "shared-responsible", "vacant-owner"]
    assert not list(findings_list(rule="shared-responsible"))


def test_one_objection_rejects_and_a_revision_opens_a_new_round(org):
    proposal = propose(org)
    answer(org, proposal, "support")
    with pytest.raises(ValidationError) as error:
        answer(org, proposal, "tech", Verdict.OBJECTION)
    assert "reason" in error.value.message_dict and state(proposal) == ProposalState.OPEN
    answer(org, proposal, "tech", Verdict.OBJECTION, reason="We must stay consulted and informed.")
    assert state(proposal) == ProposalState.REJECTED and letters()["engineer"] == "R"
    revised = proposal_revise(user=org.author, proposal=proposal, cells=[
        {"duty": "feedback", "party": "role:engineer", "raci": "CI"}])
    assert (revised.state, revised.round) == (ProposalState.OPEN, 2)
    answer(org, proposal, "tech")
    answer(org, proposal, "service")
    assert state(proposal) == ProposalState.OPEN  # support's round-1 consent does not carry
    answer(org, proposal, "support")
    assert state(proposal) == ProposalState.APPLIED and letters()["engineer"] == "CI"


def test_a_concurrent_edit_makes_it_stale_and_a_refresh_keeps_the_answers(org):
    proposal = propose(org)
    answer(org, proposal, "support")
    answer(org, proposal, "service")
    cells_set(changes=[CellChange("feedback", "role:engineer", "RI")], user=None)
    answer(org, proposal, "tech")
    assert state(proposal) == ProposalState.STALE and letters()["engineer"] == "IR"
    refreshed = proposal_open(user=org.author, proposal=proposal)
    # R still goes, C still comes; the I someone added stays: the same change, applied at once.
    assert (refreshed.state, refreshed.round) == (ProposalState.APPLIED, 1)
    assert letters()["engineer"] == "CI"


def test_a_refresh_that_changes_what_is_proposed_starts_a_new_round(org):
    proposal = propose(org)
    answer(org, proposal, "support")
    answer(org, proposal, "service")
    cells_set(changes=[CellChange("feedback", "role:engineer", "")], user=None)
    answer(org, proposal, "tech")
    assert state(proposal) == ProposalState.STALE
    refreshed = proposal_open(user=org.author, proposal=proposal)
    assert (refreshed.state, refreshed.round) == (ProposalState.OPEN, 2)
    assert [(c.before, c.after) for c in proposal_cells(refreshed)] == [("", "C")]


def test_silence_past_the_deadline_is_consent(org, settings):
    settings.RACI_CONSENT_DAYS = 7
    proposal = propose(org)
    answer(org, proposal, "tech")
    answer(org, proposal, "service")
    assert proposals_settle(now=timezone.now() + timedelta(days=6)) == []
    assert [p.pk for p in proposals_settle(now=timezone.now() + timedelta(days=8))] == [
        proposal.pk]
    assert state(proposal) == ProposalState.APPLIED
    automatic = Answer.objects.get(proposal=proposal, department=org.support)
    assert (automatic.automatic, automatic.by, automatic.verdict) == (True, None, Verdict.CONSENT)


def test_no_deadline_by_default_waits_for_every_answer(org):
    proposal = propose(org)
    assert proposals_settle(now=timezone.now() + timedelta(days=3650)) == []
    assert state(proposal) == ProposalState.OPEN


def test_a_user_cannot_answer_for_a_department_they_do_not_represent(org):
    proposal = propose(org)
    with pytest.raises(PermissionDenied):
        proposal_answer(user=org.leads["service"], proposal=proposal, department=org.tech,
                        verdict=Verdict.CONSENT)
    with pytest.raises(PermissionDenied):
        proposal_answer(user=org.author, proposal=proposal, department=org.tech,
                        verdict=Verdict.CONSENT)
    assert not Answer.objects.exists()


def test_the_holder_of_an_approver_role_answers_for_its_department(org):
    approver = factories.RoleFactory(code="cto", name="CTO", department=org.tech,
                                     is_approver=True)
    user = user_make("cto")
    factories.MembershipFactory(role=approver, person=factories.PersonFactory(user=user))
    proposal = propose(org)
    proposal_answer(user=user, proposal=proposal, department=org.tech, verdict=Verdict.CONSENT)
    assert Answer.objects.get().by == user


def test_a_department_not_asked_cannot_answer(org):
    proposal = propose(org)
    legal = factories.DepartmentFactory(code="legal", name="Legal")
    with pytest.raises(ValidationError) as error:
        proposal_answer(user=lead_of(legal), proposal=proposal, department=legal,
                        verdict=Verdict.CONSENT)
    assert "not asked" in error.value.message_dict["department"][0]


def test_a_department_answers_once_per_round(org):
    proposal = propose(org)
    answer(org, proposal, "tech")
    with pytest.raises(ValidationError):
        answer(org, proposal, "tech")
    assert Answer.objects.count() == 1


def test_only_the_author_may_revise_or_withdraw(org):
    proposal = propose(org)
    for change in (lambda user: proposal_revise(user=user, proposal=proposal, title="Mine"),
                   lambda user: proposal_withdraw(user=user, proposal=proposal)):
        with pytest.raises(PermissionDenied):
            change(org.leads["tech"])
    assert proposal_withdraw(user=org.author, proposal=proposal).state == ProposalState.WITHDRAWN
    with pytest.raises(ValidationError):
        answer(org, proposal, "tech")


@pytest.mark.parametrize(("cells", "message"), [
    ([], "Give at least one cell."),
    ([{"duty": "nope", "party": "role:engineer", "raci": "R"}], "there is no duty “nope”"),
    ([{"duty": "feedback", "party": "role:engineer", "raci": "X"}], "not a RACI letter"),
    ([{"duty": "feedback", "party": "role:engineer", "raci": "R"}], "already holds “R”"),
])
def test_bad_cells_are_refused_and_nothing_is_proposed(org, cells, message):
    with pytest.raises(ValidationError) as error:
        propose(org, cells=cells)
    assert message in " ".join(error.value.message_dict["cells"])
    assert not Proposal.objects.exists()


def test_a_proposal_needs_a_title_and_a_reason(org):
    with pytest.raises(ValidationError) as error:
        proposal_create(user=org.author, title=" ", reason="", cells=GIVE_TO_SERVICE)
    assert set(error.value.message_dict) == {"title", "reason"}


def test_a_draft_waits_for_its_author_to_open_it(org):
    proposal = propose(org, draft=True)
    with pytest.raises(ValidationError):
        answer(org, proposal, "tech")
    assert proposal_open(user=org.author, proposal=proposal).state == ProposalState.OPEN


def test_settle_proposals_applies_the_proposals_past_their_deadline(org, settings):
    settings.RACI_CONSENT_DAYS = 7
    proposal = propose(org)
    Proposal.objects.filter(pk=proposal.pk).update(
        opened_at=timezone.now() - timedelta(days=8))
    output = StringIO()
    call_command("settle_proposals", stdout=output)
    assert output.getvalue().splitlines() == [
        "Settling the open proposals older than 7 days…",
        f"  #{proposal.pk} Feedback to customer service: applied",
        "Settled 1 proposal(s): 1 applied, 0 stale."]
    assert letters()["engineer"] == "C"


def test_settle_proposals_says_there_is_no_deadline_and_changes_nothing(org):
    proposal = propose(org)
    output = StringIO()
    call_command("settle_proposals", stdout=output)
    assert "RACI_CONSENT_DAYS is 0" in output.getvalue()
    assert state(proposal) == ProposalState.OPEN


@pytest.mark.parametrize(("reason", "language", "shown"), [
    ("handover #3", "zh-hans", "移交 #3"),
    ("proposal #12", "en", "proposal #12"),
    ("matrix cell", "zh-hans", "矩阵单元格"),
    ("#5", "en", "#5"),
])
def test_a_reason_naming_its_proposal_reads_in_the_readers_language(reason, language, shown):
    with translation.override(language):
        assert reason_label(reason) == shown


def test_a_proposal_that_lost_a_cell_with_its_party_is_stale_and_asks_again(org):
    other = factories.RoleFactory(code="intern", name="Intern", department=org.tech)
    proposal = propose(org, cells=[*GIVE_TO_SERVICE,
                                   {"duty": "feedback", "party": "role:intern", "raci": "I"}])
    answer(org, proposal, "support")
    answer(org, proposal, "service")
    other.delete()  # its cell goes with it: the change consented to is no longer whole
    answer(org, proposal, "tech")
    assert state(proposal) == ProposalState.STALE and letters()["engineer"] == "R"
    refreshed = proposal_open(user=org.author, proposal=proposal)
    assert (refreshed.state, refreshed.round) == (ProposalState.OPEN, 2)


def test_a_proposal_whose_every_cell_was_deleted_cannot_be_reopened(org):
    intern = factories.RoleFactory(code="intern", name="Intern", department=org.tech)
    proposal = propose(org, draft=True,
                       cells=[{"duty": "feedback", "party": "role:intern", "raci": "I"}])
    intern.delete()
    with pytest.raises(ValidationError) as error:
        proposal_open(user=org.author, proposal=proposal)
    assert "Nothing is left to propose" in str(error.value)
    assert state(proposal) == ProposalState.DRAFT


def test_what_it_would_do_to_the_findings_is_worked_out_when_it_is_put_forward(org):
    proposal = propose(org)
    assert [f["rule"] for f in proposal.preview_findings["resolved"]] == [
        "shared-responsible", "vacant-owner"]
    assert proposal.preview_at is not None and letters()["engineer"] == "R"
