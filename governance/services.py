"""Every write of a proposal: proposing, revising, opening a round, answering, withdrawing and
settling past the consent deadline (docs/proposals.md).

A proposal is applied the moment its last needed consent arrives, as one cells batch through
the cells service with each cell's `before` as what it expects: if the matrix moved since,
nothing is written and the proposal becomes stale, for its author to refresh.
"""

from dataclasses import asdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from findings.services import cells_preview, cells_write_reporting, findings_changed
from findings.store import findings_current
from governance.campaigns import campaign_proposed
from governance.consent import answerable, consent_deadline, consent_needed, rebased
from governance.events import proposal_decided
from governance.models import LIVE, Answer, Proposal, ProposalCell, ProposalState, Verdict
from governance.notifications import round_opened
from governance.selectors import proposal_cells
from registry.changes import write_transaction
from registry.permissions import is_active_user
from responsibilities.letters import sort_letters
from responsibilities.parties import DEPARTMENT, ROLE
from responsibilities.services.cells import CellChange, CellConflict, cells_current, cells_plan

# The history reason of an applied cell, followed by " #<proposal id>".
CHANGE_REASON = gettext_noop("proposal")
MAX_CELLS = 200


def _require_proposer(user):
    if not is_active_user(user):
        raise PermissionDenied(_("Log in to propose a change."))


def author_require(user, proposal):
    """PermissionDenied unless `user` wrote the proposal."""
    if not is_active_user(user) or proposal.author_id != user.pk:
        raise PermissionDenied(_("Only the author of a proposal may change, reopen or withdraw "
                                 "it."))


def _require_state(proposal, states):
    if proposal.state not in states:
        raise ValidationError({"state": _("This proposal is %(state)s: it cannot do that now.")
                               % {"state": proposal.get_state_display()}})


def _checked(proposal):
    """ValidationError with the fields' messages unless the proposal's own fields are valid."""
    proposal.title, proposal.reason = proposal.title.strip(), proposal.reason.strip()
    proposal.full_clean(exclude=["author"], validate_constraints=False)


def _locked(proposal):
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _planned(cells):
    """[(planned cell, its letters now)] of the `cells` asked for ([{duty, party, raci}]):
    ValidationError for a bad cell, too many, or one that already holds its letters."""
    cells = list(cells)
    if len(cells) > MAX_CELLS:
        raise ValidationError({"cells": _("A proposal changes at most %(count)d cells: split it "
                                          "in several.") % {"count": MAX_CELLS}})
    planned = cells_plan(changes=[CellChange(str(cell.get("duty", "")), str(cell.get("party", "")),
                                             str(cell.get("raci", ""))) for cell in cells],
                         user=None)
    current = cells_current(planned)
    found = [(cell, sort_letters(current.get(cell.slot, {}))) for cell in planned]
    same = [_("cells[%(index)d]: %(party)s already holds “%(letters)s” on “%(duty)s”.")
            % {"index": cell.index, "party": cell.party.name, "letters": now or "—",
               "duty": cell.duty.title} for cell, now in found if now == cell.letters]
    if same:
        raise ValidationError({"cells": same})
    return found


def _cells_replace(proposal, planned):
    proposal.cells.all().delete()
    ProposalCell.objects.bulk_create([
        ProposalCell(proposal=proposal, duty=cell.duty, before=now, after=cell.letters,
                     **{cell.kind: cell.party})
        for cell, now in planned
    ])
    proposal.cells_put = len(planned)


def _findings_json(findings):
    return [asdict(getattr(finding, "finding", finding)) for finding in findings]


def _preview(proposal):
    """Work out, and keep, what applying the proposal's cells would do to the findings now:
    written and rolled back, so that reading the proposal never writes."""
    cells = proposal_cells(proposal)
    changes = [_change(cell, expect=None) for cell in cells if cell.before != cell.after]
    preview = cells_preview(changes=changes, user=None) if changes else None
    proposal.preview_findings = {
        "introduced": _findings_json(preview.introduced if preview else []),
        "resolved": _findings_json(preview.resolved if preview else [])}
    proposal.preview_at = timezone.now()


def _open(proposal, *, now):
    """Put the proposal's current round to the departments."""
    proposal.state, proposal.opened_at, proposal.closed_at = ProposalState.OPEN, now, None


def proposal_create(*, user, title, reason, cells, draft=False, campaign=None):
    """A new proposal by `user` (any logged-in user) of the `cells` ([{duty, party, raci}]),
    open for answers unless `draft`; it answers the confirmation `campaign` (if any) on the
    duties it asks `user` about. ValidationError or PermissionDenied change nothing."""
    _require_proposer(user)
    findings_current()  # before the locks the write takes (docs/findings.md)
    with write_transaction():
        proposal = Proposal(title=title or "", reason=reason or "", author=user)
        _checked(proposal)
        planned = _planned(cells)
        if not draft:
            _open(proposal, now=timezone.now())
        proposal.save()
        _cells_replace(proposal, planned)
        _preview(proposal)
        proposal.save()
        round_opened(proposal)
        if campaign is not None:
            campaign_proposed(user=user, campaign=campaign, proposal=proposal)
    return proposal


def _same_cells(proposal, planned):
    wanted = {(cell.duty.pk, cell.kind, cell.party.pk, cell.letters) for cell, _now in planned}
    held = {(cell.duty_id, DEPARTMENT if cell.department_id else ROLE,
             cell.department_id or cell.role_id, cell.after) for cell in proposal.cells.all()}
    return wanted == held


def proposal_revise(*, user, proposal, title=None, reason=None, cells=None):
    """The author's revision of a proposal that is not closed. New cells put a proposal that
    was already put forward to the departments again, as a new round."""
    findings_current()
    with write_transaction():
        proposal = _locked(proposal)
        author_require(user, proposal)
        _require_state(proposal, LIVE)
        proposal.title = proposal.title if title is None else title
        proposal.reason = proposal.reason if reason is None else reason
        _checked(proposal)
        if cells is not None:
            planned = _planned(cells)
            if not _same_cells(proposal, planned):
                _cells_replace(proposal, planned)
                _preview(proposal)
                if proposal.state != ProposalState.DRAFT:
                    proposal.round += 1
                    _open(proposal, now=timezone.now())
                    round_opened(proposal)
        proposal.save()
    return proposal


def _rebase(proposal, cells):
    """Carry the cells over to the matrix as it stands; True when that changed what is
    proposed (a letter to add is there already, one to remove is gone, or a cell went with
    its duty or party). ValidationError when no cell is left."""
    if not cells:
        raise ValidationError({"cells": _("Nothing is left to propose: the duties or parties "
                                          "of its cells were deleted. Withdraw it.")})
    lost = len(cells) != proposal.cells_put
    proposal.cells_put = len(cells)
    planned = cells_plan(changes=[_change(cell, expect=None) for cell in cells], user=None)
    current = cells_current(planned)
    changed = False
    for cell, plan in zip(cells, planned, strict=True):
        now = sort_letters(current.get(plan.slot, {}))
        cell.after, unchanged = rebased(cell.before, cell.after, now)
        cell.before, changed = now, changed or not unchanged
    ProposalCell.objects.bulk_update(cells, ["before", "after"])
    return changed or lost


def proposal_open(*, user, proposal):
    """The author puts a draft to the departments, reopens a rejected proposal as a new round,
    or refreshes a stale one against the matrix as it now stands: a new round only if that
    changes what is proposed, otherwise the answers given stand and it may apply at once."""
    findings_current()
    with write_transaction():
        proposal = _locked(proposal)
        author_require(user, proposal)
        _require_state(proposal, (ProposalState.DRAFT, ProposalState.REJECTED,
                                  ProposalState.STALE))
        cells = proposal_cells(proposal)
        changed = _rebase(proposal, cells)
        _preview(proposal)
        if proposal.state == ProposalState.REJECTED or (
                proposal.state == ProposalState.STALE and changed):
            proposal.round += 1
        if proposal.state == ProposalState.STALE and not changed:
            proposal.state = ProposalState.OPEN
        else:
            _open(proposal, now=timezone.now())
        _settle(proposal, cells)
        proposal.save()
        round_opened(proposal)
    return proposal


def proposal_withdraw(*, user, proposal):
    """The author takes back a proposal that is not closed."""
    with write_transaction():
        proposal = _locked(proposal)
        author_require(user, proposal)
        _require_state(proposal, LIVE)
        proposal.state, proposal.closed_at = ProposalState.WITHDRAWN, timezone.now()
        proposal.save()
    return proposal


def proposal_answer(*, user, proposal, department, verdict, reason=""):
    """`department`'s answer to the open round, given by `user` who may answer for it; an
    objection (with its reason) rejects the proposal, the last consent applies it."""
    findings_current()
    with write_transaction():
        proposal = _locked(proposal)
        _require_state(proposal, (ProposalState.OPEN,))
        cells = proposal_cells(proposal)
        names = {"department": department.name}
        if department.pk not in consent_needed(cells):
            raise ValidationError({"department": _("%(department)s is not asked to answer this "
                                                   "proposal.") % names})
        if department.pk not in answerable(user, [department.pk]):
            raise PermissionDenied(_("You may not answer for %(department)s: that is for those "
                                     "who may edit it, or who hold its approver role.") % names)
        if proposal.answers.filter(round=proposal.round, department=department).exists():
            raise ValidationError({"department": _("%(department)s has already answered this "
                                                   "round.") % names})
        answer = Answer(proposal=proposal, round=proposal.round, department=department,
                        verdict=verdict, reason=(reason or "").strip(), by=user)
        if answer.verdict == Verdict.OBJECTION and not answer.reason:
            raise ValidationError({"reason": _("Say why you object, so that the author can "
                                               "revise the proposal.")})
        answer.full_clean(exclude=["proposal", "department", "by"], validate_constraints=False)
        answer.save()
        if answer.verdict == Verdict.OBJECTION:
            proposal.state, proposal.closed_at = ProposalState.REJECTED, timezone.now()
            proposal_decided(proposal)
        else:
            _settle(proposal, cells)
        proposal.save()
    return answer


def proposals_settle(*, now=None):
    """Silence past the consent deadline becomes consent: each open proposal whose deadline
    has passed gets an automatic consent from every department yet to answer, and is applied
    (or becomes stale). Returns the proposals settled."""
    now = now or timezone.now()
    findings_current()
    settled = []
    for pk in Proposal.objects.filter(state=ProposalState.OPEN).values_list("pk", flat=True):
        with write_transaction():
            proposal = _locked(Proposal(pk=pk))
            deadline = consent_deadline(proposal)
            if proposal.state != ProposalState.OPEN or deadline is None or deadline > now:
                continue
            cells = proposal_cells(proposal)
            answered = set(proposal.answers.filter(round=proposal.round)
                           .values_list("department_id", flat=True))
            Answer.objects.bulk_create([
                Answer(proposal=proposal, round=proposal.round, department_id=department,
                       verdict=Verdict.CONSENT, automatic=True)
                for department in sorted(consent_needed(cells) - answered)])
            _settle(proposal, cells)
            proposal.save()
            settled.append(proposal)
    return settled


def _change(cell, *, expect):
    return CellChange(cell.duty.code, cell.key, cell.after, expect)


def _settle(proposal, cells):
    """Apply the open proposal when every department it needs has consented this round; a
    proposal that lost cells (deleted with their duty or party) is stale instead."""
    if proposal.state != ProposalState.OPEN:
        return
    if len(cells) != proposal.cells_put:
        proposal.state = ProposalState.STALE
        return
    consented = set(proposal.answers.filter(round=proposal.round, verdict=Verdict.CONSENT)
                    .values_list("department_id", flat=True))
    if consent_needed(cells) <= consented:
        _apply(proposal, cells)


def _apply(proposal, cells):
    """Write the cells as one batch expecting their `before` letters: applied, or stale."""
    changes = [_change(cell, expect=cell.before) for cell in cells if cell.before != cell.after]
    planned = cells_plan(changes=changes, user=None) if changes else []
    try:
        with write_transaction():
            _written, delta = cells_write_reporting(
                planned, user=proposal.author, reason=f"{CHANGE_REASON} #{proposal.pk}")
    except CellConflict:
        proposal.state = ProposalState.STALE
        return
    introduced, resolved = findings_changed(delta.opened, delta.resolved)
    proposal.state, proposal.closed_at = ProposalState.APPLIED, timezone.now()
    proposal.applied_findings = {"introduced": _findings_json(introduced),
                                 "resolved": _findings_json(resolved)}
    proposal_decided(proposal)

