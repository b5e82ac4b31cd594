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


# A cell's letters as a 4-bit mask while building: cheaper than a set per cell, and the
# sorted string of each of the 16 masks is computed once.
LETTER_BIT = {letter: 1 << index for index, letter in enumerate(RACI_ORDER)}
LETTERS_OF_MASK = [sort_letters([letter for letter in RACI_ORDER if mask & LETTER_BIT[letter]])
                   for mask in range(1 << len(RACI_ORDER))]


def matrix_build(*, axis, duties, departments, roles, assignments):
    """Build the Matrix from plain rows.

    `duties`: MatrixDuty in display order; `departments`: (code, name);
    `roles`: (code, name, department code); `assignments`: (duty code,
    letter, department code or None, role code or None). Only parties holding a letter
    on one of the duties become columns.
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
