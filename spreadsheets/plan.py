"""Spreadsheet rows into an import plan: which duties to create and which cells to set.

Pure: the current state comes in as an ImportContext of plain values, and the plan
lists every problem by row and column instead of stopping at the first.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from registry.codes import CODE_MAX_LENGTH, code_from_title, validate_code
from responsibilities.letters import parse_letters, sort_letters
from responsibilities.parties import DEPARTMENT, ROLE

MAX_STEP = 2**31 - 1  # the largest step the database stores (a positive integer field)
FIXED = {"duty": "duty", "code": "duty", "title": "title", "process": "process", "step": "step"}


@dataclass(frozen=True)
class ImportContext:
    duties: dict  # code -> pk
    duties_by_title: dict  # title -> [codes]
    processes: dict  # code -> (pk, highest step)
    taken_steps: set  # {(process code, step)}
    parties: dict  # party key -> (pk, name)
    cells: dict  # (duty code, party key) -> letters


@dataclass(frozen=True)
class NewDuty:
    row: int
    code: str
    title: str
    process: str | None
    step: int | None


@dataclass(frozen=True)
class CellWrite:
    row: int
    duty: str
    party: str
    before: str
    after: str

    @property
    def action(self):
        return "created" if not self.before else "cleared" if not self.after else "changed"


@dataclass
class ImportPlan:
    rows: int = 0
    new_duties: list = field(default_factory=list)
    cells: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # (row, column, message)

    def problem(self, row, column, message):
        self.problems.append({"row": row, "column": column, "message": str(message)})

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


def import_plan(header, rows, context):
    """The ImportPlan for a sheet's header and rows against the current state."""
    plan = ImportPlan(rows=len(rows))
    fixed, parties = _read_header(header, context, plan)
    if "duty" not in fixed and "title" not in fixed:
        plan.problem(1, None, _("The header needs a “duty” (code) or a “title” column."))
    if plan.problems:
        return plan
    seen, new_codes = {}, set()
    for number, row in enumerate(rows, start=2):
        if not any(row):
            continue
        values = {name: row[index] for name, index in fixed.items()}
        duty = _match_duty(number, values, context, plan, seen, new_codes)
        for index, key in parties:
            _plan_cell(number, index, header[index], duty, key, row[index], context, plan)
    return plan


def _column(index, header):
    return f"{get_column_letter(index + 1)} ({header})"


def _read_header(header, context, plan):
    """Map fixed columns to their index and party columns to (index, party key)."""
    fixed, parties, used = {}, [], {}
    names = {}
    for key, (_pk, name) in context.parties.items():
        names.setdefault(name.casefold(), []).append(key)
    for index, title in enumerate(header):
        name = FIXED.get(title.strip().lower())
        if name and name not in fixed:
            fixed[name] = index
            continue
        key = _party_for(title, context.parties, names)
        place = _column(index, title)
        if key is None:
            plan.problem(1, place, _("Unknown column “%(title)s”: name a party as "
                                     "department:<code> or role:<code>, or by its code or "
                                     "exact name.") % {"title": title})
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


def header_parties(header, parties):
    """The party keys the header's columns name, out of `parties` ({key: (pk, name)})."""
    names = {}
    for key, (_pk, name) in parties.items():
        names.setdefault(name.casefold(), []).append(key)
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


def _match_duty(number, values, context, plan, seen, new_codes):
    """The duty code a row is about (existing or planned), or None after a problem."""
    code, title = values.get("duty", ""), values.get("title", "")
    if not code:
        matches = context.duties_by_title.get(title, [])
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
    new = _new_duty(number, code, title, values, context, plan, new_codes)
    if new is None:
        return None
    seen[new.code] = number
    return new.code


def _new_duty(number, code, title, values, context, plan, new_codes):
    """Plan a duty the registry does not have yet; None after a problem."""
    problems = len(plan.problems)
    if not title:
        plan.problem(number, "title", _("A new duty needs a title."))
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
    if process and process not in context.processes:
        plan.problem(number, "process", _("Unknown process “%(code)s”: create it first.")
                     % {"code": process})
    step = _plan_step(number, process, step, context, plan)
    if len(plan.problems) > problems:
        return None
    new = NewDuty(number, code, title, process, step)
    new_codes.add(code)
    plan.new_duties.append(new)
    return new


def _plan_step(number, process, step, context, plan):
    if step is None:
        if process is None or process not in context.processes:
            return None
        step = context.processes[process][1] + 1
        while (process, step) in context.taken_steps:
            step += 1
    elif not step.isdigit() or not 1 <= int(step) <= MAX_STEP:
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


def _plan_cell(number, index, title, duty, key, text, context, plan):
    if not text and (duty, key) not in context.cells:
        return  # empty in the sheet and in the registry, as most cells are: nothing to do
    try:
        after = parse_letters(text)
    except ValueError:
        plan.problem(number, _column(index, title), _(
            "“%(text)s” is not a RACI letter: write A, R, C, I, a combination such as A/R, "
            "or the words (Responsible, 负责 …).") % {"text": text})
        return
    before = sort_letters(context.cells.get((duty, key), ""))
    if duty is not None and before != after:
        plan.cells.append(CellWrite(number, duty, key, before, after))
