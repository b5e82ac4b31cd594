"""The one load of plain rows the rules read: the whole organisation, or a slice of its duties."""

from collections import defaultdict
from typing import NamedTuple

from departments.models import Department, Membership, Role
from findings.engine import DepartmentRow, DutyRow, MembershipRow, OrgData, ProcessRow, RoleRow
from responsibilities.models import Assignment, Duty, Process
from responsibilities.parties import party_key

# The big tables are streamed in chunks instead of being cached whole by the queryset, which
# keeps the memory of a 200,000-assignment load down; a chunk is not a query of its own.
CHUNK_SIZE = 20_000


class Loaded(NamedTuple):
    """The rules' input, and the ids behind its codes (what the stored findings key on)."""

    data: OrgData
    duty_ids: dict  # duty code → id, for the duties loaded
    departments: dict  # department id → code
    roles: dict  # role id → code
    role_departments: dict  # role id → its department's id


def _letters_by_duty(department_codes, role_codes, scope):
    """Duty id → its (party key, letter) pairs, from one query over the assignments in scope."""
    department_parties = {pk: party_key(department_code=c) for pk, c in department_codes.items()}
    role_parties = {pk: party_key(role_code=c) for pk, c in role_codes.items()}
    letters = defaultdict(list)
    rows = Assignment.objects.order_by().values_list("duty_id", "department_id", "role_id", "raci")
    if scope is not None:
        rows = rows.filter(duty__in=Duty.objects.filter(scope).values("pk"))
    for duty_id, department_id, role_id, letter in rows.iterator(chunk_size=CHUNK_SIZE):
        party = role_parties.get(role_id) or department_parties.get(department_id)
        if party is not None:
            letters[duty_id].append((party, letter))
    return letters


def _duty_rows(scope, process_codes, department_codes, role_codes):
    """The duties in scope, each with its letters, from two queries; and their ids by code."""
    rows = Duty.objects.order_by().values_list(
        "id", "code", "process_id", "step", "review_by", "is_active"
    )
    if scope is not None:
        rows = rows.filter(scope)
    rows = list(rows.iterator(chunk_size=CHUNK_SIZE))
    letters = _letters_by_duty(department_codes, role_codes, scope)
    duties = tuple(
        DutyRow(code, tuple(letters.get(pk, ())), process_codes.get(process), *rest)
        for pk, code, process, *rest in rows  # rest: step, review_by, is_active
    )
    return duties, {code: pk for pk, code, *_rest in rows}


def findings_load(scope=None):
    """Every row the rules read, active or not, in six queries at any size: all duties, or
    those matching the Q `scope` (departments, roles, memberships and processes are always
    loaded whole).

    Each query sees the rows committed when it runs (PostgreSQL's default isolation), so a row
    pointing at a department or role created after that table was read is left out; the next
    analysis sees it. The queries clear the models' default ordering: it would add joins and sorts.
    """
    departments = list(Department.objects.order_by().values_list("id", "code", "is_active"))
    department_codes = {pk: code for pk, code, _active in departments}
    roles = [
        row for row in Role.objects.order_by().values_list("id", "code", "department_id",
                                                           "is_active")
        if row[2] in department_codes
    ]
    role_codes = {pk: code for pk, code, _department, _active in roles}
    memberships = Membership.objects.order_by().values_list(
        "role_id", "start_date", "end_date", "person__is_active"
    )
    processes = list(Process.objects.order_by().values_list("id", "code", "owner_id", "is_active"))
    process_codes = {pk: code for pk, code, _owner, _active in processes}
    duties, duty_ids = _duty_rows(scope, process_codes, department_codes, role_codes)
    data = OrgData(
        departments=tuple(DepartmentRow(code, active) for _pk, code, active in departments),
        roles=tuple(RoleRow(code, department_codes[department], active)
                    for _pk, code, department, active in roles),
        memberships=tuple(
            MembershipRow(role_codes[role], start, end, active)
            for role, start, end, active in memberships
            if role in role_codes
        ),
        processes=tuple(
            ProcessRow(code, department_codes.get(owner), active)
            for _pk, code, owner, active in processes
        ),
        duties=duties,
    )
    role_departments = {pk: department for pk, _code, department, _active in roles}
    return Loaded(data, duty_ids, department_codes, role_codes, role_departments)


def findings_data_load():
    """The whole organisation as the rules read it (an `OrgData`)."""
    return findings_load().data
