"""Reads for a spreadsheet import: what exists today, as plain values, in five queries."""

from django.db.models import Q

from departments.models import Department, Role
from responsibilities.models import Assignment, Duty, Process
from responsibilities.parties import DEPARTMENT, ROLE
from spreadsheets.plan import ImportContext, header_parties


def import_context_load(*, duty_codes, titles, header):
    """Duties, processes, parties, and the current cells of the duties the file names in the
    columns its header names (the letters of other parties are left as they are)."""
    duties, by_title, duty_processes = {}, {}, {}
    process_steps, taken_steps, highest = {}, set(), {}  # by process code
    # A duty, process or party is found by its name in either language.
    for pk, code, *both, process, step in (
            Duty.objects.order_by("process_id", "step")
            .values_list("pk", "code", "title_en", "title_zh_hans", "process__code", "step")):
        duties[code] = pk
        known = tuple(title for title in both if title)
        for title in known:
            by_title.setdefault(title, []).append(code)
        duty_processes[code] = process
        if process is not None:
            process_steps.setdefault(process, []).append((code, known))
            taken_steps.add((process, step))
            highest[process] = max(highest.get(process, 0), step or 0)
    processes, process_names = {}, {}
    for pk, code, *names in Process.objects.values_list("pk", "code", "name_en", "name_zh_hans"):
        processes[code] = (pk, highest.get(code, 0))
        for name in filter(None, names):
            process_names.setdefault(name.casefold(), code)
    parties = {
        f"{kind}:{code}": (pk, tuple(filter(None, names)))
        for kind, model in (("department", Department), ("role", Role))
        for pk, code, *names in model.objects.values_list("pk", "code", "name_en", "name_zh_hans")
    }
    wanted = set(duty_codes) | {code for title in titles for code in by_title.get(title, ())}
    columns = {}  # (kind, id) → party key, for the parties the header names
    for key in header_parties(header, parties):
        columns[(key.partition(":")[0], parties[key][0])] = key
    duty_codes_by_id = {duties[code]: code for code in wanted if code in duties}
    rows = Assignment.objects.order_by().filter(
        Q(role_id__in=[pk for kind, pk in columns if kind == ROLE])
        | Q(department_id__in=[pk for kind, pk in columns if kind == DEPARTMENT]),
        duty_id__in=duty_codes_by_id,
    ).values_list("duty_id", "raci", "department_id", "role_id")
    cells = {}
    for duty_id, letter, department_id, role_id in rows:
        key = columns[(ROLE, role_id) if role_id else (DEPARTMENT, department_id)]
        cells.setdefault((duty_codes_by_id[duty_id], key), set()).add(letter)
    return ImportContext(
        duties=duties, duties_by_title=by_title, processes=processes, taken_steps=taken_steps,
        parties=parties, cells={cell: "".join(letters) for cell, letters in cells.items()},
        process_names=process_names, duty_processes=duty_processes, process_steps=process_steps,
    )
