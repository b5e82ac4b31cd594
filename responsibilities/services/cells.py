"""Setting matrix cells: a batch of (duty, party) → letters, all of it or nothing.

The one way letters are written, for the API, the pages and spreadsheet imports alike:
`cells_plan` validates the whole batch and checks that the user may edit every duty
(docs/permissions.md); inside one transaction, `cells_lock` locks those duties' rows and
`cells_write` compares each cell with what the caller last saw (`expect`) and writes the
letters, each added or removed one with a history row naming the acting user.
`cells_set` does all three.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from departments.models import Department, Role
from registry.changes import write_transaction
from registry.services import bulk_create_recorded, history_stamp
from responsibilities.letters import parse_letters, sort_letters
from responsibilities.models import Assignment, Duty
from responsibilities.parties import DEPARTMENT, ROLE, parse_party
from responsibilities.selectors.records import duties_editable

CHANGE_REASON = gettext_noop("matrix cell")
BATCH = 500


@dataclass(frozen=True)
class CellChange:
    """Set the cell of `party` ("role:<code>" / "department:<code>") on duty `duty` to exactly
    `letters` ("" clears it); `expect` is the cell as the caller last saw it, or None; `note`
    goes on the letters the change adds (a spreadsheet's footnote mark)."""

    duty: str
    party: str
    letters: str
    expect: str | None = None
    note: str = ""


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
    note: str = ""

    @property
    def slot(self):
        return (self.duty.pk, self.kind, self.party.pk)


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
            cells.append(_Cell(index, duty, holder, party.kind, str(party), letters, expect,
                               change.note))
    return cells


def _require_editable(cells, user):
    if user is None:
        return
    allowed = duties_editable(user=user, duties=[cell.duty for cell in cells])
    refused = sorted({cell.duty.code for cell in cells} - allowed)
    if refused:
        raise PermissionDenied(_("You may not edit the cells of: %(duties)s.")
                               % {"duties": ", ".join(refused[:20])})


def cells_plan(*, changes, user):
    """The batch checked and resolved, ready for `cells_write`.

    ValidationError (nothing written) names every bad item by its index; PermissionDenied
    when `user` may not edit one of the duties (`user=None`: a trusted caller, no check).
    """
    changes = list(changes)
    errors = []
    cells = _resolve(_parse(changes, errors), errors)
    if not changes:
        errors.append((0, _("Give at least one cell.")))
    if errors:
        errors.sort(key=lambda error: error[0])
        raise ValidationError({"cells": [message for _index, message in errors]})
    _require_editable(cells, user)
    return cells


def cells_lock(cells):
    """Lock the rows of the planned cells' duties until the transaction ends, in a fixed
    order so two batches over the same duties cannot deadlock (PostgreSQL; SQLite locks the
    whole database on the first write)."""
    list(Duty.objects.select_for_update().filter(pk__in={cell.duty.pk for cell in cells})
         .order_by("pk").values_list("pk", flat=True))


def cells_current(cells):
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


def cells_write(cells, *, user, reason=CHANGE_REASON, progress=None):
    """Make each planned cell hold exactly its letters; call inside a transaction, after
    `cells_lock`. CellConflict (nothing written) when a cell differs from its `expect`.

    Each removed letter is deleted on its own and each added one created in batches, all
    with history rows naming `user`; `progress(done, total)` is told as letters are written.
    Returns the cells as they now stand: [{duty, party, raci}].
    """
    current = cells_current(cells)
    _check_expect(cells, current)
    removed = [row for cell in cells for letter, row in current.get(cell.slot, {}).items()
               if letter not in cell.letters]
    added = [Assignment(duty=cell.duty, raci=letter, note=cell.note, **{cell.kind: cell.party})
             for cell in cells for letter in cell.letters
             if letter not in current.get(cell.slot, {})]
    report = progress or (lambda done, total: None)
    total = len(removed) + len(added)
    report(0, total)
    for done, row in enumerate(removed, start=1):
        history_stamp(row, user=user, reason=reason)
        row.delete()
        if done % BATCH == 0 or done == len(removed):
            report(done, total)
    for start in range(0, len(added), BATCH):
        batch = added[start:start + BATCH]
        bulk_create_recorded(Assignment, batch, user=user, reason=reason)
        report(len(removed) + start + len(batch), total)
    return [{"duty": cell.duty.code, "party": cell.key, "raci": cell.letters} for cell in cells]


def cells_set(*, changes, user, reason=CHANGE_REASON):
    """Set each cell to exactly its letters, in one transaction; returns the cells as they now
    stand. ValidationError, PermissionDenied or CellConflict change nothing (see cells_plan
    and cells_write)."""
    cells = cells_plan(changes=changes, user=user)
    with write_transaction():
        cells_lock(cells)
        return cells_write(cells, user=user, reason=reason)
