"""Setting matrix cells: a batch of (duty, party) → letters, all of it or nothing.

`cells_set` validates the whole batch before it writes, checks that the user may edit every
duty (DESIGN.md §6), locks those duties' rows, compares each cell with what the caller last
saw, and then writes one Assignment row at a time, so django-simple-history records every
letter added or removed with the acting user.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from departments.models import Department, Role
from departments.services import history_stamp
from registry.permissions import duties_editable
from responsibilities.matrix import sort_letters
from responsibilities.models import Assignment, Duty
from responsibilities.parties import DEPARTMENT, ROLE, parse_party
from responsibilities.selectors.findings import findings_list
from responsibilities.spreadsheets import parse_letters

CHANGE_REASON = "matrix cell"


@dataclass(frozen=True)
class CellChange:
    """Set the cell of `party` ("role:<code>" / "department:<code>") on duty `duty` to exactly
    `letters` ("" clears it); `expect` is the cell as the caller last saw it, or None."""

    duty: str
    party: str
    letters: str
    expect: str | None = None


class CellConflict(Exception):
    """Cells whose letters differ from `expect`: [{index, duty, party, expect, actual}]."""

    def __init__(self, cells):
        super().__init__(_("%(count)d cell(s) changed since they were read.")
                         % {"count": len(cells)})
        self.cells = cells


@dataclass
class _Cell:
    index: int
    duty: Duty
    party: object  # the Department or Role
    kind: str
    key: str
    letters: str
    expect: str | None

    @property
    def slot(self):
        return (self.duty.pk, self.kind, self.party.pk)


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


def _letters(text, what, errors, index):
    try:
        return parse_letters(text)
    except ValueError as error:
        errors.append((index, _(
            "cells[%(index)d].%(what)s: “%(bad)s” is not a RACI letter; write letters from A, R, "
            "C and I (like “AR”), or \"\" for an empty cell."
        ) % {"index": index, "what": what, "bad": error}))


def _parse(changes, errors):
    """[(index, change, party key, letters, expect)] of the changes that read correctly."""
    parsed, seen = [], {}
    for index, change in enumerate(changes):
        letters = _letters(change.letters, "raci", errors, index)
        expect = None if change.expect is None else _letters(change.expect, "expect", errors,
                                                              index)
        try:
            party = parse_party(change.party)
        except ValidationError as error:
            errors.append((index, f"cells[{index}].party: {error.messages[0]}"))
            continue
        if (change.duty, str(party)) in seen:
            errors.append((index, _("cells[%(index)d]: the same cell as cells[%(first)d].")
                           % {"index": index, "first": seen[(change.duty, str(party))]}))
        seen.setdefault((change.duty, str(party)), index)
        parsed.append((index, change, party, letters, expect))
    return parsed


def _resolve(parsed, errors):
    """The _Cells of the parsed changes, with duties and parties from three queries."""
    wanted = {kind: {party.code for _i, _c, party, _l, _e in parsed if party.kind == kind}
              for kind in (DEPARTMENT, ROLE)}
    duties = Duty.objects.in_bulk({change.duty for _i, change, *_rest in parsed},
                                  field_name="code")
    parties = {
        DEPARTMENT: Department.objects.in_bulk(wanted[DEPARTMENT], field_name="code"),
        ROLE: Role.objects.in_bulk(wanted[ROLE], field_name="code"),
    }
    cells = []
    for index, change, party, letters, expect in parsed:
        duty, holder = duties.get(change.duty), parties[party.kind].get(party.code)
        if duty is None:
            errors.append((index, _("cells[%(index)d].duty: there is no duty “%(code)s”.")
                           % {"index": index, "code": change.duty}))
        if holder is None:
            errors.append((index, _("cells[%(index)d].party: there is no %(kind)s “%(code)s”.")
                           % {"index": index, "kind": party.kind, "code": party.code}))
        if duty and holder and letters is not None and not (change.expect and expect is None):
            cells.append(_Cell(index, duty, holder, party.kind, str(party), letters, expect))
    return cells


def _plan(changes):
    """Every change checked and resolved; one ValidationError lists every problem by index."""
    errors = []
    cells = _resolve(_parse(changes, errors), errors)
    if not changes:
        errors.append((0, _("Give at least one cell.")))
    if errors:
        errors.sort(key=lambda error: error[0])
        raise ValidationError({"cells": [message for _index, message in errors]})
    return cells


def _current(cells):
    """{slot: {letter: Assignment}} for the cells' slots, read under the duties' lock."""
    rows = Assignment.objects.filter(
        duty_id__in={cell.duty.pk for cell in cells}
    ).order_by("id")
    slots = {cell.slot for cell in cells}
    current = {}
    for row in rows:
        slot = (row.duty_id, ROLE, row.role_id) if row.role_id else (
            row.duty_id, DEPARTMENT, row.department_id)
        if slot in slots:
            current.setdefault(slot, {})[row.raci] = row
    return current


def _check_expect(cells, current):
    stale = [
        {"index": cell.index, "duty": cell.duty.code, "party": cell.key,
         "expect": cell.expect, "actual": sort_letters(current.get(cell.slot, {}))}
        for cell in cells
        if cell.expect is not None and cell.expect != sort_letters(current.get(cell.slot, {}))
    ]
    if stale:
        raise CellConflict(stale)


def _write(cell, have, user, reason):
    """Make one cell hold exactly its letters: delete and create rows one by one."""
    for letter, row in have.items():
        if letter not in cell.letters:
            history_stamp(row, user=user, reason=reason)
            row.delete()
    for letter in cell.letters:
        if letter not in have:
            row = Assignment(duty=cell.duty, raci=letter, **{cell.kind: cell.party})
            # The constraints (one party, unique letter) hold by construction under the lock,
            # and the database enforces them again; skipping them saves queries per letter.
            row.full_clean(validate_constraints=False)
            history_stamp(row, user=user, reason=reason)
            row.save()


def _finding_keys(findings):
    return {(finding.rule, finding.duty, finding.parties): finding for finding in findings}


def _require_editable(cells, user):
    if user is None:
        return
    allowed = duties_editable(user=user, duties=[cell.duty for cell in cells])
    refused = sorted({cell.duty.code for cell in cells} - allowed)
    if refused:
        raise PermissionDenied(_("You may not edit the cells of: %(duties)s.")
                               % {"duties": ", ".join(refused)})


def cells_set(*, changes, user, reason=CHANGE_REASON):
    """Set each cell to exactly its letters, in one transaction; returns a CellsOutcome.

    ValidationError (nothing written) names every bad item by its index; PermissionDenied
    when `user` may not edit one of the duties (`user=None`: a trusted caller, no check);
    CellConflict when a cell's letters differ from its `expect`.
    """
    cells = _plan(list(changes))
    _require_editable(cells, user)
    codes = sorted({cell.duty.code for cell in cells})
    with transaction.atomic():
        # Locked in a fixed order so two batches over the same duties cannot deadlock.
        list(Duty.objects.select_for_update().filter(pk__in={c.duty.pk for c in cells})
             .order_by("pk").values_list("pk", flat=True))
        current = _current(cells)
        _check_expect(cells, current)
        before = _finding_keys(findings_list(duties=codes))
        for cell in cells:
            _write(cell, current.get(cell.slot, {}), user, reason)
        after = _finding_keys(findings_list(duties=codes))
    return CellsOutcome(
        cells=[{"duty": cell.duty.code, "party": cell.key, "raci": cell.letters}
               for cell in cells],
        introduced=[finding for key, finding in after.items() if key not in before],
        resolved=[finding for key, finding in before.items() if key not in after],
    )
