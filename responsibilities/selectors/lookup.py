"""“Who owns this?”: duties matching a search, with their parties and how to reach them.

`lookup_duties` ranks the matching duties (one query, plus the count when paginated);
`lookup_cards` adds the letters, the parties and the people holding them today for one page
of duties in two more queries, whatever the page size. Matching is case-insensitive
substring search (`icontains`), which finds Chinese text inside titles as well.
"""

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Value, When

from responsibilities.models import RACI_ORDER, Assignment, Duty
from responsibilities.parties import party_of
from responsibilities.selectors.assignments import PartyHolders, active_duty, people_holding


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
    # letter -> [PartyHolders]: each party with the people holding it today
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
    by_role, by_department = people_holding(
        roles={row.role_id for row in assignments if row.role_id},
        departments={row.department_id for row in assignments if row.department_id},
        today=today,
    )
    for row in assignments:
        people = (by_role.get(row.role_id, []) if row.role_id
                  else by_department.get(row.department_id, []))
        cards[row.duty_id].raci[row.raci].append(PartyHolders(party_of(row), row.raci, people))
    return list(cards.values())
