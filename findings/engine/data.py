"""The plain rows the rules read, and the indexes built over them once per analysis."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from responsibilities.models import Raci
from responsibilities.parties import party_key

# The letters as plain strings: the rules look them up for every duty.
R, A, C = Raci.RESPONSIBLE.value, Raci.ACCOUNTABLE.value, Raci.CONSULTED.value
INFORMED = Raci.INFORMED.value


# The input rows are named tuples rather than dataclasses: the loader builds one per row and
# a tuple is built in half the time of a frozen dataclass.
class DepartmentRow(NamedTuple):
    code: str
    is_active: bool = True


class RoleRow(NamedTuple):
    code: str
    department: str
    is_active: bool = True


class MembershipRow(NamedTuple):
    role: str
    start: date | None = None
    end: date | None = None
    person_active: bool = True
    person: int | None = None  # the person's id: segregation-of-duties names who holds what


class ProcessRow(NamedTuple):
    code: str
    owner: str | None
    is_active: bool = True


class DutyRow(NamedTuple):
    """A duty with its letters as (party key, letter) pairs, one pair per assignment."""

    code: str
    letters: tuple[tuple[str, str], ...] = ()
    process: str | None = None
    step: int | None = None
    review_by: date | None = None
    is_active: bool = True
    is_control: bool = False
    # The day its letters were last confirmed, or it was created (never confirmed).
    checked_on: date | None = None
    confirmed: bool = False
    # The owners who did not confirm its letters: ((person id, reason), ...), a reason when they
    # said the duty is not theirs.
    unconfirmed: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class OrgData:
    """Everything the rules read, active or not: the loader's output and `analyse`'s input."""

    departments: tuple[DepartmentRow, ...] = ()
    roles: tuple[RoleRow, ...] = ()
    memberships: tuple[MembershipRow, ...] = ()
    processes: tuple[ProcessRow, ...] = ()
    duties: tuple[DutyRow, ...] = ()


class DutyView(NamedTuple):
    """One analysed duty with its parties grouped by letter."""

    row: DutyRow
    holders: dict[str, list[str]]  # letter → party keys holding it

    @property
    def parties(self):
        """Every party holding a letter on the duty, once each."""
        return {party for party, _letter in self.row.letters}


@dataclass(frozen=True, slots=True)
class OrgView:
    """The indexes every rule reads, built once per analysis from an `OrgData`."""

    duties: tuple[DutyView, ...]  # active duties outside inactive processes
    steps: dict[str, list[DutyView]]  # process code → its analysed duties in step order
    processes: tuple[ProcessRow, ...]  # active processes
    departments: tuple[str, ...]  # active department codes
    department_of: dict[str, str]  # party key → the department it counts for
    inactive: frozenset[str]
    held: frozenset[str]
    people: dict[str, frozenset]  # role party key → the people holding it today

    def departments_of(self, parties):
        """The departments the parties count for, sorted, each once."""
        return tuple(sorted({self.department_of[party] for party in parties}))


def _duty_view(row):
    holders = {R: [], A: [], C: [], INFORMED: []}
    for party, letter in row.letters:
        holders[letter].append(party)
    return DutyView(row, holders)


def _holders(data, today):
    """Role party key → the people holding it today (a membership with no person still
    makes its role held, as the rules without people read it)."""
    holders = defaultdict(set)
    for m in data.memberships:
        if (m.person_active and (m.start is None or m.start <= today)
                and (m.end is None or m.end >= today)):
            holders[party_key(role_code=m.role)].add(m.person)
    return holders


def _held_parties(data, holders):
    held = set(holders)
    held.update(
        party_key(department_code=r.department)
        for r in data.roles
        if r.is_active and party_key(role_code=r.code) in holders
    )
    return frozenset(held)


def _inactive_parties(data):
    active = {d.code for d in data.departments if d.is_active}
    inactive = {party_key(department_code=d.code) for d in data.departments if not d.is_active}
    inactive.update(
        party_key(role_code=r.code)
        for r in data.roles
        if not (r.is_active and r.department in active)
    )
    return frozenset(inactive)


def org_view(data, *, today):
    """Index `data` for the rules: only active duties, processes and departments remain."""
    inactive_processes = {p.code for p in data.processes if not p.is_active}
    duties = tuple(
        _duty_view(row)
        for row in data.duties
        if row.is_active and row.process not in inactive_processes
    )
    steps = defaultdict(list)
    for duty in sorted((d for d in duties if d.row.step is not None), key=lambda d: d.row.step):
        steps[duty.row.process].append(duty)
    department_of = {party_key(department_code=d.code): d.code for d in data.departments}
    department_of.update((party_key(role_code=r.code), r.department) for r in data.roles)
    holders = _holders(data, today)
    return OrgView(
        duties=duties,
        steps=dict(steps),
        processes=tuple(p for p in data.processes if p.is_active),
        departments=tuple(sorted(d.code for d in data.departments if d.is_active)),
        department_of=department_of,
        inactive=_inactive_parties(data),
        held=_held_parties(data, holders),
        people={role: frozenset(holders[role] - {None}) for role in holders},
    )
