"""The pages that propose a change of matrix cells and revise it: the duties in scope (named in
the query string, a process's steps, or the duty of a finding to fix), the letters of each
party on them, and the title and reason.

Every write goes through governance.services: its refusals come back as the form's errors,
and nothing is saved unless all of it is.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from governance.campaign_selectors import campaign_read
from governance.forms import PARTY_LIST, ProposalForm
from governance.models import LIVE, ProposalState
from governance.page_selectors import (
    MAX_DUTIES,
    duties_named,
    duty_rows,
    finding_to_fix,
    parties_named,
    party_options,
    process_duties,
    proposal_read,
)
from governance.selectors import proposal_cells
from governance.services import author_require, proposal_create, proposal_revise
from registry.permissions import is_active_user
from registry.views import found, reader_required
from responsibilities.selectors.indexes import process_index

TITLE_MAX = 200
# How much of a code from the query string an error message repeats.
SHOWN_CODE = 40


class Scope:
    """The duties a new proposal is about, and where they came from: the process whose steps
    they are (and whether it has more than the form shows), and the finding it fixes."""

    def __init__(self, duties=(), process=None, more=False, finding=None, campaign=None):
        self.duties, self.process, self.more, self.finding = list(duties), process, more, finding
        self.campaign = campaign  # the confirmation campaign the proposal answers


def _finding_scope(key, errors):
    """(the finding to fix, its duty's code or None, its process's code or None)."""
    finding = finding_to_fix(key)
    if finding is None:
        errors.append(_("There is no open finding with this key: it may have been resolved "
                        "since, or its parties changed."))
        return None, None, None
    if not finding.duty and not finding.process:
        errors.append(_("This finding is about no duty: open the proposal from the page of "
                        "the duty or the process to change."))
    return finding, finding.duty, finding.process


def _process_scope(code, errors):
    """(the process, its first MAX_DUTIES active duties, whether it has more)."""
    process, duties = process_duties(code)
    if process is None:
        errors.append(_("There is no process “%(code)s”.") % {"code": code[:SHOWN_CODE]})
    elif not duties:
        errors.append(_("%(process)s has no active duty to change.")
                      % {"process": process.name})
    return process, duties[:MAX_DUTIES], len(duties) > MAX_DUTIES


def scope_read(query):
    """The Scope that `?duty=` (repeatable), `?process=` and `?finding=` name, or None when
    they name nothing; ValidationError with every bad value."""
    codes = [code for code in query.getlist("duty") if code]
    process_code, key = query.get("process", ""), query.get("finding", "")
    if not (codes or process_code or key):
        return None
    errors, finding = [], None
    if key:
        finding, duty, finding_process = _finding_scope(key, errors)
        if duty:
            codes.append(duty)
        elif finding_process and not codes and not process_code:
            process_code = finding_process
    process, duties, more = None, [], False
    if process_code:
        process, duties, more = _process_scope(process_code, errors)
    named, unknown = duties_named(codes)
    errors += [_("There is no duty “%(code)s”.") % {"code": code[:SHOWN_CODE]}
               for code in unknown[:10]]
    campaign = None
    if query.get("campaign"):
        campaign = campaign_read(query["campaign"], open_only=True)
        if campaign is None:
            errors.append(_("There is no open confirmation campaign #%(number)s.")
                          % {"number": query["campaign"][:SHOWN_CODE]})
    duties += [duty for duty in named if duty not in duties]
    if len(duties) > MAX_DUTIES:
        errors.append(_("A proposal form shows at most %(count)d duties: name fewer.")
                      % {"count": MAX_DUTIES})
    if errors:
        raise ValidationError(errors)
    return Scope(duties, process, more, finding, campaign)


def _form_page(request, context, status=200):
    return render(request, "governance/proposal_form.html", {
        "party_list": PARTY_LIST, **context}, status=status)


def _chooser(request, errors=(), status=200):
    """The page without duties: choose a process (or come from a duty's page)."""
    return _form_page(request, {"choose": True, "processes": process_index(),
                                "max_duties": MAX_DUTIES, "errors": errors}, status=status)


def _form_context(form, duties):
    return {"form": form, "tables": form.table_fields(), "party_options": party_options(duties)}


def _saved(request, form, write):
    """Run `write()`; the proposal, or None after putting its refusal into the form."""
    try:
        return write()
    except ValidationError as error:
        form.add_service_errors(error)
        return None


@require_http_methods(["GET", "POST"])
@reader_required
def proposal_new(request):
    """GET: the letters of the duties in scope, to change; POST: propose the cells changed
    (`action=draft`: keep it as a draft), then show the proposal."""
    if not is_active_user(request.user):
        if request.method == "POST":
            raise PermissionDenied(_("Log in to propose a change."))
        return redirect_to_login(request.get_full_path())
    try:
        scope = scope_read(request.GET)
    except ValidationError as error:
        return _chooser(request, error.messages, status=400)
    if scope is None:
        return _chooser(request, status=400 if request.method == "POST" else 200)
    initial = {"title": scope.finding.message[:TITLE_MAX]} if scope.finding else {}
    form = ProposalForm(request.POST if request.method == "POST" else None,
                        duties=duty_rows(scope.duties), resolve=parties_named, initial=initial)
    if request.method == "POST" and form.is_valid():
        draft = request.POST.get("action") == "draft"
        proposal = _saved(request, form, lambda: proposal_create(
            user=request.user, title=form.cleaned_data["title"],
            reason=form.cleaned_data["reason"], cells=form.cells, draft=draft,
            campaign=scope.campaign))
        if proposal is not None:
            messages.success(request, _("Saved as a draft: open it for answers when it is "
                                        "ready.") if draft else
                             _("Proposed: the departments it touches are asked to consent."))
            if scope.campaign is not None:  # back to the campaign, to answer on the rest
                return redirect(f"{scope.campaign.get_absolute_url()}#mine")
            return redirect("governance:proposal_detail", pk=proposal.pk)
    return _form_page(request, {
        **_form_context(form, scope.duties), "scope": scope, "title": _("Propose a change"),
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@reader_required
def proposal_edit(request, pk):
    """The author's revision: the same form, on the proposal's duties, its letters filled in;
    new cells put an open proposal to the departments again, as a new round."""
    proposal = found(proposal_read(pk))
    author_require(request.user, proposal)  # before the form is even shown
    detail = reverse("governance:proposal_detail", args=[proposal.pk])
    if proposal.state not in LIVE:
        messages.error(request, _("This proposal is %(state)s: it cannot change any more.")
                       % {"state": proposal.get_state_display()})
        return redirect(detail)
    cells = proposal_cells(proposal)
    duties = list({cell.duty.pk: cell.duty for cell in cells}.values())
    form = ProposalForm(request.POST if request.method == "POST" else None,
                        duties=duty_rows(duties, cells), resolve=parties_named,
                        initial={"title": proposal.title, "reason": proposal.reason})
    if request.method == "POST" and form.is_valid():
        round_before = proposal.round
        revised = _saved(request, form, lambda: proposal_revise(
            user=request.user, proposal=proposal, title=form.cleaned_data["title"],
            reason=form.cleaned_data["reason"], cells=form.cells))
        if revised is not None:
            if revised.round > round_before and revised.state == ProposalState.OPEN:
                messages.success(request, _("Revised: the change is put to the departments "
                                            "again, as round %(round)d.")
                                 % {"round": revised.round})
            else:
                messages.success(request, _("Saved."))
            return redirect(detail)
    return _form_page(request, {
        **_form_context(form, duties), "proposal": proposal,
        "title": _("Edit the proposal “%(title)s”") % {"title": proposal.title},
    }, status=400 if request.method == "POST" else 200)
