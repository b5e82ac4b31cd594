"""Processes as swimlanes: steps in order × the departments taking part, and playbooks as
"who acts, who to call" lists. Fixed query counts, grouping in Python."""

from dataclasses import dataclass, field

from django.db.models import F

from departments.models import Role
from registry.languages import reader_order
from responsibilities.models import RACI_ORDER, Duty, Process
from responsibilities.parties import party_of
from responsibilities.selectors.assignments import (
    PartyHolders,
    active_duty,
    assignments_with_parties,
    people_holding,
)


@dataclass
class Step:
    duty: Duty
    cells: dict = field(default_factory=dict)  # department code -> [PartyHolders]

    @property
    def by_letter(self):
        """{letter: every party holding it on this step, in lane order}."""
        return {
            letter: [entry for entries in self.cells.values() for entry in entries
                     if letter in entry.letters]
            for letter in RACI_ORDER
        }


@dataclass
class Lane:
    code: str
    name: str
    chat: str
    email: str


@dataclass
class Swimlane:
    process: Process
    lanes: list
    steps: list

    @property
    def rows(self):
        """[(step, [entries in lane order])] for the table."""
        return [
            (step, [step.cells.get(lane.code, []) for lane in self.lanes]) for step in self.steps
        ]


def _lanes(process, steps_assignments):
    """Departments in the order they first act, the owner first."""
    lanes = {}
    if process.owner_id:
        owner = process.owner
        lanes[owner.code] = Lane(owner.code, owner.name, owner.chat, owner.email)
    for assignment in steps_assignments:
        party = party_of(assignment)
        if party.department_code not in lanes:
            lanes[party.department_code] = Lane(
                party.department_code, party.department_name, party.chat, party.email
            )
    return list(lanes.values())


def process_swimlane(*, code):
    """A process's steps × departments; 4 queries (process, steps, letters, holders).

    None for an unknown code.
    """
    process = Process.objects.select_related("owner").filter(code=code).first()
    if process is None:
        return None
    steps = {
        duty.pk: Step(duty)
        for duty in Duty.objects.filter(active_duty(""), process=process).order_by("step", "code")
    }
    people, _departments = people_holding(
        roles=Role.objects.filter(assignments__duty__process=process))
    assignments = list(
        assignments_with_parties().filter(active_duty(), duty__process=process)
        .order_by("duty__step", F("role").asc(nulls_first=True), reader_order("name", "role__"),
                  "id")
    )
    for assignment in assignments:
        party = party_of(assignment)
        entries = steps[assignment.duty_id].cells.setdefault(party.department_code, [])
        entry = next((e for e in entries if e.party == party), None)
        if entry is None:
            entry = PartyHolders(party, people=people.get(assignment.role_id, []))
            entries.append(entry)
        entry.letters += assignment.raci
    return Swimlane(process=process, lanes=_lanes(process, assignments), steps=list(steps.values()))
