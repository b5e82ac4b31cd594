"""Every read of proposals: lists, one proposal with its cells and answers, and what its page
shows of them (before and after, each department's answer)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from departments.models import Department
from findings.engine import Finding
from findings.naming import findings_shown
from governance.consent import answerable, consent_needed
from governance.models import Answer, Proposal, ProposalCell, ProposalState
from registry.languages import reader_order


def proposal_list(*, state=None, author=None, department=None, duty=None):
    """Proposals, newest first, with their author and how many cells each changes; `department`
    (a code): those with a cell of that department or of one of its roles; `duty` (a code):
    those with a cell on that duty."""
    proposals = (Proposal.objects.select_related("author__person")
                 .annotate(cell_count=Count("cells")))
    if state:
        proposals = proposals.filter(state=state)
    if author is not None:
        proposals = proposals.filter(author=author)
    if department:
        proposals = proposals.filter(pk__in=ProposalCell.objects.filter(
            Q(department__code=department) | Q(role__department__code=department))
            .values("proposal_id"))
    if duty:
        proposals = proposals.filter(pk__in=ProposalCell.objects.filter(duty__code=duty)
                                     .values("proposal_id"))
    return proposals.order_by("-created_at", "-id")


def proposal_get(pk):
    """The proposal with its author, or Proposal.DoesNotExist."""
    return Proposal.objects.select_related("author__person").get(pk=pk)


def proposal_cells(proposal):
    """The proposal's cells with their duty (and its process), party and party's department,
    by duty then party: one query."""
    return list(ProposalCell.objects.filter(proposal=proposal).select_related(
        "duty__process", "department", "role__department").order_by(
        "duty__step", "duty__code", "department__code", "role__code"))


@dataclass(frozen=True)
class ConsentRow:
    """A department asked to consent, its answer this round (or None), and whether the reader
    may give it."""

    department: Department
    answer: Answer | None
    answerable: bool


def consent_rows(proposal, cells, *, user):
    """A ConsentRow per department the cells need, by name: three queries."""
    needed = consent_needed(cells)
    answers = {answer.department_id: answer for answer in Answer.objects.filter(
        proposal=proposal, round=proposal.round).select_related("by__person")}
    mine = answerable(user, needed) if proposal.state == ProposalState.OPEN else set()
    departments = Department.objects.filter(pk__in=needed).order_by(reader_order("name"), "code")
    return [ConsentRow(department, answers.get(department.pk), department.pk in mine)
            for department in departments]


def answer_list(proposal):
    """Every answer given to the proposal, all rounds, oldest first, with who gave it."""
    return proposal.answers.select_related("department", "by__person").order_by("round", "at", "id")


@dataclass(frozen=True)
class Effect:
    """The findings a proposal introduces and resolves (ShownFindings); `dry_run` when it
    is not applied yet: what applying it would do, as worked out `at` the time its round was
    put forward."""

    introduced: list
    resolved: list
    dry_run: bool
    at: object = None


def proposal_effect(proposal):
    """What the proposal does to the findings: for an applied one, what applying it did; for
    one still live, what applying it would do, worked out when its round was put forward
    (governance.services: reading never writes); None for a withdrawn one. One query."""
    if proposal.state == ProposalState.WITHDRAWN:
        return None
    applied = proposal.state == ProposalState.APPLIED
    stored = (proposal.applied_findings if applied else proposal.preview_findings) or {}
    introduced = [finding_from_json(data) for data in stored.get("introduced", ())]
    resolved = [finding_from_json(data) for data in stored.get("resolved", ())]
    shown = findings_shown([*introduced, *resolved])
    return Effect(shown[:len(introduced)], shown[len(introduced):], dry_run=not applied,
                  at=None if applied else proposal.preview_at)

def finding_from_json(data):
    """The engine's Finding stored in `applied_findings`."""
    return Finding(**{**data, "parties": tuple(data["parties"]),
                      "departments": tuple(data["departments"]),
                      "details": tuple(tuple(pair) for pair in data["details"])})
