"""“Who owns this?”: the duties a question names, ranked, with their parties and people.

A question is cut into words (`lookup_question`): folded as the index is (lower case,
Traditional Chinese as Simplified), the words that name no duty left out ("who", "handles",
"谁", "负责"…), and each Latin word of five letters or more allowed one typo (the words of the
index at one edit, read on LookupWord's indexes and checked with rapidfuzz). Every word must
match (a substring) somewhere in a duty's index row (responsibilities.lookup_index).

The ranking is the same on every database (plain SQL on the index row): per word, a match in
the title counts 8, in an Accountable or Responsible party or person 4, in the description,
process or out-of-scope text 2, elsewhere (code, Consulted or Informed) 1; the whole question
as the code counts 1000, inside the code 100, inside the title 50. The duties of one process
stay together, in step order, where its best duty ranks.

A lookup runs at most five queries whatever the size of the organisation: the typo
candidates (only for long Latin words), the page of results with their total, the people
or posts the question names, and the cards' letters and people (`lookup_cards`).
"""

import re
from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Max,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf
from django.utils.functional import cached_property
from rapidfuzz.distance import OSA

from departments.models import Person, Role
from registry.changes import flush
from registry.languages import in_other_language, in_reader_language, reader_is_chinese
from responsibilities.lookup_index import FTS_TABLE, LATIN_WORD, fold
from responsibilities.models import RACI_ORDER, Assignment, DutySearch, LookupWord, Raci
from responsibilities.parties import party_of
from responsibilities.selectors.assignments import PartyHolders, people_holding

# Words a question carries that say nothing about which duty (both languages). Chinese ones
# also split a run of Chinese characters, which has no spaces: "谁负责投诉" asks for "投诉".
STOP_WORDS = {
    "who", "whom", "whose", "what", "which", "where", "is", "are", "does", "do", "the", "a", "an",
    "of", "for", "to", "in", "on", "and", "or", "handles", "handle", "owns",
    "responsible", "charge", "deals", "deal", "with", "about", "me", "i", "my", "our", "we",
    "ask", "can", "should", "team", "person", "accountable", "please", "there", "this",
}
CHINESE_STOP_WORDS = ["哪个部门", "归谁管", "找谁", "问谁", "由谁", "是谁", "哪个", "负责", "谁",
                      "管", "的", "是", "吗", "呢", "请问"]
_CHINESE_STOPS = re.compile("|".join(map(re.escape, CHINESE_STOP_WORDS)))
_WORD = re.compile(r"[\w-]+")

# Where a word matched, by index column, and what it counts.
WEIGHTS = (("title", 8), ("owners", 4), ("body", 2), ("outside", 2))
OTHER_WEIGHT = 1
# Why a result matched, by index column, as the API names it.
REASONS = (("code", "code"), ("title", "title"), ("body", "description"),
           ("outside", "out_of_scope"), ("owners", "accountable_or_responsible"),
           ("others", "consulted_or_informed"))


@dataclass
class Question:
    """The words of a question, each with the spellings that count for it (itself first, then
    the words of the index one typo away), and the typo corrections made."""

    words: list
    phrase: str
    corrected: dict = field(default_factory=dict)


def lookup_words(q):
    """The words of a question that must each match, folded; the stop words left out (all of
    them kept when nothing else is left)."""
    words = []
    for token in _WORD.findall(fold(q)):
        words += [piece for piece in _CHINESE_STOPS.split(token.strip("-_")) if piece]
    meaningful = [word for word in words if word not in STOP_WORDS]
    return meaningful or words


def _typo_candidates(words):
    """{word: [index words one edit away]} for the Latin words of five letters or more: one
    query on LookupWord's indexes."""
    long = [word for word in words if LATIN_WORD.fullmatch(word)]
    if not long:
        return {}
    condition = Q()
    for word in long:
        size = Q(length__gte=len(word) - 1, length__lte=len(word) + 1)
        # One edit leaves either the first two letters or the last two as they were.
        condition |= (Q(head=word[:2]) | Q(tail=word[-2:])) & size
    known = list(LookupWord.objects.filter(condition).values_list("word", flat=True))
    return {word: [other for other in known if other != word and OSA.distance(word, other) <= 1]
            for word in long}


def lookup_question(q):
    """The Question of `q`: one query when it has a long Latin word, none otherwise."""
    words = lookup_words(q)
    candidates = _typo_candidates(words)
    return Question(words=[[word, *candidates.get(word, ())] for word in words],
                    phrase=" ".join(words),
                    corrected={word: found for word, found in candidates.items() if found})


def _in(column, spellings):
    condition = Q()
    for spelling in spellings:
        condition |= Q(**{f"{column}__contains": spelling})
    return condition


def _matching(spellings):
    """Index rows holding one of `spellings`: through the FTS5 table on SQLite (a trigram
    needs three characters; shorter words are read from the rows), through the trigram
    index on PostgreSQL."""
    if connection.vendor == "sqlite" and all(len(spelling) >= 3 for spelling in spellings):
        terms = " OR ".join('"{}"'.format(spelling.replace('"', '""')) for spelling in spellings)
        return Q(duty_id__in=RawSQL(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [terms]))
    return _in("document", spellings)


def _score(question):
    score = Case(When(code=question.phrase, then=Value(1000)),
                 When(code__contains=question.phrase, then=Value(100)),
                 When(title__contains=question.phrase, then=Value(50)),
                 default=Value(0), output_field=IntegerField())
    for spellings in question.words:
        score += Case(*(When(_in(column, spellings), then=Value(weight))
                        for column, weight in WEIGHTS),
                      default=Value(OTHER_WEIGHT), output_field=IntegerField())
    return score


class LookupResults:
    """The ranked index rows (with their duties and processes) of a Question, sliced in the
    database: a slice is one query, which also counts every match."""

    def __init__(self, question):
        self.question = question
        self.total = None

    def _queryset(self):
        flush()  # writes made outside the write services reach the index first
        matches = DutySearch.objects.filter(shown=True)
        for spellings in self.question.words:
            matches = matches.filter(_matching(spellings))
        group = Coalesce("process_key", -F("duty_id"))
        process = (Coalesce(NullIf("process_zh_hans", Value("")), NullIf("process_en", Value("")))
                   if reader_is_chinese() else
                   Coalesce(NullIf("process_en", Value("")), NullIf("process_zh_hans", Value(""))))
        return (
            matches.select_related("duty__process")
            .annotate(score=_score(self.question))
            .annotate(best=Window(Max("score"), partition_by=[group]),
                      total=Window(Count("pk")), group=group, process_name=process)
            .order_by("-best", F("process_name").asc(nulls_last=True), "group", "step", "-score",
                      "code")
        )

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        if not self.question.words:
            self.total = 0
            return []
        rows = list(self._queryset()[index])
        if rows:
            self.total = rows[0].total
        return rows

    def count(self):
        if self.total is None:
            self.total = self._queryset().count() if self.question.words else 0
        return self.total

    def __len__(self):
        return self.count()


class LookupPaginator(Paginator):
    """A Paginator reading a page of LookupResults and the count in one query."""

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        rows = self.object_list[bottom:bottom + self.per_page]
        if number > 1 and not rows:
            raise EmptyPage(self.error_messages["no_results"])
        return self._get_page(rows, number, self)

    @cached_property
    def count(self):
        return self.object_list.count()


def lookup_duties(*, q):
    """LookupResults of the question `q` (see the module's docstring for the ranking)."""
    return LookupResults(lookup_question(q))


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
    # why it matched: the REASONS names of the parts of the duty a word matched in
    reasons: list = field(default_factory=list)
    # whom the out-of-scope text sends the reader to: [(party key, name)]
    asks: list = field(default_factory=list)
    # letter -> [PartyHolders]: each party with the people holding it today
    raci: dict = field(default_factory=lambda: {letter: [] for letter in RACI_ORDER})

    @property
    def not_ours(self):
        """Whether the question matched what this duty does not cover."""
        return "out_of_scope" in self.reasons


def _reasons(row, question):
    return [reason for column, reason in REASONS
            if any(spelling in getattr(row, column)
                   for spellings in question.words for spelling in spellings)]


def _card(row, question):
    duty = row.duty
    process = duty.process
    return LookupDuty(
        duty.code, duty.title, duty.description, duty.out_of_scope,
        process and process.code, process and process.name, process and process.channel,
        duty.step, in_other_language(duty.title_en, duty.title_zh_hans),
        reasons=_reasons(row, question) if question else [],
        asks=[(key, in_reader_language(english, chinese)) for key, english, chinese in row.asks],
    )


def lookup_cards(*, duties, question=None, today=None):
    """A LookupDuty per result row (in the given order) with its R/A/C/I parties and their
    people. Two queries: the letters with their parties, and the memberships held today."""
    cards = {row.duty_id: _card(row, question) for row in duties}
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


@dataclass
class LookupAnswer:
    """The person or post a question names, and what they are Accountable and Responsible
    for among the results shown."""

    kind: str  # "person" or "role"
    name: str
    roles: list = field(default_factory=list)  # the posts (Party) through which they hold it
    accountable: list = field(default_factory=list)  # LookupDuty cards
    responsible: list = field(default_factory=list)


def _named(question):
    """(kind, id, English name, Chinese name, code) of the active people and posts whose name
    (in either language) is the question: one query."""
    phrase = question.phrase
    if not phrase:
        return []
    people = (Person.objects.filter(Q(name_en__iexact=phrase) | Q(name_zh_hans=phrase),
                                    is_active=True)
              .values_list(Value("person", output_field=CharField()), "pk", "name_en",
                           "name_zh_hans", Value("", output_field=CharField()))
              .order_by())
    roles = (Role.objects.filter(Q(name_en__iexact=phrase) | Q(name_zh_hans=phrase),
                                 is_active=True)
             .values_list(Value("role", output_field=CharField()), "pk", "name_en",
                          "name_zh_hans", "code")
             .order_by())
    return list(people.union(roles, all=True))


def lookup_answer(*, question, cards):
    """The LookupAnswer for the first person or post the question names, read off the cards
    (their letters and the people holding them); None when it names nobody."""
    named = _named(question)
    if not named:
        return None
    kind, pk, english, chinese, code = named[0]
    answer = LookupAnswer(kind, in_reader_language(english, chinese))
    for card in cards:
        for letter, bucket in ((Raci.ACCOUNTABLE, answer.accountable),
                               (Raci.RESPONSIBLE, answer.responsible)):
            for entry in card.raci[letter]:
                holds = (entry.party.kind == "role" and entry.party.code == code if kind == "role"
                         else entry.party.kind == "role"
                         and any(person.pk == pk for person in entry.people))
                if holds:
                    bucket.append(card)
                    if entry.party not in answer.roles:
                        answer.roles.append(entry.party)
                    break
    return answer
