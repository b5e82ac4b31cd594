"""A handover with the findings it introduces and resolves: previewed (written, then rolled
back) or applied, through the same cells batch as the matrix (responsibilities.handover)."""

from dataclasses import dataclass

from django.db import transaction

from findings.services import cells_set_reporting, findings_changed
from responsibilities.handover import (
    CHANGE_REASON,
    handover_changes,
    handover_plan,
    handover_sources,
)


@dataclass(frozen=True)
class HandoverOutcome:
    """The moves, the findings the handover introduces and resolves, and whether it was
    applied (False for a dry run)."""

    sources: list
    moves: list
    introduced: list
    resolved: list
    applied: bool


def handover_run(*, user, party=None, person=None, successor="", per_duty=None, seen=None,
                 dry_run=True):
    """Plan the handover of `party` (or of `person`'s roles) and write it in one batch, all or
    nothing; a dry run rolls the batch back after the findings were brought up to date, so
    the preview reports exactly what applying it would. ValidationError, PermissionDenied
    and CellConflict (a cell changed since `seen`) change nothing."""
    sources = handover_sources(party=party, person=person)
    moves = handover_plan(sources=sources, successor=successor, per_duty=per_duty)
    changes = handover_changes(moves, seen=seen)
    if not changes:
        return HandoverOutcome(sources, moves, [], [], applied=False)
    with transaction.atomic():
        outcome = cells_set_reporting(changes=changes, user=user, reason=CHANGE_REASON)
        transaction.set_rollback(dry_run)
    introduced, resolved = findings_changed(outcome.introduced, outcome.resolved)
    return HandoverOutcome(sources, moves, introduced, resolved, applied=not dry_run)

