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


def matrix_read(*, axis="department", process=None, department=None):
    """The Matrix of active duties: four queries (duties, assignments, departments, roles)."""
    if axis not in AXES:
        raise ValueError(f"axis must be one of {AXES}")
    rows = matrix_duties(process=process, department=department).values_list(
        "pk", "code", "title", "process__code", "process__name", "step"
    )
    code_of, duties = {}, []
    for pk, code, title, process_code, process_name, step in rows:
        code_of[pk] = code
        duties.append(MatrixDuty(code, title, process_code, process_name, step))
    assignments = (
        (code_of[duty_id], letter, department_code, role_code)
        for duty_id, letter, department_code, role_code in Assignment.objects.filter(
            duty__in=matrix_duties(process=process, department=department)
        ).values_list("duty_id", "raci", "department__code", "role__code")
    )
    return matrix_build(
        axis=axis,
        duties=duties,
        departments=Department.objects.values_list("code", "name"),
        roles=Role.objects.values_list("code", "name", "department__code"),
        assignments=assignments,
    )
