"""Applying a spreadsheet to the matrix: all of it in one transaction, or nothing.

The letters are written by responsibilities' cells service, the same locked path as the
matrix editor's, each cell expecting the letters the plan read: a cell someone changed in the
meantime stops the import instead of being overwritten.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from departments.models import Department, Role
from registry.changes import write_transaction
from registry.languages import in_its_language
from registry.permissions import can_change_any, can_create, can_create_any, can_delete_any
from registry.services import bulk_create_recorded, record_create
from responsibilities.models import Assignment, Duty, Process
from responsibilities.parties import DEPARTMENT, ROLE
from responsibilities.selectors.records import duties_editable
from responsibilities.services.cells import (
    CellChange,
    CellConflict,
    cells_lock,
    cells_plan,
    cells_write,
)
from spreadsheets.plan import ImportPlan, duty_references, import_plan
from spreadsheets.reading import read_grids
from spreadsheets.reports import outcome_text
from spreadsheets.selectors import import_context_load
from spreadsheets.summaries import summary_refuse
from spreadsheets.tables import find_table, names_from

CHANGE_REASON = gettext_noop("spreadsheet import")


@dataclass
class ImportResult:
    plan: ImportPlan
    applied: bool
    sheet: str = ""  # the sheet (or table) the matrix was read from
    transposed: bool = False  # read across: parties as rows

    def as_dict(self):
        """The report: counts, every cell change, every problem by row and column."""
        return {
            "applied": self.applied,
            "sheet": self.sheet,
            "transposed": self.transposed,
            "rows": self.plan.rows,
            "counts": self.plan.counts(),
            "duties_created": [duty.code for duty in self.plan.new_duties],
            "changes": [
                {"row": cell.row, "duty": cell.duty, "party": cell.party, "before": cell.before,
                 "after": cell.after, "action": cell.action}
                for cell in self.plan.cells
            ],
            "problems": self.plan.problems,
            "created": self.plan.created(),
            "summary": self.summary(),
        }

    def summary(self):
        """What the import did, as a sentence in the reader's language."""
        return outcome_text(applied=self.applied, counts=self.plan.counts(),
                            problems=len(self.plan.problems))


def import_allowed(user):
    """True when `user` may import into some part of the matrix: set letters or add duties.
    Which duties a file may touch is checked on its plan."""
    return (can_create_any(user, Assignment) or can_change_any(user, Assignment)
            or can_delete_any(user, Assignment) or can_create_any(user, Duty))


def import_require(user):
    """PermissionDenied unless `user` may import (import_allowed; None: a command). Checked
    before a file is even read: one who may only read cannot make the app parse a file."""
    if user is not None and not import_allowed(user):
        raise PermissionDenied(_(
            "You may read the matrix but not import into it: importing needs the right to "
            "edit a process, a duty or the whole matrix. Ask whoever manages the process to "
            "give you that right, or to import the file for you."))


@write_transaction()
def matrix_import(*, content, filename="", dry_run=False, user=None, progress=None,
                  create_missing=False, letters=None, sheet=None, transpose=None, codes=None):
    """Read a spreadsheet and set the matrix to it; a dry run, or a file with any problem,
    changes nothing. `progress(done, total)` is called as letters are written.

    The matrix is found in the file (spreadsheets.tables): on the sheet named `sheet`, or the
    one holding the most letters; read across when `transpose` (None: when it looks so).
    `letters` ({spelling: letters}) says what a spelling means for the whole file; with
    `create_missing` the parties and processes the file names that do not exist are created,
    with the codes `codes` ({(kind, name): code}) chooses for them, or derived from their names.
    """
    import_require(user)
    mapping = {spelling.strip().lower(): value for spelling, value in (letters or {}).items()}
    grids = read_grids(content, filename)
    summary_refuse(grids)
    table = find_table(grids, sheet=sheet, transpose=transpose, mapping=mapping)
    duty_codes, titles = duty_references(table.header, table.rows)
    context = import_context_load(duty_codes=duty_codes, titles=titles, header=table.header)
    plan = import_plan(table.header, table.rows, context, numbers=table.numbers,
                       mapping=mapping, create_missing=create_missing, names=names_from(grids),
                       codes=codes, departments=table.departments)
    if user is not None:
        _check_permission(plan, user)
    if dry_run or plan.problems:
        return ImportResult(plan, False, table.sheet, table.transposed)
    try:
        _apply(plan, context, user, progress)
    except CellConflict as conflict:
        transaction.set_rollback(True)
        for stale in conflict.cells:
            cell = plan.cells[stale["index"]]
            plan.problem(cell.row, cell.party, _(
                "This cell was changed to “%(actual)s” while the file was being imported: "
                "import the file again.") % {"actual": stale["actual"] or "-"})
        return ImportResult(plan, False, table.sheet, table.transposed)
    except ValidationError as error:  # what a record's own checks refuse, the plan missed
        transaction.set_rollback(True)
        for message in error.messages:
            plan.problem(1, None, message)
        return ImportResult(plan, False, table.sheet, table.transposed)
    return ImportResult(plan, True, table.sheet, table.transposed)


def _check_permission(plan, user):
    """PermissionDenied unless `user` may create every party, process and duty of the plan and
    set every cell."""
    refused = [party.name for party in plan.new_parties if not can_create(user, _party(party))]
    refused += [process.name for process in plan.new_processes if not can_create(user, Process())]
    if refused:
        raise PermissionDenied(_("You may not create these departments, roles or processes: "
                                 "%(names)s.") % {"names": ", ".join(refused[:20])})
    planned = {duty.code: duty.process for duty in plan.new_duties}
    existing = {cell.duty for cell in plan.cells} - planned.keys()
    refused = sorted(existing - duties_editable(user=user, duties=existing))
    # One check per process, not per new duty: each check may cost queries. A process the
    # import creates takes the duties of whoever may create duties outside a process.
    processes = {None: None, **{process.code: None for process in plan.new_processes}, **{
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


def _party(party):
    """The unsaved Department or Role of a NewParty (for the permission check and saving)."""
    if party.kind == DEPARTMENT:
        return Department(code=party.code, **in_its_language("name", party.name))
    return Role(code=party.code, **in_its_language("name", party.name),
                department=Department.objects.filter(code=party.department).first())


def _create_named(plan, context, user):
    """The departments, roles and processes the plan creates, in that order (a role needs its
    department); each through the record service, with its history row."""
    for kind in (DEPARTMENT, ROLE):
        for party in plan.new_parties:
            if party.kind == kind:
                record_create(user=user, instance=_party(party), reason=CHANGE_REASON)
    for process in plan.new_processes:
        created = record_create(
            user=user, instance=Process(code=process.code, **in_its_language("name", process.name)),
            reason=CHANGE_REASON)
        context.processes[process.code] = (created.pk, 0)


def _apply(plan, context, user, progress):
    _create_named(plan, context, user)
    new = [
        Duty(code=duty.code, **in_its_language("title", duty.title), step=duty.step,
             **in_its_language("description", duty.description),
             process_id=context.processes[duty.process][0] if duty.process else None)
        for duty in plan.new_duties
    ]
    bulk_create_recorded(Duty, new, user=user, reason=CHANGE_REASON)
    if not plan.cells:
        return
    # The user's right to every duty was checked on the whole plan, new duties included.
    cells = cells_plan(changes=[CellChange(cell.duty, cell.party, cell.after, cell.before,
                                           note=cell.note) for cell in plan.cells], user=None)
    cells_lock(cells)
    cells_write(cells, user=user, reason=CHANGE_REASON, progress=progress)
