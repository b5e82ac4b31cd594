"""Applying a spreadsheet to the matrix: all of it in one transaction, or nothing.

The letters are written by responsibilities' cells service, the same locked path as the
matrix editor's, each cell expecting the letters the plan read: a cell someone changed in the
meantime stops the import instead of being overwritten.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from registry.changes import write_transaction
from registry.permissions import can_change_any, can_create, can_create_any, can_delete_any
from registry.services import bulk_create_recorded
from responsibilities.models import Assignment, Duty, Process
from responsibilities.selectors.records import duties_editable
from responsibilities.services.cells import (
    CellChange,
    CellConflict,
    cells_lock,
    cells_plan,
    cells_write,
)
from spreadsheets.plan import ImportPlan, duty_references, import_plan
from spreadsheets.reading import read_table
from spreadsheets.selectors import import_context_load

CHANGE_REASON = "spreadsheet import"


@dataclass
class ImportResult:
    plan: ImportPlan
    applied: bool

    def as_dict(self):
        """The report: counts, every cell change, every problem by row and column."""
        return {
            "applied": self.applied,
            "rows": self.plan.rows,
            "counts": self.plan.counts(),
            "duties_created": [duty.code for duty in self.plan.new_duties],
            "changes": [
                {"row": cell.row, "duty": cell.duty, "party": cell.party, "before": cell.before,
                 "after": cell.after, "action": cell.action}
                for cell in self.plan.cells
            ],
            "problems": self.plan.problems,
        }


def import_require(user):
    """PermissionDenied unless `user` may import into some part of the matrix (set letters or
    add duties). Checked before a file is even read: one who may only read cannot make the app
    parse a file. Which duties the file may touch is checked on its plan."""
    allowed = (can_create_any(user, Assignment) or can_change_any(user, Assignment)
               or can_delete_any(user, Assignment) or can_create_any(user, Duty))
    if user is not None and not allowed:
        raise PermissionDenied(_("You may read the matrix but not import into it: that needs "
                                 "the right to edit a process, a duty or the whole matrix."))


@write_transaction()
def matrix_import(*, content, filename="", dry_run=False, user=None, progress=None):
    """Read a spreadsheet and set the matrix to it; a dry run, or a file with any problem,
    changes nothing. `progress(done, total)` is called as letters are written."""
    import_require(user)
    header, rows = read_table(content, filename)
    codes, titles = duty_references(header, rows)
    context = import_context_load(duty_codes=codes, titles=titles, header=header)
    plan = import_plan(header, rows, context)
    if user is not None:
        _check_permission(plan, user)
    if dry_run or plan.problems:
        return ImportResult(plan, applied=False)
    try:
        _apply(plan, context, user, progress)
    except CellConflict as conflict:
        transaction.set_rollback(True)
        for stale in conflict.cells:
            cell = plan.cells[stale["index"]]
            plan.problem(cell.row, cell.party, _(
                "This cell was changed to “%(actual)s” while the file was being imported: "
                "import the file again.") % {"actual": stale["actual"] or "-"})
        return ImportResult(plan, applied=False)
    return ImportResult(plan, applied=True)


def _check_permission(plan, user):
    """PermissionDenied unless `user` may set every cell and create every duty of the plan."""
    planned = {duty.code: duty.process for duty in plan.new_duties}
    existing = {cell.duty for cell in plan.cells} - planned.keys()
    refused = sorted(existing - duties_editable(user=user, duties=existing))
    # One check per process, not per new duty: each check may cost queries.
    processes = {None: None, **{
        process.code: process
        for process in Process.objects.filter(code__in=set(planned.values()) - {None})
    }}
    allowed = {code for code, process in processes.items()
               if can_create(user, Duty(process=process))}
    refused += sorted(code for code, process in planned.items() if process not in allowed)
    if refused:
        raise PermissionDenied(
            _("You may not change these duties: %(duties)s.") % {"duties": ", ".join(refused[:20])}
        )


def _apply(plan, context, user, progress):
    new = [
        Duty(code=duty.code, title=duty.title, step=duty.step,
             process_id=context.processes[duty.process][0] if duty.process else None)
        for duty in plan.new_duties
    ]
    bulk_create_recorded(Duty, new, user=user, reason=CHANGE_REASON)
    if not plan.cells:
        return
    # The user's right to every duty was checked on the whole plan, new duties included.
    cells = cells_plan(changes=[CellChange(cell.duty, cell.party, cell.after, cell.before)
                                for cell in plan.cells], user=None)
    cells_lock(cells)
    cells_write(cells, user=user, reason=CHANGE_REASON, progress=progress)
