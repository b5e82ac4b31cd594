"""A handover with the findings it introduces and resolves: previewed (written, then rolled
back) or applied, through the same cells batch as the matrix (responsibilities.handover)."""

from dataclasses import dataclass

from django.db import transaction

from findings.engine import Rule
from findings.services import cells_set_reporting
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
    introduced, resolved = _changed(outcome.introduced, outcome.resolved)
    return HandoverOutcome(sources, moves, introduced, resolved, applied=not dry_run)


# Gaps that name every party on their duty: moving a letter there makes "another" finding.
NAMING_EVERY_PARTY = {Rule.NO_ACCOUNTABLE, Rule.NO_RESPONSIBLE}


def _changed(introduced, resolved):
    """The findings that came and went, less the gaps that stayed as they were under other
    parties' names."""
    def same(finding):
        return (finding.rule, finding.duty) if finding.rule in NAMING_EVERY_PARTY else None

    stayed = ({same(finding) for finding in introduced}
              & {same(finding) for finding in resolved}) - {None}
    return ([finding for finding in introduced if same(finding) not in stayed],
            [finding for finding in resolved if same(finding) not in stayed])
