"""The reads every responsibility page shares: which duties count, which memberships are held
today, the letters with their parties, and the people holding those parties."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from departments.models import Membership
from departments.selectors import held_today
from registry.languages import reader_order
from responsibilities.models import Assignment


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
        .order_by(reader_order("name", "person__"), "id"),
        to_attr="holders",
    )


@dataclass
class PartyHolders:
    """A party (a Party) with its letters on one duty and the people holding it today."""

    party: object
    letters: str = ""
    people: list = field(default_factory=list)
    people_count: int | None = None  # when `people` holds only the first few of them

    @property
    def held_by(self):
        """How many people hold the party today."""
        return len(self.people) if self.people_count is None else self.people_count


def assignments_with_parties():
    """Assignments with everything a page shows of their duty and party, in one join."""
    return Assignment.objects.select_related(
        "duty__process", "department", "role__department"
    ).order_by(reader_order("name", "duty__process__").asc(nulls_last=True), "duty__step",
               "duty__code", "id")


def people_holding(*, roles, departments=(), today=None):
    """({role id: [Person]}, {department id: [Person]}) held today, by name: one query.

    `roles` and `departments` are ids or querysets; a department is held by the people of its
    active roles, each person once.
    """
    by_role, by_department = {}, {}
    condition = Q(role__in=roles)
    if departments:
        condition |= Q(role__department__in=departments, role__is_active=True)
    memberships = Membership.objects.filter(held_today(today=today), condition).select_related(
        "person", "role").order_by(reader_order("name", "person__"), "person_id", "id")
    for membership in memberships:
        for people in (by_role.setdefault(membership.role_id, []),
                       by_department.setdefault(membership.role.department_id, [])):
            if membership.person not in people:
                people.append(membership.person)
    return by_role, by_department
