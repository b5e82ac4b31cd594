"""The one load of plain rows the rules read: the whole organisation, or a slice of its duties."""

from collections import defaultdict
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

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


def _streamed(rows, duty_ids):
    """The whole table in chunks; a slice of it at once (a server-side cursor costs round trips
    a small slice does not need)."""
    return rows.iterator(chunk_size=CHUNK_SIZE) if duty_ids is None else rows


def _letters_by_duty(department_codes, role_codes, duty_ids):
    """Duty id → its (party key, letter) pairs, from one query over the assignments of the
    duties `duty_ids` (None: all)."""
    department_parties = {pk: party_key(department_code=c) for pk, c in department_codes.items()}
    role_parties = {pk: party_key(role_code=c) for pk, c in role_codes.items()}
    letters = defaultdict(list)
    rows = Assignment.objects.order_by().values_list("duty_id", "department_id", "role_id", "raci")
    if duty_ids is not None:
        rows = rows.filter(duty_id__in=duty_ids)
    for duty_id, department_id, role_id, letter in _streamed(rows, duty_ids):
        party = role_parties.get(role_id) or department_parties.get(department_id)
        if party is not None:
            letters[duty_id].append((party, letter))
    return letters


def _duty_rows(duty_ids, process_codes, department_codes, role_codes):
    """The duties `duty_ids` (None: all), each with its letters, from two queries; and their
    ids by code."""
    rows = Duty.objects.order_by().values_list(
        "id", "code", "process_id", "step", "review_by", "is_active", "is_control",
        "created_at", "confirmed_at", "unconfirmed",
    )
    if duty_ids is not None:
        rows = rows.filter(pk__in=duty_ids)
    rows = list(_streamed(rows, duty_ids))
    letters = _letters_by_duty(department_codes, role_codes, duty_ids)
    duties = tuple(
        DutyRow(code, tuple(letters.get(pk, ())), process_codes.get(process), *rest,
                checked_on=timezone.localdate(confirmed_at or created_at),
                confirmed=confirmed_at is not None,
                unconfirmed=tuple((entry["person"], entry.get("reason", ""))
                                  for entry in unconfirmed or ()))
        # rest: step, review_by, is_active, is_control
        for pk, code, process, *rest, created_at, confirmed_at, unconfirmed in rows
    )
    return duties, {code: pk for pk, code, *_rest in rows}


def findings_load(duty_ids=None, process_ids=None):
    """Every row the rules read, active or not, in six queries at any size: the whole
    organisation, or a slice of it for the duties whose ids are in `duty_ids`, in the
    processes `process_ids` (None: all). A slice loads departments and roles whole, and the
    memberships of the parties holding letters in it.

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
    processes = Process.objects.order_by().values_list("id", "code", "owner_id", "is_active")
    if duty_ids is not None and process_ids is not None:
        processes = processes.filter(pk__in=process_ids)
    processes = list(processes)
    process_codes = {pk: code for pk, code, _owner, _active in processes}
    duties, ids = _duty_rows(duty_ids, process_codes, department_codes, role_codes)
    memberships = Membership.objects.order_by().values_list(
        "role_id", "start_date", "end_date", "person__is_active", "person_id"
    )
    if duty_ids is not None:
        memberships = memberships.filter(_holding(duties, roles, department_codes))
    data = OrgData(
        departments=tuple(DepartmentRow(code, active) for _pk, code, active in departments),
        roles=tuple(RoleRow(code, department_codes[department], active)
                    for _pk, code, department, active in roles),
        memberships=tuple(
            MembershipRow(role_codes[role], start, end, active, person)
            for role, start, end, active, person in memberships
            if role in role_codes
        ),
        processes=tuple(
            ProcessRow(code, department_codes.get(owner), active)
            for _pk, code, owner, active in processes
        ),
        duties=duties,
    )
    role_departments = {pk: department for pk, _code, department, _active in roles}
    return Loaded(data, ids, department_codes, role_codes, role_departments)


def _holding(duties, roles, department_codes):
    """The memberships that decide whether the parties holding letters on `duties` are held:
    those of the roles among them, and of every role of the departments among them."""
    parties = {party for duty in duties for party, _letter in duty.letters}
    return Q(role_id__in=[
        pk for pk, code, department, _active in roles
        if party_key(role_code=code) in parties
        or party_key(department_code=department_codes[department]) in parties
    ])


def findings_data_load():
    """The whole organisation as the rules read it (an `OrgData`)."""
    return findings_load().data
