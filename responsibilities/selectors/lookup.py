"""“Who owns this?”: duties matching a search, with their parties and how to reach them.

`lookup_duties` ranks the matching duties (one query, plus the count when paginated);
`lookup_cards` adds the letters, the parties and the people holding them today for one page
of duties in two more queries, whatever the page size. Every word of the question must match
(case-insensitive substrings, which find Chinese text inside titles as well) in the duty's
text, what it does not cover, its process, its parties or the people holding them.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from opencc import OpenCC

from departments.models import Department, Role
from registry.languages import columns, in_other_language, reader_order
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
    other_title: str = ""  # the title in the other language, when it differs
    # letter -> [PartyHolders]: each party with the people holding it today
    raci: dict = field(default_factory=lambda: {letter: [] for letter in RACI_ORDER})


# Words a question carries that say nothing about which duty (both languages).
STOP_WORDS = {
    "who", "whom", "whose", "what", "which", "is", "are", "does", "do", "the", "a", "an", "of",
    "for", "to", "in", "on", "and", "or", "handles", "handle", "owns", "responsible",
    "in charge", "charge", "deals", "with", "about", "me", "i", "my", "our", "we", "ask",
    "谁", "负责", "管", "的", "是", "哪个", "哪个部门", "找谁", "问谁", "由谁",
}
_TRADITIONAL = OpenCC("t2s")


def lookup_words(q):
    """The words of a question that must each match: Traditional Chinese folded to Simplified,
    lower case, stop words left out (all of them kept if nothing else is left)."""
    words = _TRADITIONAL.convert(q).lower().split()
    meaningful = [word for word in words if word not in STOP_WORDS]
    return meaningful or words


def either(field, word):
    """`field` (a text kept in two languages) contains `word` in either language."""
    english, chinese = columns(field.rpartition("__")[2])
    prefix = field.rpartition("__")[0] + "__" if "__" in field else ""
    return (Q(**{f"{prefix}{english}__icontains": word})
            | Q(**{f"{prefix}{chinese}__icontains": word}))


def _word_matches(word):
    """Duties matching one word anywhere a reader would look: code, title, description, what
    it does not cover, its process, the parties holding its letters and the people holding
    those parties (by role)."""
    # The parties first (small tables), then their letters by id, on the letters' indexes: a
    # join from every letter to the names would read them all.
    roles = Role.objects.filter(
        either("name", word) | either("department__name", word)
        | either("memberships__person__name", word)).values("pk")
    departments = Department.objects.filter(either("name", word)).values("pk")
    # The per-duty probe only runs when some party or person matches at all (checked once).
    held = (Q(Exists(roles) | Exists(departments))
            & Q(Exists(Assignment.objects.filter(duty_id=OuterRef("pk")).filter(
                Q(role_id__in=roles) | Q(department_id__in=departments)))))
    return (Q(code__icontains=word) | either("title", word) | either("description", word)
            | either("out_of_scope", word) | either("process__name", word) | held)


def lookup_duties(*, q):
    """Active duties matching every word of `q` (see `lookup_words`), ranked: exact code, then
    code, then the whole question in the title, then every word in the title, then the
    question in the description, then the rest; a process's steps in order."""
    words = lookup_words(q)
    phrase = " ".join(words)
    title_has_all = Q()
    for word in words:
        title_has_all &= either("title", word)
    rank = Case(
        When(code__iexact=phrase, then=Value(0)),
        When(code__icontains=phrase, then=Value(1)),
        When(either("title", phrase), then=Value(2)),
        When(title_has_all, then=Value(3)),
        When(either("description", phrase), then=Value(4)),
        default=Value(5),
        output_field=IntegerField(),
    )
    matches = Q()
    for word in words:
        matches &= _word_matches(word)
    return (
        Duty.objects.filter(active_duty(""), matches)
        .select_related("process")
        .annotate(rank=rank)
        .order_by("rank", reader_order("name", "process__").asc(nulls_last=True), "step", "code")
    )


def _card(duty):
    process = duty.process
    return LookupDuty(duty.code, duty.title, duty.description, duty.out_of_scope,
                      process and process.code, process and process.name,
                      process and process.channel, duty.step,
                      in_other_language(duty.title_en, duty.title_zh_hans))


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
