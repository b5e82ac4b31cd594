"""Finding the matrix in a sheet as people publish it, before the import plan reads it.

Pure: grids of text in (`spreadsheets.reading`), one `Table` out, whose header names the plan's
columns (`duty`, `title`, `process`, `step`, `description`) and then the parties. What it
finds:
- the sheet: the one whose cells hold the most RACI letters, unless a sheet is named;
- the orientation: duties as rows, or parties as rows (a letter block of two rows or more and
  at least twice as wide as tall is read across), unless it is given;
- the letter columns: the columns whose cells in the rows holding letters are letters, or
  short marks a mapping may give letters ("X", "S", "N/A"), every one of them;
- the header row: the nearest row above the letters naming most of those columns, below any
  title rows and blank rows;
- the activity column: the column so titled (Activity, Task, Deliverable, Work item, 活动 …),
  else the nearest column of text left of the letters, whatever its header says;
- a process, step, code and notes column by their headers; section rows (text in the activity
  column only, above the duties they head) as the duties' process; a row under the header
  saying "Department" (部门) in the activity column as the department of each party above it,
  which makes those parties roles;
- everything else (blank columns, legends, totals below the table) is left out.
A sheet as the registry exports it (its first row names `duty`, `code` or `title`, and letters
follow) is read as it stands, so that its every column is checked.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from spreadsheets.reading import SpreadsheetError
from spreadsheets.spellings import reads_as_letters

# Header texts of the columns the plan reads besides the parties, in lower case.
COLUMN_NAMES = {
    "duty": {"duty", "code", "duty code", "编号", "代码", "編號"},
    "title": {"title", "activity", "activities", "task", "tasks", "deliverable", "deliverables",
              "work item", "work items", "item", "duty title", "活动", "活動", "工作内容",
              "工作內容", "任务", "任務", "事项", "事項", "职责", "職責", "工作"},
    "process": {"process", "phase", "stage", "type", "category", "area", "workstream",
                "流程", "阶段", "階段", "类别", "類別", "类型", "類型"},
    "step": {"step", "#", "no", "no.", "seq", "order", "步骤", "步驟", "序号", "序號"},
    "description": {"notes", "note", "comments", "comment", "description", "remarks",
                    "备注", "備註", "说明", "說明", "描述"},
}
# Words that make a header a process column wherever they stand in it ("Aligned cloud
# capability", "Process area").
PROCESS_WORDS = ("capability", "process", "phase", "stage")
# A mark in a letter column a mapping may give letters: short, one word.
MARK_LENGTH = 4


@dataclass
class Table:
    sheet: str
    transposed: bool
    header: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    numbers: list = field(default_factory=list)  # the sheet's row (column) of each row
    # {header text: department name} of the party columns a departments row places: those
    # parties are roles in those departments.
    departments: dict = field(default_factory=dict)


def _flipped(rows):
    width = max((len(row) for row in rows), default=0)
    return [[row[column] if column < len(row) else "" for row in rows] for column in range(width)]


@dataclass
class _Shape:
    rows: list
    letters: list  # [[bool]] per cell
    columns: list  # the letter columns
    data: list  # the rows holding a letter in a letter column, in order
    count: int  # letters in the letter columns


def _shape(rows, mapping, memo):
    """Where the letters are in `rows`, or None when no cell holds one. `memo` keeps what
    each distinct text reads as: a sheet holds few of them, each many times."""
    def reads(cell):
        if cell not in memo:
            memo[cell] = reads_as_letters(cell, mapping)
        return memo[cell]

    letters = [[reads(cell) for cell in row] for row in rows]
    holding = [number for number, row in enumerate(letters) if any(row)]
    if not holding:
        return None
    width = len(rows[0])
    columns = []
    for column in range(width):
        filled = [rows[number][column] for number in holding if rows[number][column]]
        lettered = sum(letters[number][column] for number in holding)
        marks = sum(1 for number in holding if rows[number][column]
                    and (letters[number][column] or _mark(rows[number][column])))
        if lettered and marks >= 0.8 * len(filled):
            columns.append(column)
    data = [number for number in holding if any(letters[number][column] for column in columns)]
    if not data:
        return None
    count = sum(letters[number][column] for number in data for column in columns)
    return _Shape(rows, letters, columns, data, count)


def _mark(text):
    return len(text) <= MARK_LENGTH and " " not in text


# The header the registry's own exports write: a sheet whose first row names one of these
# columns is read as it stands, every other column a party.
EXPORT_COLUMNS = {"duty", "code", "title"}


def find_table(grids, *, sheet=None, transpose=None, mapping=None):
    """The Table of the grid (and orientation) holding the matrix; SpreadsheetError when
    none holds RACI letters, or the sheet named is not there."""
    if sheet:
        grids = [grid for grid in grids if grid.name == sheet]
        if not grids:
            raise SpreadsheetError(_("There is no sheet “%(sheet)s” in the file.")
                                   % {"sheet": sheet})
    exported = [grid for grid in grids if not transpose
                and EXPORT_COLUMNS & {cell.strip().lower() for cell in grid.rows[0]}]
    for grid in exported:
        if any(reads_as_letters(cell, mapping) for row in grid.rows[1:] for cell in row):
            return _as_exported(grid)
    orientations = (False, True) if transpose is None else (bool(transpose),)
    best, memo = None, {}
    for grid in grids:
        shapes = [(flip, _shape(_flipped(grid.rows) if flip else grid.rows, mapping, memo))
                  for flip in orientations]
        shapes = [(flip, shape) for flip, shape in shapes if shape is not None]
        if not shapes:
            continue
        if transpose is None:
            shapes = [(flip, shape) for flip, shape in shapes if flip == _across(shapes)]
        flip, shape = shapes[0]
        if best is None or shape.count > best[2].count:
            best = (grid, flip, shape)
    if best is None and exported:
        return _as_exported(exported[0])  # its cells are all wrong: the plan says which
    if best is None:
        raise SpreadsheetError(_("No sheet of the file holds RACI letters (R, A, C, I or the "
                                 "words): is it the matrix?"))
    grid, flip, shape = best
    return _table(grid.name, flip, shape)


def _as_exported(grid):
    return Table(grid.name, False, header=grid.rows[0], rows=grid.rows[1:],
                 numbers=list(range(2, len(grid.rows) + 1)))


def _across(shapes):
    """Whether to read a grid across (parties as rows): when, read down, its letters fill at
    least two rows and twice as many columns as rows. A matrix has more duties than parties,
    but a short one may well be wider than tall; `transpose` settles any other case."""
    upright = next((shape for flip, shape in shapes if not flip), None)
    if upright is None:
        return True
    return len(upright.data) >= 2 and len(upright.columns) >= 2 * len(upright.data)


def _header_row(shape):
    """The nearest row above the first letters naming at least half the letter columns."""
    for number in range(shape.data[0] - 1, -1, -1):
        row = shape.rows[number]
        named = [column for column in shape.columns
                 if row[column] and not shape.letters[number][column]]
        if len(named) * 2 >= len(shape.columns):
            return number
    raise SpreadsheetError(_("The table has no header row naming its parties above the "
                             "letters."))


def _column_name(text):
    text = text.strip().lower()
    for name, titles in COLUMN_NAMES.items():
        if text in titles:
            return name
    if any(word in text for word in PROCESS_WORDS):
        return "process"
    return None


def _party_columns(shape, header):
    """The letter columns, with the named columns of marks beside and between them: a party
    column whose every cell is a spelling no letter ("S", "X") is still the party's, so the
    spelling is reported rather than the column dropped."""
    columns = set(shape.columns)

    def marks_only(column):
        cells = [shape.rows[number][column] for number in shape.data if shape.rows[number][column]]
        return (header[column] and _column_name(header[column]) is None
                and all(_mark(cell) for cell in cells))

    first, last = min(columns), max(columns)
    columns |= {column for column in range(first, last) if marks_only(column)}
    for step, start in ((-1, first - 1), (1, last + 1)):
        column = start
        while 0 <= column < len(header) and marks_only(column) and any(
                shape.rows[number][column] for number in shape.data):
            columns.add(column)
            column += step
    return sorted(columns)


def _fixed_columns(shape, header, parties):
    """{plan column name: index} of the columns besides the parties."""
    fixed = {}
    for column, text in enumerate(header):
        name = _column_name(text)
        if column not in parties and name and name not in fixed:
            fixed[name] = column
    if "title" not in fixed:
        first = parties[0]
        texts = [column for column in range(first - 1, -1, -1)
                 if column not in fixed.values()
                 and sum(bool(shape.rows[number][column]) for number in shape.data) * 2
                 >= len(shape.data)]
        if texts:
            fixed["title"] = texts[0]
    return fixed


# What the activity column says on a row under the header naming each role's department.
DEPARTMENTS_ROW = {"department", "departments", "dept", "dept.", "部门", "部門", "所属部门"}


def _departments_row(shape, top):
    """Whether the row `top` found as the header is a departments row under the real header:
    it says "Department" outside the letter columns, and the row above names them too."""
    if top == 0:
        return False
    says = any(cell.strip().casefold() in DEPARTMENTS_ROW
               for column, cell in enumerate(shape.rows[top]) if column not in shape.columns)
    above = shape.rows[top - 1]
    return says and sum(bool(above[column]) for column in shape.columns) * 2 >= len(
        shape.columns)


def _table(sheet, transposed, shape):
    top, below = _header_row(shape), None
    if _departments_row(shape, top):
        top, below = top - 1, top
    header = shape.rows[top]
    columns = _party_columns(shape, header)
    fixed = _fixed_columns(shape, header, columns)
    parties = [column for column in columns if header[column]]
    title = fixed.get("title")
    departments = {} if below is None else {
        header[column]: shape.rows[below][column] for column in parties
        if shape.rows[below][column]}
    found, numbers, section, data = [], [], "", set(shape.data)
    for number in range(top + 1, shape.data[-1] + 1):
        row = shape.rows[number]
        if number not in data:
            others = [cell for column, cell in enumerate(row) if column != title and cell]
            if title is not None and row[title] and not others and number != below:
                section = row[title]  # a section row: the process of the duties below it
            continue
        values = {name: row[column] for name, column in fixed.items()}
        if section and not values.get("process"):
            values["process"] = section
        found.append((values, [row[column] for column in parties]))
        numbers.append(number + 1)
    names = [*fixed, *(["process"] if section and "process" not in fixed else [])]
    return Table(sheet, transposed, header=[*names, *(header[column] for column in parties)],
                 rows=[[values.get(name, "") for name in names] + cells
                       for values, cells in found],
                 numbers=numbers, departments=departments)


# The sheet of an export naming its parties and processes (spreadsheets.writing).
NAMES_SHEET = "Names"
NAMES_HEADER = ["kind", "code", "name", "department"]


def names_from(grids):
    """{(kind, code): (name, department code)} of the export's Names sheet, if the file has
    one: what an import that creates parties and processes names them."""
    for grid in grids:
        if grid.name == NAMES_SHEET and grid.rows and grid.rows[0][:4] == NAMES_HEADER:
            return {(row[0], row[1]): (row[2] or row[1], row[3])
                    for row in grid.rows[1:] if len(row) >= 4 and row[0] and row[1]}
    return {}
