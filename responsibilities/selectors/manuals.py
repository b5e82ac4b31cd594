"""Responsibility manuals: what a department or a role answers for, and whom to ask instead.

Every reader here runs a fixed number of queries whatever the size of the organisation:
the rows are fetched once with `select_related` and grouped in Python.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from departments.models import Department, Role
from responsibilities.models import Assignment, Duty, Raci
from responsibilities.parties import party_of
from responsibilities.selectors.assignments import (
    active_duty,
    assignments_with_parties,
    current_holders,
)

# The order a manual reads in: what we own first, what we are told last.
MANUAL_ORDER = (Raci.ACCOUNTABLE, Raci.RESPONSIBLE, Raci.CONSULTED, Raci.INFORMED)


@dataclass
class DutyLetters:
    """One duty with the letters our parties hold on it, and who owns it."""

    duty: Duty
    held: dict = field(default_factory=dict)  # letter -> [our Party holding it]
    owners: list = field(default_factory=list)
    responsible: list = field(default_factory=list)

    @property
    def letters(self):
        return "".join(self.held)

    def add_owner(self, assignment):
        target = self.owners if assignment.raci == Raci.ACCOUNTABLE else self.responsible
        if assignment.raci in (Raci.ACCOUNTABLE, Raci.RESPONSIBLE):
            party = party_of(assignment)
            if party not in target:
                target.append(party)

    @property
    def ask(self):
        """Whom to ask about the duty: its Accountable, or failing that its Responsible."""
        return self.owners or self.responsible


def _group(assignments, is_ours):
    """{duty code: DutyLetters} with `letters`/`parties` from our rows, owners from all rows."""
    by_duty = {}
    for assignment in assignments:
        entry = by_duty.setdefault(assignment.duty.code, DutyLetters(assignment.duty))
        entry.add_owner(assignment)
        if is_ours(assignment):
            entry.held.setdefault(assignment.raci, []).append(party_of(assignment))
    return by_duty


def _sections(by_duty):
    """[(letter, label, [(DutyLetters, our parties holding the letter)])] in manual order."""
    return [
        (letter, letter.label,
         [(entry, entry.held[letter]) for entry in by_duty.values() if letter in entry.held])
        for letter in MANUAL_ORDER
    ]


@dataclass
class DepartmentManual:
    department: Department
    children: list
    roles: list
    sections: list
    not_ours: list


def department_manual(*, code):
    """The manual of one department; 5 queries (department, sub-departments, roles,
    holders, assignments); None for an unknown code."""
    department = Department.objects.select_related("parent").filter(code=code).first()
    if department is None:
        return None
    children = list(department.children.order_by("name", "code"))
    roles = list(
        department.roles.order_by("-is_active", "name", "code").prefetch_related(current_holders())
    )
    ours = Assignment.objects.filter(Q(department=department) | Q(role__department=department))
    assignments = assignments_with_parties().filter(active_duty()).filter(
        Q(duty__in=ours.values("duty"))
        | Q(duty__process__in=ours.filter(duty__process__isnull=False).values("duty__process"))
    )

    def is_ours(assignment):
        if assignment.role_id:
            return assignment.role.department_id == department.pk
        return assignment.department_id == department.pk

    by_duty = _group(assignments, is_ours)
    return DepartmentManual(
        department=department,
        children=children,
        roles=roles,
        sections=_sections(by_duty),
        not_ours=[entry for entry in by_duty.values() if not entry.letters],
    )


@dataclass
class RoleManual:
    role: Role
    holders: list
    sections: list


def role_manual(*, code):
    """The job description, today's holders and the duties of one role, by letter;
    3 queries (role, holders, assignments); None for an unknown code."""
    role = (
        Role.objects.select_related("department").prefetch_related(current_holders())
        .filter(code=code).first()
    )
    if role is None:
        return None
    assignments = assignments_with_parties().filter(active_duty()).filter(
        duty__in=Assignment.objects.filter(role=role).values("duty")
    )
    by_duty = _group(assignments, lambda assignment: assignment.role_id == role.pk)
    return RoleManual(role=role, holders=role.holders, sections=_sections(by_duty))
