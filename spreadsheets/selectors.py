"""Reads for a spreadsheet import: what exists today, as plain values, in five queries."""

from django.db.models import Max

from departments.models import Department, Role
from responsibilities.models import Assignment, Duty, Process
from responsibilities.parties import party_key
from spreadsheets.plan import ImportContext


def import_context_load(*, duty_codes, titles):
    """Duties, processes, parties and the current cells of the duties the file names."""
    duties = {}
    by_title = {}
    for pk, code, title in Duty.objects.values_list("pk", "code", "title"):
        duties[code] = pk
        by_title.setdefault(title, []).append(code)
    processes = {
        code: (pk, last or 0)
        for pk, code, last in Process.objects.annotate(last=Max("duties__step"))
        .values_list("pk", "code", "last")
    }
    taken_steps = set(
        Duty.objects.filter(process__isnull=False).values_list("process__code", "step")
    )
    parties = {
        f"{kind}:{code}": (pk, name)
        for kind, model in (("department", Department), ("role", Role))
        for pk, code, name in model.objects.values_list("pk", "code", "name")
    }
    wanted = set(duty_codes) | {code for title in titles for code in by_title.get(title, ())}
    cells = {}
    rows = Assignment.objects.filter(duty__code__in=wanted).values_list(
        "duty__code", "raci", "department__code", "role__code"
    )
    for duty_code, letter, department_code, role_code in rows:
        key = party_key(department_code=department_code, role_code=role_code)
        cells.setdefault((duty_code, key), set()).add(letter)
    return ImportContext(
        duties=duties, duties_by_title=by_title, processes=processes, taken_steps=taken_steps,
        parties=parties, cells={cell: "".join(letters) for cell, letters in cells.items()},
    )
