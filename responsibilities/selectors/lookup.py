"""“Who owns this?”: duties matching a search, with their parties and how to reach them.

`lookup_duties` ranks the matching duties (one query, plus the count when paginated);
`lookup_cards` adds the letters, the parties and the people holding them today for one page
of duties in two more queries, whatever the page size. Matching is case-insensitive
substring search (`icontains`), which finds Chinese text inside titles as well.
"""

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Value, When

from departments.models import Membership
from responsibilities.models import RACI_ORDER, Assignment, Duty
from responsibilities.parties import DEPARTMENT, ROLE
from responsibilities.selectors.manuals import active_duty, held_today


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    email: str
    phone: str
    chat: str


@dataclass(slots=True)
class LookupParty:
    """A party holding a letter, its department's channels and the people holding it today."""

    party: str
    kind: str
    code: str
    name: str
    department: str
    department_name: str
    chat: str
    email: str
    is_active: bool
    people: list = field(default_factory=list)


@dataclass(slots=True)
class LookupDuty:
    code: str
    title: str
    description: str
    out_of_scope: str
    process: str | None
    process_name: str | None
    process_channel: str | None
    step: int | None
    raci: dict = field(default_factory=lambda: {letter: [] for letter in RACI_ORDER})


def lookup_duties(*, q):
    """Active duties whose code, title, description or process name contains `q`, ranked:
    exact code, then code, then title, then description, then process name matches."""
    rank = Case(
        When(code__iexact=q, then=Value(0)),
        When(code__icontains=q, then=Value(1)),
        When(title__icontains=q, then=Value(2)),
        When(description__icontains=q, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    matches = (Q(code__icontains=q) | Q(title__icontains=q) | Q(description__icontains=q)
               | Q(process__name__icontains=q))
    return (
        Duty.objects.filter(active_duty(""), matches)
        .select_related("process")
        .annotate(rank=rank)
        .order_by("rank", "code")
    )


def _party(assignment):
    if assignment.role_id:
        role, department = assignment.role, assignment.role.department
        kind, code, name = ROLE, role.code, role.name
        active = role.is_active and department.is_active
    else:
        department = assignment.department
        kind, code, name, active = DEPARTMENT, department.code, department.name, \
            department.is_active
    return LookupParty(f"{kind}:{code}", kind, code, name, department.code, department.name,
                       department.chat, department.email, active)


def _holders(role_ids, department_ids, today):
    """({role id: [Contact]}, {department id: [Contact]}) held today: one query."""
    by_role, by_department = {}, {}
    memberships = Membership.objects.filter(held_today(today=today)).filter(
        Q(role_id__in=role_ids) | Q(role__department_id__in=department_ids, role__is_active=True)
    ).select_related("person", "role").order_by("person__name", "person_id")
    for membership in memberships:
        person = membership.person
        contact = Contact(person.name, person.email, person.phone, person.chat)
        for holders in (by_role.setdefault(membership.role_id, []),
                        by_department.setdefault(membership.role.department_id, [])):
            if contact not in holders:
                holders.append(contact)
    return by_role, by_department


def _card(duty):
    process = duty.process
    return LookupDuty(duty.code, duty.title, duty.description, duty.out_of_scope,
                      process and process.code, process and process.name,
                      process and process.channel, duty.step)


def lookup_cards(*, duties, today=None):
    """A LookupDuty per duty (in the given order) with its R/A/C/I parties and their people.

    Two queries: the duties' assignments with their parties, and the memberships held today.
    """
    cards = {duty.pk: _card(duty) for duty in duties}
    assignments = list(
        Assignment.objects.filter(duty_id__in=cards)
        .select_related("department", "role__department")
        .order_by("id")
    )
    role_ids = {row.role_id for row in assignments if row.role_id}
    department_ids = {row.department_id for row in assignments if row.department_id}
    by_role, by_department = _holders(role_ids, department_ids, today)
    for row in assignments:
        party = _party(row)
        party.people = (by_role.get(row.role_id, []) if row.role_id
                        else by_department.get(row.department_id, []))
        cards[row.duty_id].raci[row.raci].append(party)
    return list(cards.values())
