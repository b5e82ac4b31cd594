"""Writes that report what they did to the findings: the cells batch of the API."""

from dataclasses import dataclass, field

from django.db import transaction

from findings.selectors import findings_list
from responsibilities.services.cells import cells_lock, cells_plan, cells_write


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


def _keyed(findings):
    return {(finding.rule, finding.duty, finding.parties): finding for finding in findings}


def cells_set_reporting(*, changes, user):
    """responsibilities' cells_set, plus the findings on the batch's duties it introduced and
    resolved, both read under the same lock as the write; returns a CellsOutcome."""
    cells = cells_plan(changes=changes, user=user)
    codes = sorted({cell.duty.code for cell in cells})
    with transaction.atomic():
        cells_lock(cells)
        before = _keyed(findings_list(duties=codes))
        written = cells_write(cells, user=user)
        after = _keyed(findings_list(duties=codes))
    return CellsOutcome(
        cells=written,
        introduced=[finding for key, finding in after.items() if key not in before],
        resolved=[finding for key, finding in before.items() if key not in after],
    )
