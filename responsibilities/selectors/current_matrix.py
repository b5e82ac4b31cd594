"""Reads for the matrix: a fixed number of plain-value queries whatever the size."""

from django.db.models import Exists, F, OuterRef, Q

from departments.models import Department, Role
from responsibilities.matrix import AXES, MatrixDuty, matrix_build
from responsibilities.models import Assignment, Duty


def matrix_duties(*, process=None, department=None):
    """Active duties in display order (by process, then step), optionally filtered."""
    duties = Duty.objects.filter(is_active=True).exclude(process__is_active=False)
    if process:
        duties = duties.filter(process__code=process)
    if department:
        held = Assignment.objects.filter(duty=OuterRef("pk")).filter(
            Q(department__code=department) | Q(role__department__code=department)
        )
        duties = duties.filter(Exists(held))
    return duties.order_by(F("process__name").asc(nulls_last=True), "process__code", "step", "code")


def matrix_read(*, axis="department", process=None, department=None, duty_ids=None):
    """The Matrix of active duties (only those of `duty_ids`, a page of them, when given):
    four queries (duties, departments, roles, assignments)."""
    if axis not in AXES:
        raise ValueError(f"axis must be one of {AXES}")
    shown = matrix_duties(process=process, department=department)
    if duty_ids is not None:
        shown = shown.filter(pk__in=duty_ids)
    rows = shown.values_list("pk", "code", "title", "process__code", "process__name", "step")
    code_of, duties = {}, []
    for pk, code, title, process_code, process_name, step in rows:
        code_of[pk] = code
        duties.append(MatrixDuty(code, title, process_code, process_name, step))
    # Plain ids from the big table (no joins, no sort), turned into codes from the two small
    # tables, which matrix_build reads for the columns anyway.
    departments = list(Department.objects.order_by().values_list("pk", "code", "name"))
    roles = list(Role.objects.order_by().values_list("pk", "code", "name", "department__code"))
    department_code = {pk: code for pk, code, _name in departments}
    role_code = {pk: code for pk, code, _name, _department in roles}
    letters = Assignment.objects.order_by().values_list("duty_id", "raci", "department_id",
                                                        "role_id")
    letters = (letters.filter(duty_id__in=list(code_of)) if duty_ids is not None
               else letters.filter(duty__in=shown))
    # Streamed: the whole matrix's letters held at once would be half a million tuples.
    assignments = (
        (code_of[duty_id], letter, department_code.get(department_id), role_code.get(role_id))
        for duty_id, letter, department_id, role_id in letters.iterator(chunk_size=20_000)
    )
    return matrix_build(
        axis=axis,
        duties=duties,
        departments=[(code, name) for _pk, code, name in departments],
        roles=[(code, name, department) for _pk, code, name, department in roles],
        assignments=assignments,
    )
