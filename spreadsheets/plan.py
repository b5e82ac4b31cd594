"""Spreadsheet rows into an import plan: which duties to create and which cells to set.

Pure: the current state comes in as an ImportContext of plain values, and the plan
lists every problem by row and column instead of stopping at the first.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils import get_column_letter

from registry.codes import CODE_MAX_LENGTH, code_from_title, validate_code
from responsibilities.letters import sort_letters
from responsibilities.parties import DEPARTMENT, ROLE
from spreadsheets.spellings import footnote_marks, read_cell

MAX_STEP = 2**31 - 1  # the largest step the database stores (a positive integer field)
FIXED = {"duty": "duty", "code": "duty", "title": "title", "process": "process", "step": "step",
         "description": "description", "notes": "description"}
# The longest title and name the database stores (Duty.title; Department, Role, Process name).
TITLE_MAX = 300
NAME_MAX = 200
# A header naming a role with its department: "Role (Department)", the department created when
# new (a parenthesis holding a digit qualifies a name instead: "Operations (Tier 2)"); or
# "Department / Role" when that department exists or another column names it ("Researchers /
# Data Scientists" is one party of two names).
ROLE_IN_NEW_DEPARTMENT = re.compile(r"^(?P<role>.+?)\s*\((?P<department>[^()0-9]+)\)$")
ROLE_IN_KNOWN_DEPARTMENT = re.compile(r"^(?P<department>.+?)\s+/\s+(?P<role>.+)$")
# How many of the cells an unknown spelling occurs in its problem names.
SHOWN_PLACES = 5


@dataclass(frozen=True)
class ImportContext:
    duties: dict  # code -> pk
    duties_by_title: dict  # title (either language) -> [codes]
    processes: dict  # code -> (pk, highest step)
    taken_steps: set  # {(process code, step)}
    parties: dict  # party key -> (pk, (names in either language))
    cells: dict  # (duty code, party key) -> letters
    process_names: dict = field(default_factory=dict)  # name (casefolded) -> code
    duty_processes: dict = field(default_factory=dict)  # duty code -> its process's code
    process_steps: dict = field(default_factory=dict)  # process code -> [(code, (titles))] by step


@dataclass(frozen=True)
class NewParty:
    kind: str  # DEPARTMENT or ROLE
    code: str
    name: str
    department: str | None = None  # a role's department code


@dataclass(frozen=True)
class NewProcess:
    code: str
    name: str


@dataclass(frozen=True)
class NewDuty:
    row: int
    code: str
    title: str
    process: str | None
    step: int | None
    description: str = ""


@dataclass(frozen=True)
class CellWrite:
    row: int
    duty: str
    party: str
    before: str
    after: str
    note: str = ""  # the footnote marks of the cell, kept on the letters it adds

    @property
    def action(self):
        return "created" if not self.before else "cleared" if not self.after else "changed"


@dataclass
class ImportPlan:
    rows: int = 0
    new_duties: list = field(default_factory=list)
    new_parties: list = field(default_factory=list)
    new_processes: list = field(default_factory=list)
    cells: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # (row, column, message)
    unknown: dict = field(default_factory=dict)  # spelling -> [(row, column)]

    def problem(self, row, column, message):
        self.problems.append({"row": row, "column": column, "message": str(message)})

    def created(self):
        """The departments, roles and processes the import creates, as plain values."""
        return {
            "departments": [{"code": p.code, "name": p.name} for p in self.new_parties
                            if p.kind == DEPARTMENT],
            "roles": [{"code": p.code, "name": p.name, "department": p.department}
                      for p in self.new_parties if p.kind == ROLE],
            "processes": [{"code": p.code, "name": p.name} for p in self.new_processes],
        }

    def counts(self):
        """How many duties would be created and cells created, changed and cleared."""
        counts = {"duties_created": len(self.new_duties), "created": 0, "changed": 0,
                  "cleared": 0}
        for cell in self.cells:
            counts[cell.action] += 1
        return counts


def duty_references(header, rows):
    """The duty codes and titles a sheet names, to load only what the plan needs."""
    columns = {FIXED.get(title.strip().lower()): index for index, title in enumerate(header)}
    codes = {row[columns["duty"]] for row in rows} if "duty" in columns else set()
    titles = {row[columns["title"]] for row in rows} if "title" in columns else set()
    return codes - {""}, titles - {""}


def import_plan(header, rows, context, *, numbers=None, mapping=None, create_missing=False,
                names=None, codes=None, departments=None):
    """The ImportPlan for a sheet's header and rows against the current state. `numbers` are
    the rows' places in the sheet (for problems; default: 2, 3, …); `mapping` gives spellings
    letters for the whole file; with `create_missing` unknown parties and processes are
    planned for creation instead of refused, named as `names` ({(kind, code): (name,
    department code)}, an export's Names sheet) says, with the codes `codes` ({(kind, name):
    code}, edited on the preview) gives them; a party column `departments` ({header: department
    name}) places is a role in that department."""
    plan = ImportPlan(rows=len(rows))
    options = _Options(mapping or {}, create_missing, names or {}, codes or {},
                       departments or {})
    fixed, parties = _read_header(header, context, plan, options)
    if "duty" not in fixed and "title" not in fixed:
        plan.problem(1, None, _("The header needs a “duty” (code) or a “title” column."))
    if plan.problems:
        return plan
    seen, new_codes, placed = {}, set(), []
    for number, row in zip(numbers or range(2, len(rows) + 2), rows, strict=True):
        if not any(row):
            continue
        values = {name: row[index] for name, index in fixed.items()}
        duty = _match_duty(number, values, context, plan, seen, new_codes, options)
        placed.append((number, values, duty))
        for index, key in parties:
            _plan_cell(number, index, header[index], duty, key, row[index], context, plan,
                       options)
    _report_renamed(placed, plan, context)
    _report_unknown(plan)
    return plan


@dataclass(frozen=True)
class _Options:
    mapping: dict
    create_missing: bool
    names: dict
    codes: dict
    departments: dict


def _report_renamed(placed, plan, context):
    """A problem for each row that would add a duty (no code, no step) to a process the
    registry has and the sheet lists (its rows placed in that process by a process column or a
    section row match one of its duties), at the place of a duty
    whose title the sheet no longer holds: most likely that duty renamed in the sheet, which
    would otherwise come in as a second duty."""
    new = {duty.code: duty for duty in plan.new_duties}
    by_process = {}
    for number, values, duty in placed:
        if not values.get("process"):
            continue  # only rows the sheet itself places in a process
        process = context.duty_processes.get(duty) or (new[duty].process if duty in new else None)
        if process in context.process_steps:
            by_process.setdefault(process, []).append((number, values, duty))
    for process, rows in by_process.items():
        if all(duty in new for _number, _values, duty in rows):
            continue  # the sheet adds to the process without listing it: nothing stands in place
        titles = {values.get("title", "") for _number, values, _duty in rows}
        existing = context.process_steps[process]
        for position, (number, values, duty) in enumerate(rows):
            if (duty in new and not values.get("duty") and not values.get("step")
                    and position < len(existing) and titles.isdisjoint(existing[position][1])):
                code, (title, *_other) = existing[position]
                plan.problem(number, "title", _(
                    "“%(new)s” stands where %(process)s has “%(old)s”, which the sheet no "
                    "longer holds: if the duty was renamed, give its code (%(code)s) in a "
                    "“duty” column or rename it first; to add a duty, keep “%(old)s” in the "
                    "sheet too.") % {"new": values.get("title", ""), "process": process,
                                     "old": title, "code": code})


def _report_unknown(plan):
    """One problem per unknown spelling, naming where it occurs (not one per cell)."""
    for spelling, places in plan.unknown.items():
        shown = ", ".join(_("%(column)s row %(row)s") % {"column": column, "row": row}
                          for row, column in places[:SHOWN_PLACES])
        more = len(places) - SHOWN_PLACES
        if more > 0:
            shown = ngettext("%(places)s and %(count)s more", "%(places)s and %(count)s more",
                             more) % {"places": shown, "count": more}
        plan.problem(places[0][0], places[0][1], ngettext(
            "“%(spelling)s” is not a RACI letter (%(count)s cell: %(places)s): write A, R, C "
            "or I, or say once what it means for the whole file, like “%(spelling)s=R”.",
            "“%(spelling)s” is not a RACI letter (%(count)s cells: %(places)s): write A, R, C "
            "or I, or say once what it means for the whole file, like “%(spelling)s=R”.",
            len(places)) % {"spelling": spelling, "count": len(places), "places": shown})


def _column(index, header):
    return f"{get_column_letter(index + 1)} ({header})"


def _read_header(header, context, plan, options):
    """Map fixed columns to their index and party columns to (index, party key)."""
    fixed, parties, used = {}, [], {}
    names = _names_of(context.parties)
    for index, title in enumerate(header):
        name = FIXED.get(title.strip().lower())
        if name and name not in fixed:
            fixed[name] = index
            continue
        key = _party_for(title, context.parties, names)
        place = _column(index, title)
        if key is None and options.create_missing and title.strip():
            key = _new_party(title.strip(), place, context, plan, names, options)
            if key is None:
                continue
        if key is None:
            plan.problem(1, place, _("Unknown column “%(title)s”: name a party as "
                                     "department:<code> or role:<code>, or by its code or "
                                     "exact name; or let the import create it.")
                         % {"title": title})
        elif key == "ambiguous":
            plan.problem(1, place, _("“%(title)s” names more than one party: write "
                                     "department:<code> or role:<code>.") % {"title": title})
        elif key in used:
            plan.problem(1, place, _("“%(title)s” is the same party as column %(other)s.")
                         % {"title": title, "other": used[key]})
        else:
            used[key] = place
            parties.append((index, key))
    return fixed, parties


def _new_party(title, place, context, plan, names, options):
    """Plan the party a header names: the one a party key names (`role:cs-manager`, named
    and placed as the export's Names sheet says); a role (see `_role_and_department`); else a
    department. Its key, or None after a problem."""
    kind, colon, code = title.partition(":")
    if colon and kind in (DEPARTMENT, ROLE):
        return _new_keyed_party(kind, code.strip(), place, context, plan, names, options)
    role, department = _role_and_department(title, context, names, options)
    if role is None:
        return _planned(DEPARTMENT, title, place, context, plan, names,
                        chosen=options.codes.get((DEPARTMENT, title)))
    key = (_department_for(department, context, names)
           or _planned(DEPARTMENT, department, place, context, plan, names,
                       chosen=options.codes.get((DEPARTMENT, department))))
    if key is None:
        return None
    return _planned(ROLE, role, place, context, plan, names, department=key.partition(":")[2],
                    chosen=options.codes.get((ROLE, role)))


def _role_and_department(title, context, names, options):
    """(role name, department name) when a header names a role: placed by a departments row
    under the header, or written "Department / Role" of a department that exists or another
    column names, or "Role (Department)"; else (None, None)."""
    if options.departments.get(title):
        return title, options.departments[title].strip()
    known = ROLE_IN_KNOWN_DEPARTMENT.match(title)
    if known and _department_for(known["department"], context, names):
        return known["role"].strip(), known["department"].strip()
    new = ROLE_IN_NEW_DEPARTMENT.match(title)
    if new:
        return new["role"].strip(), new["department"].strip()
    return None, None


def _new_keyed_party(kind, code, place, context, plan, names, options):
    """Plan the party `kind:code` with exactly that code; a role with the department the
    Names sheet gives it (planned too when new)."""
    try:
        validate_code(code)
    except ValidationError as error:
        plan.problem(1, place, error.messages[0])
        return None
    name, department = options.names.get((kind, code), (code, ""))
    if kind == ROLE:
        if not department:
            plan.problem(1, place, _("Which department is role %(code)s in? Create the role "
                                     "first, or import the workbook the registry exported "
                                     "(its Names sheet says).") % {"code": code})
            return None
        if f"{DEPARTMENT}:{department}" not in context.parties:
            try:
                validate_code(department)
            except ValidationError as error:
                plan.problem(1, place, f"{department}: {error.messages[0]}")
                return None
            department_name = options.names.get((DEPARTMENT, department), (department, ""))[0]
            if _planned(DEPARTMENT, department_name, place, context, plan, names,
                        code=department) is None:
                return None
    return _planned(kind, name, place, context, plan, names, code=code, department=department)


def _chosen_code(code, taken, row, column, plan):
    """`code` as chosen on the preview, or None after a problem (not a code, or taken)."""
    try:
        validate_code(code)
    except ValidationError as error:
        plan.problem(row, column, f"{code}: {error.messages[0]}")
        return None
    if code in taken:
        plan.problem(row, column, _("The code %(code)s is taken: choose another.")
                     % {"code": code})
        return None
    return code


def _department_for(name, context, names):
    """The key of the department `name` names (by name or code), or None."""
    keys = [key for key in names.get(name.strip().casefold(), []) if key.startswith(DEPARTMENT)]
    keys += [key for key in (f"{DEPARTMENT}:{name.strip()}",) if key in context.parties]
    return keys[0] if keys else None


def _planned(kind, name, place, context, plan, names, department=None, code=None,
             chosen=None):
    if len(name) > NAME_MAX:
        plan.problem(1, place, _("A name is at most %(max)s characters; “%(start)s…” is "
                                 "longer.") % {"max": NAME_MAX, "start": name[:40]})
        return None
    taken = {key.partition(":")[2] for key in context.parties if key.startswith(f"{kind}:")}
    if chosen:
        code = _chosen_code(chosen, taken, 1, place, plan)
        if code is None:
            return None
    code = code or code_from_title(name, taken, fallback=kind)
    key = f"{kind}:{code}"
    context.parties[key] = (None, (name,))
    names.setdefault(name.casefold(), []).append(key)
    plan.new_parties.append(NewParty(kind, code, name, department))
    return key


def _names_of(parties):
    """{name (casefolded): [party keys]} of every name of the parties, in either language."""
    names = {}
    for key, (_pk, known) in parties.items():
        for name in known:
            names.setdefault(name.casefold(), []).append(key)
    return names


def header_parties(header, parties):
    """The party keys the header's columns name, out of `parties` ({key: (pk, names)})."""
    names = _names_of(parties)
    found = (_party_for(title, parties, names) for title in header
             if FIXED.get(title.strip().lower()) is None)
    return {key for key in found if key not in (None, "ambiguous")}


def _party_for(title, parties, names):
    title = title.strip()
    if not title:
        return None
    kind, sep, code = title.partition(":")
    if sep and kind.strip().lower() in (DEPARTMENT, ROLE):
        key = f"{kind.strip().lower()}:{code.strip()}"
        return key if key in parties else None
    keys = (f"{DEPARTMENT}:{title}", f"{ROLE}:{title}")
    by_code = [key for key in keys if key in parties]
    found = by_code or names.get(title.casefold(), [])
    if len(found) > 1:
        return "ambiguous"
    return found[0] if found else None


def _match_duty(number, values, context, plan, seen, new_codes, options):
    """The duty code a row is about (existing or planned), or None after a problem."""
    code, title = values.get("duty", ""), values.get("title", "")
    if not code:
        matches = context.duties_by_title.get(title, [])
        process = values.get("process", "")
        process = process if process in context.processes else context.process_names.get(
            process.casefold())
        if len(matches) > 1 and process:
            # The same title in several processes: the row's process tells which.
            matches = [match for match in matches
                       if context.duty_processes.get(match) == process] or matches
        if len(matches) > 1 and process:
            # The same title twice in one process: its rows take them in step order.
            order = [code for code, _title in context.process_steps.get(process, ())]
            unseen = sorted((match for match in matches if match not in seen),
                            key=lambda match: order.index(match) if match in order else 0)
            matches = unseen[:1] or matches
        if len(matches) > 1:
            plan.problem(number, "title", _("Several duties are titled “%(title)s”: give the "
                                            "duty code.") % {"title": title})
            return None
        code = matches[0] if matches else ""
    if code and code in seen:
        plan.problem(number, "duty", _("Duty %(code)s already appears in row %(row)s.")
                     % {"code": code, "row": seen[code]})
        return None
    if code in context.duties:
        seen[code] = number
        return code
    new = _new_duty(number, code, title, values, context, plan, new_codes, options)
    if new is None:
        return None
    seen[new.code] = number
    return new.code


def _new_duty(number, code, title, values, context, plan, new_codes, options):
    """Plan a duty the registry does not have yet; None after a problem."""
    problems = len(plan.problems)
    if not title:
        plan.problem(number, "title", _("A new duty needs a title."))
    elif len(title) > TITLE_MAX:
        plan.problem(number, "title", _("A title is at most %(max)s characters; this one has "
                                        "%(length)s.") % {"max": TITLE_MAX, "length": len(title)})
    if code:
        try:
            validate_code(code)
        except ValidationError as error:
            plan.problem(number, "duty", error.messages[0])
        if len(code) > CODE_MAX_LENGTH:
            plan.problem(number, "duty", _("The code is longer than %(max)s characters.")
                         % {"max": CODE_MAX_LENGTH})
    else:
        code = code_from_title(title, set(context.duties) | new_codes, fallback="duty")
    process, step = values.get("process") or None, values.get("step") or None
    if process:
        process = _process_for(number, process, context, plan, options)
    step = _plan_step(number, process, step, context, plan)
    if len(plan.problems) > problems:
        return None
    new = NewDuty(number, code, title, process, step, values.get("description", ""))
    new_codes.add(code)
    plan.new_duties.append(new)
    return new


def _process_for(number, text, context, plan, options):
    """The code of the process a row names (by code or name), planned for creation when
    allowed; None after a problem."""
    if text in context.processes:
        return text
    code = context.process_names.get(text.casefold())
    if code:
        return code
    if not options.create_missing:
        plan.problem(number, "process", _("Unknown process “%(code)s”: create it first, or "
                                          "let the import create it.") % {"code": text})
        return None
    named = options.names.get(("process", text))
    if named:
        try:
            validate_code(text)
        except ValidationError as error:
            plan.problem(number, "process", f"{text}: {error.messages[0]}")
            return None
    name = named[0] if named else text
    if len(name) > NAME_MAX:
        plan.problem(number, "process", _("A name is at most %(max)s characters; “%(start)s…” "
                                          "is longer.") % {"max": NAME_MAX, "start": name[:40]})
        return None
    chosen = options.codes.get(("process", text))
    if chosen and _chosen_code(chosen, set(context.processes), number, "process", plan) is None:
        return None
    code = text if named else chosen or code_from_title(text, set(context.processes),
                                                         fallback="process")
    context.processes[code] = (None, 0)
    context.process_names[text.casefold()] = code
    plan.new_processes.append(NewProcess(code, name))
    return code


def _plan_step(number, process, step, context, plan):
    if step is None:
        if process is None or process not in context.processes:
            return None
        step = context.processes[process][1] + 1
        while (process, step) in context.taken_steps:
            step += 1
    elif not (step.isascii() and step.isdigit()) or not 1 <= int(step) <= MAX_STEP:
        plan.problem(number, "step", _("The step must be a whole number from 1 to %(max)s.")
                     % {"max": MAX_STEP})
        return None
    elif process is None:
        plan.problem(number, "step", _("A step number needs a process."))
        return None
    step = int(step)
    if (process, step) in context.taken_steps:
        plan.problem(number, "step", _("Step %(step)s of %(process)s is already taken.")
                     % {"step": step, "process": process})
        return None
    context.taken_steps.add((process, step))
    return step


def _plan_cell(number, index, title, duty, key, text, context, plan, options):
    if not text and (duty, key) not in context.cells:
        return  # empty in the sheet and in the registry, as most cells are: nothing to do
    try:
        after = read_cell(text, options.mapping)
    except ValueError as error:
        plan.unknown.setdefault(str(error), []).append((number, _column(index, title)))
        return
    before = sort_letters(context.cells.get((duty, key), ""))
    if duty is not None and before != after:
        plan.cells.append(CellWrite(number, duty, key, before, after, footnote_marks(text)))
