"""Responsibility manuals: what a department or a role answers for, and whom to ask instead.

Every reader here runs a fixed number of queries whatever the size of the organisation:
the rows are fetched once with `select_related` and grouped in Python.
"""

from dataclasses import dataclass, field

from django.db.models import F, Func, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from departments.models import Department, Membership, Role
from responsibilities.models import Assignment, Duty, Raci
from responsibilities.parties import DEPARTMENT, ROLE

# The order a manual reads in: what we own first, what we are told last.
MANUAL_ORDER = (Raci.ACCOUNTABLE, Raci.RESPONSIBLE, Raci.CONSULTED, Raci.INFORMED)


def held_today(prefix="", *, today=None):
    """Q for memberships in force today whose person is active (DESIGN.md §3 "held")."""
    today = today or timezone.localdate()
    return (
        (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": today}))
        & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today}))
        & Q(**{f"{prefix}person__is_active": True})
    )


def active_duty(prefix="duty__"):
    """Q for rows whose duty is active and not inside an inactive process."""
    return Q(**{f"{prefix}is_active": True}) & (
        Q(**{f"{prefix}process__isnull": True}) | Q(**{f"{prefix}process__is_active": True})
    )


def current_holders():
    """A Prefetch putting the memberships held today, with their people, on `role.holders`."""
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(held_today()).select_related("person")
        .order_by("person__name", "id"),
        to_attr="holders",
    )



@dataclass
class PartyHolders:
    """A party with its letters on one duty and the people holding it today."""

    party: object
    letters: str = ""
    people: list = field(default_factory=list)

@dataclass(frozen=True, slots=True)
class Party:
    """A department or a role as pages show it, with the department's channels."""

    kind: str
    code: str
    name: str
    department_code: str
    department_name: str
    chat: str = ""
    email: str = ""
    is_active: bool = True

    @property
    def key(self):
        return f"{self.kind}:{self.code}"


def party_of(assignment):
    """The Party of an assignment fetched with department and role__department."""
    if assignment.role_id:
        role, department = assignment.role, assignment.role.department
        return Party(ROLE, role.code, role.name, department.code, department.name,
                     department.chat, department.email, role.is_active and department.is_active)
    department = assignment.department
    return Party(DEPARTMENT, department.code, department.name, department.code, department.name,
                 department.chat, department.email, department.is_active)


def assignments_with_parties():
    """Assignments with everything a page shows of their duty and party, in one join."""
    return Assignment.objects.select_related(
        "duty__process", "department", "role__department"
    ).order_by(F("duty__process__name").asc(nulls_last=True), "duty__step", "duty__code", "id")


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


def count_of(queryset, expression="pk", distinct=False):
    """A correlated COUNT subquery (an annotation, never a query per row)."""
    template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    counted = queryset.order_by().annotate(
        n=Func(F(expression), template=template, output_field=IntegerField())
    ).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


def _letters_of(letter):
    return Assignment.objects.filter(
        Q(department=OuterRef("pk")) | Q(role__department=OuterRef("pk")),
        active_duty(),
        raci=letter,
    )


def department_list():
    """Departments with parent, role and holder counts and the duties they are A and R on.

    One query: every count is a correlated subquery.
    """
    return Department.objects.select_related("parent").annotate(
        role_count=count_of(Role.objects.filter(department=OuterRef("pk"), is_active=True)),
        people_count=count_of(
            Membership.objects.filter(held_today(), role__department=OuterRef("pk")),
            "person_id", distinct=True,
        ),
        accountable_count=count_of(_letters_of(Raci.ACCOUNTABLE), "duty_id", distinct=True),
        responsible_count=count_of(_letters_of(Raci.RESPONSIBLE), "duty_id", distinct=True),
    ).order_by("name", "code")


@dataclass
class DepartmentManual:
    department: Department
    children: list
    roles: list
    sections: list
    not_ours: list


def department_manual(*, code):
    """The manual of one department; 5 queries (department, sub-departments, roles,
    holders, assignments). Raises Http404 for an unknown code."""
    department = Department.objects.select_related("parent").filter(code=code).first()
    if department is None:
        raise Http404("No such department.")
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
    3 queries (role, holders, assignments). Raises Http404 for an unknown code."""
    role = (
        Role.objects.select_related("department").prefetch_related(current_holders())
        .filter(code=code).first()
    )
    if role is None:
        raise Http404("No such role.")
    assignments = assignments_with_parties().filter(active_duty()).filter(
        duty__in=Assignment.objects.filter(role=role).values("duty")
    )
    by_duty = _group(assignments, lambda assignment: assignment.role_id == role.pk)
    return RoleManual(role=role, holders=role.holders, sections=_sections(by_duty))
