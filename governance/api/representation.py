"""Proposals as the API answers them: plain dicts, shaped as `governance.api.serializers`
describes them, with display names in the reader's language beside the codes."""

from django.db.models import Prefetch, prefetch_related_objects

from governance.consent import consent_deadline
from governance.models import ProposalCell, ProposalState
from governance.selectors import consent_rows, proposal_effect

NO_FINDINGS = {"introduced": [], "resolved": []}


def cells_prefetch(proposals):
    """Load the cells of a page of `proposals` (with duty, party and party's department) in one
    query, in the order `governance.selectors.proposal_cells` gives them."""
    prefetch_related_objects(proposals, Prefetch("cells", queryset=ProposalCell.objects
                                                 .select_related("duty", "department",
                                                                 "role__department")
                                                 .order_by("duty__step", "duty__code",
                                                           "department__code", "role__code")))


def cell_dict(cell):
    """One proposed cell: codes, and the duty's and party's names."""
    department = cell.department if cell.department_id else cell.role.department
    return {"duty": cell.duty.code, "duty_title": cell.duty.title, "party": cell.key,
            "party_name": cell.party.name, "department": department.code,
            "before": cell.before, "after": cell.after}


def proposal_dict(proposal, cells):
    """A proposal as the list gives it, with its `cells` (loaded with their duty and party)."""
    return {
        "id": proposal.pk, "title": proposal.title, "reason": proposal.reason,
        "author": proposal.author.username, "state": proposal.state, "round": proposal.round,
        "created_at": proposal.created_at, "opened_at": proposal.opened_at,
        "closed_at": proposal.closed_at,
        "deadline": (consent_deadline(proposal) if proposal.state == ProposalState.OPEN
                     else None),
        "cells": [cell_dict(cell) for cell in cells],
    }


def _consent_dict(row):
    answer = row.answer
    return {
        "department": row.department.code, "department_name": row.department.name,
        "answer": answer.verdict if answer else None,
        "reason": answer.reason if answer else None,
        "by": answer.by.username if answer and answer.by else None,
        "at": answer.at if answer else None,
        "automatic": bool(answer and answer.automatic),
        "may_answer": row.answerable and answer is None,
    }


def proposal_findings(proposal):
    """{"introduced", "resolved"}: what applying the cells did (applied), nothing (withdrawn),
    or what applying them would do, as worked out when the round was put forward."""
    effect = proposal_effect(proposal)
    if effect is None:
        return dict(NO_FINDINGS)
    return {"introduced": [finding.as_dict() for finding in effect.introduced],
            "resolved": [finding.as_dict() for finding in effect.resolved]}


def proposal_detail_dict(proposal, cells, *, user):
    """A proposal with its `cells`, each department's answer to the current round (and whether
    `user` may give it), and its findings."""
    return {
        **proposal_dict(proposal, cells),
        "consent": [_consent_dict(row) for row in consent_rows(proposal, cells, user=user)],
        "findings": proposal_findings(proposal),
    }


def answer_dict(answer):
    """One answer (loaded with its department and who gave it)."""
    return {
        "id": answer.pk, "round": answer.round, "department": answer.department.code,
        "department_name": answer.department.name, "answer": answer.verdict,
        "reason": answer.reason, "by": answer.by.username if answer.by else None,
        "at": answer.at, "automatic": answer.automatic,
    }
