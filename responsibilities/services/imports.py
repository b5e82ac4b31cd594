"""Applying a spreadsheet to the matrix: all of it in one transaction, or nothing."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from registry.permissions import can_create, duties_editable
from responsibilities.imports import ImportPlan, duty_references, import_plan
from responsibilities.models import Assignment, Duty, Process
from responsibilities.parties import parse_party
from responsibilities.selectors.imports import import_context_load
from responsibilities.spreadsheets import read_table

CHANGE_REASON = "spreadsheet import"
BATCH = 500


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


@transaction.atomic
def matrix_import(*, content, filename="", dry_run=False, user=None, progress=None):
    """Read a spreadsheet and set the matrix to it; a dry run, or a file with any problem,
    changes nothing. `progress(done, total)` is called as letters are written."""
    header, rows = read_table(content, filename)
    codes, titles = duty_references(header, rows)
    context = import_context_load(duty_codes=codes, titles=titles)
    plan = import_plan(header, rows, context)
    if user is not None:
        _check_permission(plan, user)
    if dry_run or plan.problems:
        return ImportResult(plan, applied=False)
    _apply(plan, context, user, progress)
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
    bulk_create_with_history(new, Duty, default_user=user, default_change_reason=CHANGE_REASON)
    duty_ids = {**context.duties, **dict(
        Duty.objects.filter(code__in=[duty.code for duty in new]).values_list("code", "pk")
    )}
    to_delete, to_create = _letter_rows(plan.cells, duty_ids, context.parties)
    report = progress or (lambda done, total: None)
    total = len(to_delete) + len(to_create)
    report(0, total)
    for done, assignment in enumerate(Assignment.objects.filter(pk__in=to_delete), start=1):
        # One by one, so each removed letter leaves a history row naming the user.
        assignment._history_user = user
        assignment._change_reason = CHANGE_REASON
        assignment.delete()
        if done % BATCH == 0 or done == len(to_delete):
            report(done, total)
    for start in range(0, len(to_create), BATCH):
        batch = to_create[start:start + BATCH]
        bulk_create_with_history(
            batch, Assignment, default_user=user, default_change_reason=CHANGE_REASON
        )
        report(len(to_delete) + start + len(batch), total)


def _letter_rows(cells, duty_ids, parties):
    """The assignment ids to delete and the Assignment objects to create for the cells."""
    wanted = {}
    for cell in cells:
        party = parse_party(cell.party)
        wanted[(duty_ids[cell.duty], party.kind, parties[cell.party][0])] = cell
    to_delete, to_create = [], []
    existing = Assignment.objects.filter(duty_id__in={key[0] for key in wanted}).values_list(
        "pk", "duty_id", "department_id", "role_id", "raci"
    )
    for pk, duty_id, department_id, role_id, letter in existing:
        key = (duty_id, "role", role_id) if role_id else (duty_id, "department", department_id)
        if key in wanted and letter not in wanted[key].after:
            to_delete.append(pk)
    for (duty_id, kind, party_id), cell in wanted.items():
        for letter in cell.after:
            if letter not in cell.before:
                to_create.append(Assignment(duty_id=duty_id, raci=letter,
                                            **{f"{kind}_id": party_id}))
    return to_delete, to_create
