"""Reads for the matrix: a fixed number of plain-value queries whatever the size."""

from django.db.models import Exists, OuterRef, Q

from departments.models import Department, Role
from registry.languages import reader_order, reader_picker
from responsibilities.matrix import AXES, MatrixDuty, matrix_build
from responsibilities.models import Assignment, Duty


def matrix_duties(*, process=None, department=None, duty=None):
    """Active duties in display order (by process, then step), optionally filtered (`duty`:
    only the duty of that code)."""
    duties = Duty.objects.filter(is_active=True).exclude(process__is_active=False)
    if duty:
        duties = duties.filter(code=duty)
    if process:
        duties = duties.filter(process__code=process)
    if department:
        held = Assignment.objects.filter(duty=OuterRef("pk")).filter(
            Q(department__code=department) | Q(role__department__code=department)
        )
        duties = duties.filter(Exists(held))
    return duties.order_by(reader_order("name", "process__").asc(nulls_last=True), "process__code",
                           "step", "code")


def matrix_read(*, axis="department", process=None, department=None, duty=None, duty_ids=None,
                show=()):
    """The Matrix of active duties (only those of `duty_ids`, a page of them, when given),
    with a column for each party `show` names first: four queries (duties, departments,
    roles, assignments)."""
    if axis not in AXES:
        raise ValueError(f"axis must be one of {AXES}")
    shown = matrix_duties(process=process, department=department, duty=duty)
    if duty_ids is not None:
        shown = shown.filter(pk__in=duty_ids)
    rows = shown.values_list("pk", "code", "title_en", "title_zh_hans", "process__code",
                             "process__name_en", "process__name_zh_hans", "step")
    code_of, duties = {}, []
    pick = reader_picker()
    for pk, code, title_en, title_zh, process_code, process_en, process_zh, step in rows:
        code_of[pk] = code
        duties.append(MatrixDuty(code, pick(title_en, title_zh), process_code,
                                 process_code and pick(process_en, process_zh),
                                 step))
    # Plain ids from the big table (no joins, no sort), turned into codes from the two small
    # tables, which matrix_build reads for the columns anyway.
    departments = [(pk, code, pick(english, chinese)) for pk, code, english, chinese
                   in Department.objects.order_by().values_list("pk", "code", "name_en",
                                                                "name_zh_hans")]
    roles = [(pk, code, pick(english, chinese), department)
             for pk, code, english, chinese, department in Role.objects.order_by().values_list(
                 "pk", "code", "name_en", "name_zh_hans", "department__code")]
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
        show=show,
    )
