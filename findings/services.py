"""Writes that report what they did to the findings: the cells batch of the API."""

from dataclasses import dataclass, field

from findings.naming import findings_shown
from findings.store import findings_current, findings_update
from registry.changes import take, write_transaction
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


def cells_set_reporting(*, changes, user, reason=CHANGE_REASON):
    """responsibilities' cells_set, plus the findings the batch introduced and resolved: what
    the stored findings' update in the same transaction opened and resolved, named in the
    reader's language (one query after the write); returns a CellsOutcome."""
    cells = cells_plan(changes=changes, user=user)
    findings_current()
    with write_transaction():
        cells_lock(cells)
        written = cells_write(cells, user=user, reason=reason)
        delta = findings_update(take())
    shown = findings_shown([*delta.opened, *delta.resolved])
    return CellsOutcome(cells=written, introduced=shown[:len(delta.opened)],
                        resolved=shown[len(delta.opened):])
