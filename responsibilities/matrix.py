"""The matrix read model: duties × parties with the letters of each cell, from plain rows.

Two axes:
- `role`: every party as it was assigned (departments and roles are separate columns);
- `department`: a role's letters are folded into its department's column, which answers
  the "between departments" questions.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator

from responsibilities.letters import sort_letters
from responsibilities.models import RACI_ORDER
from responsibilities.parties import DEPARTMENT, ROLE, Party

AXES = (DEPARTMENT, ROLE)
# A page of the matrix: this many duties, and as many of the parties holding letters on them.
ROWS_PER_PAGE = 100
COLUMNS_PER_PAGE = 100


@dataclass(frozen=True, slots=True)
class MatrixDuty:
    code: str
    title: str
    process: str | None
    process_name: str | None
    step: int | None


@dataclass(slots=True)
class Matrix:
    axis: str
    duties: list[MatrixDuty]
    parties: list[Party]
    cells: dict[str, dict[str, str]] = field(default_factory=dict)
    # Every department and role in column order (what a page may ask to show).
    everyone: list[Party] = field(default_factory=list)
    # The keys asked to be shown first, whether or not they hold a letter ("show" columns).
    shown: tuple = ()

    def letters(self, duty_code, party_key):
        """The letters of one cell in A, R, C, I order ("" when empty)."""
        return self.cells.get(duty_code, {}).get(party_key, "")


# A cell's letters as a 4-bit mask while building: cheaper than a set per cell, and the
# sorted string of each of the 16 masks is computed once.
LETTER_BIT = {letter: 1 << index for index, letter in enumerate(RACI_ORDER)}
LETTERS_OF_MASK = [sort_letters([letter for letter in RACI_ORDER if mask & LETTER_BIT[letter]])
                   for mask in range(1 << len(RACI_ORDER))]


def matrix_build(*, axis, duties, departments, roles, assignments, show=()):
    """Build the Matrix from plain rows.

    `duties`: MatrixDuty in display order; `departments`: (code, name);
    `roles`: (code, name, department code); `assignments`: (duty code,
    letter, department code or None, role code or None). The parties holding a letter on
    one of the duties become columns, after the parties whose keys `show` names (in that
    order, letters or not; on the department axis a role's department); a key naming no
    party is left out.
    """
    departments, roles = list(departments), list(roles)
    department_key = {code: f"{DEPARTMENT}:{code}" for code, _ in departments}
    role_key = {
        code: f"{ROLE}:{code}" if axis == ROLE else f"{DEPARTMENT}:{department}"
        for code, _, department in roles
    }
    masks = {}
    for duty_code, letter, department_code, role_code in assignments:
        key = role_key.get(role_code) if role_code else department_key.get(department_code)
        if key is None:
            continue  # a party created after its table was read: it shows on the next read
        row = masks.get(duty_code)
        if row is None:
            row = masks[duty_code] = {}
        row[key] = row.get(key, 0) | LETTER_BIT[letter]
    used = {key for row in masks.values() for key in row}
    cells = {
        duty.code: {key: LETTERS_OF_MASK[mask] for key, mask in masks[duty.code].items()}
        for duty in duties
        if duty.code in masks
    }
    everyone = _columns(departments, roles)
    columns = {party.key: party for party in everyone if axis == ROLE or party.kind == DEPARTMENT}
    # On the department axis a role asked for is its department's column, as its letters are.
    column_of = {party.key: party.key if party.key in columns
                 else f"{DEPARTMENT}:{party.department_code}" for party in everyone}
    shown = tuple(dict.fromkeys(column_of[key] for key in show if key in column_of))
    parties = [columns[key] for key in shown]
    parties.extend(party for key, party in columns.items() if key in used and key not in shown)
    return Matrix(axis=axis, duties=list(duties), parties=parties, cells=cells,
                  everyone=everyone, shown=shown)


def _columns(departments, roles):
    """Each department's own column, followed by its roles' columns, both by name."""
    roles_of, names = {}, dict(departments)
    for code, name, department in sorted(roles, key=lambda role: (role[1], role[0])):
        roles_of.setdefault(department, []).append(
            Party(ROLE, code, name, department, names.get(department, "")))
    columns = []
    for code, name in sorted(departments, key=lambda department: (department[1], department[0])):
        columns.append(Party(DEPARTMENT, code, name, code, name))
        columns.extend(roles_of.get(code, ()))
    return columns


@dataclass
class MatrixRow:
    duty: object
    cells: list
    editable: bool
    findings: list = field(default_factory=list)  # most severe first (the findings app)
    starts_process: bool = False

    @property
    def worst(self):
        """The severity of the row's most severe finding, or None."""
        return self.findings[0].severity if self.findings else None


def matrix_rows(matrix, duties, parties, findings, editable, changed):
    """One MatrixRow per duty: [(party, letters, letters before or None)] in column order, its
    findings ({duty code: [finding]}), whether the user may edit it, and whether it opens a new
    process group. `changed` maps (duty code, party key) to the letters a cell held at the
    compared date."""
    rows, previous = [], object()
    for duty in duties:
        rows.append(MatrixRow(
            duty=duty,
            cells=[
                (party, matrix.letters(duty.code, party.key), changed.get((duty.code, party.key)))
                for party in parties
            ],
            editable=duty.code in editable,
            findings=findings.get(duty.code, []),
            starts_process=duty.process != previous,
        ))
        previous = duty.process
    return rows


def matrix_page(matrix, columns, findings, editable, changed):
    """(page of the parties shown or with a letter on the matrix's duties, the rows): the
    matrix holds one page of duties (the caller reads ROWS_PER_PAGE at a time); its columns
    are shown COLUMNS_PER_PAGE at a time (`columns` is the column page's number)."""
    column_page = Paginator(matrix.parties, COLUMNS_PER_PAGE).get_page(columns)
    parties = list(column_page.object_list)
    return column_page, matrix_rows(matrix, matrix.duties, parties, findings, editable, changed)
