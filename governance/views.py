"""The proposal pages: the list, one proposal with its change, what it does to the findings and
each department's answer, and the buttons that answer, open and withdraw it (the form that
proposes and revises is in proposal_pages.py).

The writes go through governance.services, which decides who may do what: a refusal is the
styled 403 page with its reason; a proposal that cannot do that now comes back to its page
with the reason; every success comes back to it saying what happened.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from governance import services
from governance.consent import consent_deadline
from governance.forms import AnswerForm, ProposalFilterForm
from governance.models import LIVE, REASON_MAX, ProposalState, Verdict
from governance.page_selectors import (
    department_read,
    earlier_answers,
    proposal_change,
    proposal_read,
    proposals_listed,
)
from governance.proposal_pages import proposal_edit, proposal_new
from governance.selectors import consent_rows, proposal_cells, proposal_effect
from registry.permissions import is_active_user
from registry.views import found, reader_required

__all__ = ["proposal_answer", "proposal_detail", "proposal_edit", "proposal_list",
           "proposal_new", "proposal_open", "proposal_withdraw"]

PER_PAGE = 50
# The author's button that puts a proposal to the departments, by the state it is in.
OPEN_LABELS = {ProposalState.DRAFT: gettext_lazy("Open for answers"),
               ProposalState.REJECTED: gettext_lazy("Reopen"),
               ProposalState.STALE: gettext_lazy("Refresh")}


@require_GET
@reader_required
def proposal_list(request):
    """Proposals, newest first: the open ones unless another state is asked for, everyone's
    or the reader's own."""
    form = ProposalFilterForm(request.GET or None)
    filters = form.filters()
    author = request.user if is_active_user(request.user) else None
    page = Paginator(proposals_listed(author=author, **filters),
                     PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "governance/proposal_list.html", {
        "form": form, "page": page, "proposals": page.object_list, "query": query.urlencode(),
        "state": filters["state"], "mine": filters["mine"],
    })


def _author_actions(user, proposal):
    """What the proposal's page offers its author now: {edit, open (the button's label),
    withdraw}; nothing for anyone else."""
    if not is_active_user(user) or proposal.author_id != user.pk or proposal.state not in LIVE:
        return {}
    return {"edit": True, "open": OPEN_LABELS.get(proposal.state), "withdraw": True}


@require_GET
@reader_required
def proposal_detail(request, pk):
    """The proposal: its change duty by duty, what it does to the findings, each
    department's answer (with a form for those the reader may give), and its author's
    buttons."""
    proposal = found(proposal_read(pk))
    cells = proposal_cells(proposal)
    return render(request, "governance/proposal_detail.html", {
        "proposal": proposal,
        "change": proposal_change(cells, with_now=proposal.state == ProposalState.STALE),
        "effect": proposal_effect(proposal),
        "consent": consent_rows(proposal, cells, user=request.user),
        "earlier": earlier_answers(proposal) if proposal.round > 1 else [],
        "deadline": consent_deadline(proposal) if proposal.state == ProposalState.OPEN else None,
        "actions": _author_actions(request.user, proposal),
        "reason_max": REASON_MAX,
    })


def _back(proposal):
    return redirect("governance:proposal_detail", pk=proposal.pk)


def _refused(request, proposal, messages_list):
    """Back to the proposal's page, saying why nothing was done."""
    messages.error(request, " ".join(str(message) for message in messages_list))
    return _back(proposal)


def _awaiting(proposal):
    """The names of the departments yet to answer the proposal's round."""
    rows = consent_rows(proposal, proposal_cells(proposal), user=None)
    return ", ".join(row.department.name for row in rows if row.answer is None)


def _answered(answer, proposal):
    """What an answer did, in words."""
    if answer.verdict == Verdict.OBJECTION:
        return _("Objection recorded: the proposal is rejected. Its author may revise it and "
                 "reopen it.")
    if proposal.state == ProposalState.APPLIED:
        return _("Consent recorded. Every department has consented: the change is applied.")
    if proposal.state == ProposalState.STALE:
        return _("Consent recorded. The matrix changed since the proposal was put forward: "
                 "the proposal is stale and nothing was applied. Its author may refresh it.")
    return _("Consent recorded. Still awaiting %(departments)s.") % {
        "departments": _awaiting(proposal)}


@require_POST
@reader_required
def proposal_answer(request, pk):
    """A department's consent or objection, given by someone who may answer for it."""
    proposal = found(proposal_read(pk))
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _refused(request, proposal, [error for errors in form.errors.values()
                                            for error in errors])
    data = form.cleaned_data
    department = department_read(data["department"])
    if department is None:
        return _refused(request, proposal, [_("There is no department “%(code)s”.")
                                            % {"code": data["department"]}])
    try:
        answer = services.proposal_answer(user=request.user, proposal=proposal,
                                          department=department, verdict=data["verdict"],
                                          reason=data["reason"])
    except ValidationError as error:
        return _refused(request, proposal, error.messages)
    messages.success(request, _answered(answer, proposal_read(proposal.pk)))
    return _back(proposal)


def _opened(before, proposal):
    """What opening, reopening or refreshing did, in words."""
    if proposal.state == ProposalState.APPLIED and all(
            cell.before == cell.after for cell in proposal_cells(proposal)):
        return _("The matrix holds what it proposed already: it is closed, with nothing left "
                 "to change.")
    if proposal.state == ProposalState.APPLIED:
        return _("Every department it needs has consented: the change is applied.")
    if proposal.state == ProposalState.STALE:
        return _("The matrix changed since %(date)s: the proposal is stale again.") % {
            "date": date_format(proposal.opened_at, "DATETIME_FORMAT")}
    if before.state == ProposalState.STALE and proposal.round == before.round:
        return _("Refreshed: the change still means the same, so the answers given stand.")
    if before.state == ProposalState.STALE:
        return _("Refreshed against the matrix as it stands: what it changes is different "
                 "now, so it is put to the departments again, as round %(round)d.") % {
            "round": proposal.round}
    if before.state == ProposalState.REJECTED:
        return _("Reopened: the departments are asked again, as round %(round)d.") % {
            "round": proposal.round}
    return _("Open for answers: the departments it touches are asked to consent.")


@require_POST
@reader_required
def proposal_open(request, pk):
    """The author puts a draft to the departments, reopens a rejected proposal, or refreshes
    a stale one against the matrix as it stands."""
    before = found(proposal_read(pk))
    try:
        proposal = services.proposal_open(user=request.user, proposal=before)
    except ValidationError as error:
        return _refused(request, before, error.messages)
    messages.success(request, _opened(before, proposal))
    return _back(proposal)


@require_POST
@reader_required
def proposal_withdraw(request, pk):
    """The author takes the proposal back."""
    proposal = found(proposal_read(pk))
    try:
        services.proposal_withdraw(user=request.user, proposal=proposal)
    except ValidationError as error:
        return _refused(request, proposal, error.messages)
    messages.success(request, _("The proposal is withdrawn: it will not change the matrix."))
    return _back(proposal)
