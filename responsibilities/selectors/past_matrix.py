"""Reads of the change history: the matrix as it stood at a moment, and what changed.

Every snapshot is rebuilt from django-simple-history's tables: for each object, its latest
historical row at or before the moment, unless that row records a deletion. Ten queries per
snapshot (five tables, each read live and rewound), whatever the size; a diff reads only the
duties whose letters have history rows between its two moments.
"""

from django.db.models import Max

from departments.models import Department, Role
from registry.languages import reader_picker
from responsibilities.letters import sort_letters
from responsibilities.matrix import MatrixDuty, matrix_build
from responsibilities.models import Assignment, Duty, Process
from responsibilities.parties import party_key

DELETED = "-"
# Rows of the big table fetched at a time while streaming it.
CHUNK_SIZE = 20_000


def _state_at(model, moment, fields, **only):
    """{id: values} of `model`'s objects as they stood at `moment` (deleted ones left out);
    `only` narrows the objects read (`duty_id__in=…`). The first field after the code is a
    name (title) kept in two languages: it comes in the reader's language."""
    code, name, *rest = fields
    columns = [code, f"{name}_en", f"{name}_zh_hans", *rest]
    pick = reader_picker()
    return {pk: (values[0], pick(values[1], values[2]), *values[3:])
            for pk, values in _rows_at(model, moment, columns, **only)}


def _rows_at(model, moment, fields, **only):
    """(id, values) of `model`'s objects as they stood at `moment`, streamed.

    The live rows of the objects with no history row since `moment` are as they were then;
    only the others are rewound to their latest row at or before it. A recent moment so costs
    a read of the live table plus the few rows written since, not a pass over all history.
    """
    history = model.history.model.objects
    since = history.filter(history_date__gt=moment, **only).values("id")
    live = (model._default_manager.filter(**only).exclude(pk__in=since).order_by()
            .values_list("pk", *fields))
    for row in live.iterator(chunk_size=CHUNK_SIZE):
        yield row[0], row[1:]
    latest = history.filter(history_date__lte=moment, id__in=since).values("id").annotate(
        last=Max("history_id"))
    rows = history.filter(history_id__in=latest.values("last")).exclude(history_type=DELETED)
    for row in rows.values_list("id", *fields):
        yield row[0], row[1:]


def _snapshot(moment, duty_ids=None):
    """The registry at `moment`: every duty and letter, or only those of `duty_ids`."""
    duties_only = {} if duty_ids is None else {"id__in": duty_ids}
    letters_only = {} if duty_ids is None else {"duty_id__in": duty_ids}
    departments = _state_at(Department, moment, ["code", "name"])
    roles = _state_at(Role, moment, ["code", "name", "department_id"])
    processes = _state_at(Process, moment, ["code", "name", "is_active"])
    duties = _state_at(Duty, moment, ["code", "title", "process_id", "step", "is_active"],
                       **duties_only)
    # The letters are streamed: the whole matrix as a dict would hold half a million tuples.
    assignments = _rows_at(Assignment, moment, ["duty_id", "raci", "department_id", "role_id"],
                           **letters_only)
    return departments, roles, processes, duties, assignments


def _touched_duties(start, end):
    """Ids of the duties whose letters may differ between `start` and `end`: those of the
    letters with a history row in between whose state at `start` and at `end` differ (a row
    that changed only a note, or a change undone, changes no cell), on both duties when a
    letter moved. Read from the window's rows and each letter's last row before it, on their
    indexes: four queries."""
    history = Assignment.history.model.objects
    window = history.filter(history_date__gt=start, history_date__lte=end)
    letters = set(window.order_by().values_list("id", flat=True).distinct())
    states = []
    for moment in (start, end):
        last = (history.filter(id__in=letters, history_date__lte=moment).order_by()
                .values("id").annotate(last=Max("history_id")).values("last"))
        states.append({
            pk: rest if kind != DELETED else None
            for pk, kind, *rest in history.filter(history_id__in=last).values_list(
                "id", "history_type", "duty_id", "raci", "department_id", "role_id")
        })
    before, after = states
    return {state[0] for pk in letters if before.get(pk) != after.get(pk)
            for state in (before.get(pk), after.get(pk)) if state is not None}


def _letters(snapshot, duty_codes):
    """(duty code, letter, department code, role code) of each letter of a snapshot on the
    duties of `duty_codes` ({duty id: code}); a party the snapshot lacks is skipped."""
    departments, roles, _processes, _duties, assignments = snapshot
    for _pk, (duty_id, letter, department_id, role_id) in assignments:
        party = roles.get(role_id) if role_id else departments.get(department_id)
        if duty_id in duty_codes and party:
            code = party[0]
            yield duty_codes[duty_id], letter, None if role_id else code, code if role_id else None


def _cells(snapshot):
    """{(duty code, party key): letters} of a snapshot, parties exactly as assigned."""
    duty_codes = {pk: values[0] for pk, values in snapshot[3].items()}
    cells = {}
    for duty, letter, department, role in _letters(snapshot, duty_codes):
        key = party_key(department_code=department, role_code=role)
        cells.setdefault((duty, key), set()).add(letter)
    return {cell: sort_letters(letters) for cell, letters in cells.items()}


def matrix_as_of(*, moment, axis="department", process=None, department=None):
    """The Matrix of the duties active at `moment`, with the letters they had then."""
    snapshot = _snapshot(moment)
    departments, roles, processes, duties, _assignments = snapshot
    shown = []
    for duty_id, (code, title, process_id, step, is_active) in duties.items():
        owner_code, owner_name, owner_active = processes.get(process_id, (None, None, True))
        if not (is_active and owner_active) or (process and owner_code != process):
            continue
        shown.append((duty_id, MatrixDuty(code, title, owner_code, owner_name, step)))
    shown.sort(key=lambda item: (item[1].process_name is None, item[1].process_name or "",
                                 item[1].step or 0, item[1].code))
    code_of = dict((duty_id, duty.code) for duty_id, duty in shown)
    rows = _letters(snapshot, code_of)
    if department:
        rows = list(rows)
        role_department = {code: departments.get(d, ("",))[0] for code, _n, d in roles.values()}
        keep = {duty for duty, _l, dep, role in rows
                if dep == department or role_department.get(role) == department}
        shown = [item for item in shown if item[1].code in keep]
        rows = [row for row in rows if row[0] in keep]
    return matrix_build(
        axis=axis,
        duties=[duty for _id, duty in shown],
        departments=list(departments.values()),
        roles=[(code, name, departments.get(dep, ("",))[0]) for code, name, dep in roles.values()],
        assignments=rows,
    )


def matrix_diff(*, start, end):
    """The cells whose letters differ between two moments, each with who changed it last
    and when: [{duty, party, before, after, when, who}] sorted by duty and party."""
    # Only the duties whose letters changed in between can differ: the rest is not read.
    duty_ids = _touched_duties(start, end)
    before_snapshot, after_snapshot = _snapshot(start, duty_ids), _snapshot(end, duty_ids)
    before, after = _cells(before_snapshot), _cells(after_snapshot)
    changed = {cell for cell in before.keys() | after.keys()
               if before.get(cell, "") != after.get(cell, "")}
    last_change = _last_changes(start, end, after_snapshot, before_snapshot)
    return [
        {"duty": duty, "party": party, "before": before.get((duty, party), ""),
         "after": after.get((duty, party), ""), **last_change.get((duty, party),
                                                                  {"when": None, "who": None})}
        for duty, party in sorted(changed)
    ]


def _last_changes(start, end, *snapshots):
    """{(duty code, party key): {when, who}} of the last letter change in (start, end]."""
    codes = {}
    for position, kind in ((0, "department"), (1, "role"), (3, "duty")):
        for snapshot in snapshots:
            for pk, values in snapshot[position].items():
                codes.setdefault((kind, pk), values[0])
    rows = Assignment.history.filter(history_date__gt=start, history_date__lte=end).order_by(
        "history_date", "history_id"
    ).values_list("duty_id", "department_id", "role_id", "history_date", "history_user__username")
    changes = {}
    for duty_id, department_id, role_id, when, who in rows:
        key = party_key(
            department_code=codes.get(("department", department_id)),
            role_code=codes.get(("role", role_id)) if role_id else None,
        )
        changes[(codes.get(("duty", duty_id)), key)] = {"when": when, "who": who}
    return changes
