"""The page of one duty: who answers for it, who holds those posts today, how to reach them."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, Subquery

from departments.models import Department, Role
from responsibilities.letters import sort_letters
from responsibilities.models import Assignment, Duty
from responsibilities.parties import ROLE, department_party, parse_party, party_of, role_party
from responsibilities.selectors.assignments import (
    PartyHolders,
    active_duty,
    assignments_with_parties,
    people_holding,
)
from responsibilities.selectors.changes import ChangeFilters, change_list
from responsibilities.selectors.manuals import MANUAL_ORDER

RECENT_CHANGES = 10


@dataclass
class DutyPage:
    duty: Duty
    letters: list
    previous: Duty | None
    next: Duty | None
    changes: list


def _neighbours(duty):
    """The active steps just before and after the duty in its process: one query."""
    if duty.process_id is None or duty.step is None:
        return None, None
    steps = Duty.objects.filter(active_duty(""), process_id=duty.process_id)
    before = steps.filter(step__lt=duty.step).order_by("-step").values("pk")[:1]
    after = steps.filter(step__gt=duty.step).order_by("step").values("pk")[:1]
    found = {
        neighbour.step: neighbour
        for neighbour in Duty.objects.filter(Q(pk=Subquery(before)) | Q(pk=Subquery(after)))
    }
    return (
        next((found[s] for s in sorted(found) if s < duty.step), None),
        next((found[s] for s in sorted(found) if s > duty.step), None),
    )


def _letters(duty, people):
    """[(letter, label, [PartyHolders])] in A, R, C, I order."""
    rows = {}
    for assignment in assignments_with_parties().filter(duty=duty):
        party = party_of(assignment)
        holders = people.get(assignment.role_id, [])
        row = rows.setdefault(party.key, PartyHolders(party, people=holders))
        row.letters += assignment.raci
    return [
        (letter, letter.label, [row for row in rows.values() if letter in row.letters])
        for letter in MANUAL_ORDER
    ]


def duty_page(*, code):
    """Everything the duty page shows: the duty, its neighbouring steps (none outside a
    process), today's holders, its letters, then its recent changes (a fixed number of
    queries, see selectors.changes); None for an unknown code."""
    duty = Duty.objects.select_related("process__owner", "confirmed_by").filter(code=code).first()
    if duty is None:
        return None
    previous, following = _neighbours(duty)
    return DutyPage(
        duty=duty,
        letters=_letters(duty, people_holding(
            roles=Role.objects.filter(assignments__duty=duty))[0]),
        previous=previous,
        next=following,
        changes=change_list(filters=ChangeFilters(duty=duty.code), limit=RECENT_CHANGES)[1],
    )


@dataclass
class CellView:
    """One matrix cell: the duty, the party (a Party) and its letters there."""

    duty: Duty
    party: object
    letters: str


def duty_read(*, code):
    """The duty with `code` and its process, or None: one query."""
    return Duty.objects.select_related("process").filter(code=code).first()


def cell_read(*, duty, party):
    """The cell of `party` (a party key) on the duty with code `duty`: three queries.

    None when the duty or the party does not exist.
    """
    found = duty_read(code=duty)
    try:
        key = parse_party(party)
    except ValidationError:
        return None
    parties = Role.objects.select_related("department") if key.kind == ROLE else (
        Department.objects.all())
    holder = parties.filter(code=key.code).first()
    if found is None or holder is None:
        return None
    letters = Assignment.objects.filter(duty=found, **{key.kind: holder}).values_list(
        "raci", flat=True)
    target = role_party(holder) if key.kind == ROLE else department_party(holder)
    return CellView(found, target, sort_letters(letters))
