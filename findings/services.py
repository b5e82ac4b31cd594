"""Writes that report what they did to the findings: the cells batch of the API, its dry run,
and the batches of handovers and proposals."""

from dataclasses import dataclass, field

from django.db import transaction

from findings.engine import Rule
from findings.naming import findings_shown
from findings.store import FindingsDelta, findings_current, on_written
from registry.changes import take, write_transaction, written
from responsibilities.services.cells import CHANGE_REASON, cells_lock, cells_plan, cells_write


@dataclass(frozen=True)
class CellsOutcome:
    """The cells as they now stand, and the findings the batch introduced and resolved."""

    cells: list = field(default_factory=list)
    introduced: list = field(default_factory=list)
    resolved: list = field(default_factory=list)

    def as_dict(self):
        return {
            "cells": self.cells,
            "introduced": [finding.as_dict() for finding in self.introduced],
            "resolved": [finding.as_dict() for finding in self.resolved],
        }


def cells_write_reporting(cells, *, user, reason=CHANGE_REASON):
    """Lock and write the planned `cells` inside the caller's `write_transaction`, and hand the
    write on at once (the stored findings, the search index, …); returns (cells as they now
    stand, FindingsDelta of engine Findings). Call `findings_current()` before the
    transaction."""
    cells_lock(cells)
    now = cells_write(cells, user=user, reason=reason)
    responses = dict(written.send(sender=None, rows=take()))
    return now, responses.get(on_written) or FindingsDelta()


def cells_set_reporting(*, changes, user, reason=CHANGE_REASON):
    """responsibilities' cells_set, plus the findings the batch introduced and resolved: what
    the stored findings' update in the same transaction opened and resolved, named in the
    reader's language (one query after the write); returns a CellsOutcome."""
    cells = cells_plan(changes=changes, user=user)
    findings_current()
    with write_transaction():
        now, delta = cells_write_reporting(cells, user=user, reason=reason)
    shown = findings_shown([*delta.opened, *delta.resolved])
    return CellsOutcome(cells=now, introduced=shown[:len(delta.opened)],
                        resolved=shown[len(delta.opened):])


def cells_preview(*, changes, user=None, reason=CHANGE_REASON):
    """The CellsOutcome of the batch, written and then rolled back: exactly what applying it
    would do to the findings, with `findings_changed`'s reading of them."""
    with transaction.atomic():
        outcome = cells_set_reporting(changes=changes, user=user, reason=reason)
        transaction.set_rollback(True)
    introduced, resolved = findings_changed(outcome.introduced, outcome.resolved)
    return CellsOutcome(cells=outcome.cells, introduced=introduced, resolved=resolved)


# Gaps that name every party on their duty: moving a letter there makes "another" finding.
NAMING_EVERY_PARTY = {Rule.NO_ACCOUNTABLE, Rule.NO_RESPONSIBLE}


def findings_changed(introduced, resolved):
    """The findings that came and went, less the gaps that stayed as they were under other
    parties' names."""
    def same(finding):
        return (finding.rule, finding.duty) if finding.rule in NAMING_EVERY_PARTY else None

    stayed = ({same(finding) for finding in introduced}
              & {same(finding) for finding in resolved}) - {None}
    return ([finding for finding in introduced if same(finding) not in stayed],
            [finding for finding in resolved if same(finding) not in stayed])
