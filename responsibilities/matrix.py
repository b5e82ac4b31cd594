"""The matrix read model: duties × parties with the letters of each cell, from plain rows.

Two axes:
- `role`: every party as it was assigned (departments and roles are separate columns);
- `department`: a role's letters are folded into its department's column, which answers
  the "between departments" questions.
"""

from dataclasses import asdict, dataclass, field

from responsibilities.models import RACI_ORDER
from responsibilities.parties import DEPARTMENT, ROLE

AXES = (DEPARTMENT, ROLE)


@dataclass(frozen=True, slots=True)
class MatrixDuty:
    code: str
    title: str
    process: str | None
    process_name: str | None
    step: int | None


@dataclass(frozen=True, slots=True)
class MatrixParty:
    key: str
    kind: str
    code: str
    name: str
    department: str


@dataclass(slots=True)
class Matrix:
    axis: str
    duties: list[MatrixDuty]
    parties: list[MatrixParty]
    cells: dict[str, dict[str, str]] = field(default_factory=dict)

    def letters(self, duty_code, party_key):
        """The letters of one cell in A, R, C, I order ("" when empty)."""
        return self.cells.get(duty_code, {}).get(party_key, "")

    def as_dict(self):
        """Plain JSON-ready values: the duties, the parties and {duty: {party: letters}}."""
        return {
            "axis": self.axis,
            "duties": [asdict(duty) for duty in self.duties],
            "parties": [asdict(party) for party in self.parties],
            "cells": self.cells,
        }


def sort_letters(letters):
    """Letters in cell order (A, R, C, I), each once."""
    return "".join(letter for letter in RACI_ORDER if letter in letters)


def matrix_build(*, axis, duties, departments, roles, assignments):
    """Build the Matrix from plain rows.

    `duties`: MatrixDuty in display order; `departments`: (code, name);
    `roles`: (code, name, department code); `assignments`: (duty code,
    letter, department code or None, role code or None). Only parties holding a letter
    on one of the duties become columns.
    """
    role_department = {code: department for code, _, department in roles}
    letters = {}
    for duty_code, letter, department_code, role_code in assignments:
        if role_code and axis == ROLE:
            key = f"{ROLE}:{role_code}"
        else:
            key = f"{DEPARTMENT}:{department_code or role_department[role_code]}"
        letters.setdefault(duty_code, {}).setdefault(key, set()).add(letter)
    used = {key for row in letters.values() for key in row}
    cells = {
        duty.code: {key: sort_letters(found) for key, found in letters[duty.code].items()}
        for duty in duties
        if duty.code in letters
    }
    return Matrix(axis=axis, duties=list(duties), parties=_columns(used, departments, roles),
                  cells=cells)


def _columns(used, departments, roles):
    """Each department's own column, followed by its roles' columns, both by name."""
    roles_of = {}
    for code, name, department in sorted(roles, key=lambda role: (role[1], role[0])):
        roles_of.setdefault(department, []).append(MatrixParty(
            f"{ROLE}:{code}", ROLE, code, name, department))
    columns = []
    for code, name in sorted(departments, key=lambda department: (department[1], department[0])):
        own = MatrixParty(f"{DEPARTMENT}:{code}", DEPARTMENT, code, name, code)
        columns.extend(party for party in [own, *roles_of.get(code, [])] if party.key in used)
    return columns
