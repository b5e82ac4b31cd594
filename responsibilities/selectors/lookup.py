"""“Who owns this?”: the duties a question names, ranked, with their parties and people.

A question is cut into words (`lookup_question`): folded as the index is (lower case,
Traditional Chinese as Simplified), the words that name no duty left out ("who", "handles",
"谁", "负责"…), and each Latin word of five letters or more the index does not know allowed
one typo (the words of the index at one edit, read on LookupWord's indexes and checked with
rapidfuzz). Every word must match in a duty's index row (responsibilities.lookup_index): a
Latin word as the start of a word, a Chinese word as a run of characters.

The ranking is the same on every database (plain SQL on the index row): per word, a match in
the title counts 8, in an Accountable or Responsible party or person 4, in the description,
process or out-of-scope text 2, elsewhere (code, Consulted or Informed) 1; the whole question
as the code counts 1000, inside the code 100, as a phrase in the title 50. The duties of one
process stay together, in step order, where its best duty ranks (docs/search.md).

A lookup runs at most five queries whatever the size of the organisation: the typo
candidates and the people or posts the question names (one), the ranked page with the count
of every match (one), those rows (one), and the cards' letters and people (`lookup_cards`,
two).
"""

import re
from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, RowNumber
from rapidfuzz.distance import OSA

from departments.models import Membership, Person, Role
from registry.changes import flush
from registry.languages import (
    in_other_language,
    in_reader_language,
    reader_order,
    reader_picker,
)
from responsibilities.lookup_index import (
    FTS_TABLE,
    LATIN_WORD,
    TABLE,
    WEIGHT_LABELS,
    fold,
    tokens,
)
from responsibilities.models import RACI_ORDER, Assignment, DutySearch, LookupWord, Raci
from responsibilities.parties import DEPARTMENT, ROLE, Party
from responsibilities.selectors.assignments import PartyHolders, held_today

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

# People shown per party: a department held by hundreds would make each answer megabytes.
PEOPLE_SHOWN = 5
# Where a word matched, by index column, and what it counts.
WEIGHTS = (("title", 8), ("owners", 4), ("body", 2), ("outside", 2))
OTHER_WEIGHT = 1
# Why a result matched, by index column, as the API names it.
REASONS = (("code_words", "code"), ("title", "title"), ("body", "description"),
           ("outside", "out_of_scope"), ("owners", "accountable_or_responsible"),
           ("others", "consulted_or_informed"))


@dataclass
class Question:
    """The words of a question, each with the spellings that count for it (itself first, then
    the words of the index one typo away), the typo corrections made, and the active people
    and posts whose name is the whole question: [(kind, id, English, Chinese name, code)]."""

    words: list
    phrase: str
    corrected: dict = field(default_factory=dict)
    named: list = field(default_factory=list)


def lookup_words(q):
    """The words of a question that must each match, folded; the stop words left out (all of
    them kept when nothing else is left)."""
    words = []
    for token in _WORD.findall(fold(q)):
        words += [piece for piece in _CHINESE_STOPS.split(token.strip("-_")) if piece]
    meaningful = [word for word in words if word not in STOP_WORDS]
    return meaningful or words


def _text(value):
    return Value(value, output_field=CharField())


def _candidates_and_names(words, names):
    """The index words a typo in the long Latin words could stand for, and the people and
    posts whose name (either language) is one of `names`, as (kind, key, English, Chinese,
    code) rows: one query (none for a question without either)."""
    parts = []
    long = [word for word in words if LATIN_WORD.fullmatch(word)]
    if long:
        condition = Q()
        for word in long:
            size = Q(length__gte=len(word) - 1, length__lte=len(word) + 1)
            # One edit leaves either the first two letters or the last two as they were.
            condition |= (Q(head=word[:2]) | Q(tail=word[-2:])) & size
        parts.append(LookupWord.objects.filter(condition).order_by().values_list(
            _text("word"), "word", _text(""), _text(""), _text("")))
    if names:
        named = Q()
        for name in names:
            named |= Q(name_en__iexact=name) | Q(name_zh_hans=name)
        parts.append(Person.objects.filter(named, is_active=True).order_by().values_list(
            _text("person"), Cast("pk", CharField()), "name_en", "name_zh_hans", _text("")))
        parts.append(Role.objects.filter(named, is_active=True).order_by().values_list(
            _text("role"), Cast("pk", CharField()), "name_en", "name_zh_hans", "code"))
    if not parts:
        return []
    first, *rest = parts
    return list(first.union(*rest, all=True))


def _corrections(word, known):
    """The index words one edit away from `word`, none when the index knows the word itself
    (as a word or the start of one: "payment" of "payments")."""
    if any(other.startswith(word) for other in known):
        return []
    return [other for other in known if OSA.distance(word, other) <= 1]


def lookup_question(q):
    """The Question of `q`: one query (none when it has no words)."""
    flush()  # writes made outside the write services reach the index first
    words = [word for word in lookup_words(q) if tokens(word)]
    phrase = " ".join(words)
    # A name is compared as typed too: "An Qi" and "O'Neil" hold stop words or punctuation.
    typed = "".join(char for char in fold(q) if char.isprintable()).strip(" ?？!！.。,，")
    names = {name for name in (phrase, typed) if name}
    rows = _candidates_and_names(words, names)
    known = [key for kind, key, *_names in rows if kind == "word"]
    candidates = {word: _corrections(word, known)
                  for word in words if LATIN_WORD.fullmatch(word)}
    return Question(
        words=[[word, *candidates.get(word, ())] for word in words], phrase=phrase,
        corrected={word: found for word, found in candidates.items() if found},
        named=[(kind, int(key), english, chinese, code)
               for kind, key, english, chinese, code in rows if kind != "word"],
    )


def _has(part, spellings):
    """Whether the index row's `part` ("all": any part) holds one of `spellings`: each a
    phrase of its words, the last one a prefix when it is Latin ("refund" finds "refunds").
    On PostgreSQL a query of the tsvector, its words labelled with the part's weight; on
    SQLite a query of the FTS5 table, kept to the part's column."""
    postgresql, sqlite = [], []
    label = "" if part == "all" else WEIGHT_LABELS[part]
    for spelling in spellings:
        words = tokens(spelling)
        prefix = "*" if words[-1].isascii() else ""
        marks = [f":{label}" if label else ""] * (len(words) - 1)
        marks.append(f":{prefix}{label}" if prefix or label else "")
        postgresql.append(" <-> ".join(f"'{word}'{mark}" for word, mark in zip(words, marks,
                                                                                strict=True)))
        sqlite.append('"{}"{}'.format(" ".join(words), prefix))
    if connection.vendor == "postgresql":
        return RawSQL(f'"{TABLE}"."words" @@ to_tsquery(\'simple\', %s)',
                      [" | ".join(f"({query})" for query in postgresql)],
                      output_field=BooleanField())
    column = "" if part == "all" else f"{part} : "
    return Q(duty_id__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                                [f"{column}({' OR '.join(sqlite)})"]))


def _score(question):
    phrase = [question.phrase]
    # The code is short: read as it is (on PostgreSQL its words share a label with others).
    score = Case(When(code=question.phrase, then=Value(1000)),
                 When(code_words__contains=" ".join(tokens(question.phrase)), then=Value(100)),
                 When(_has("title", phrase), then=Value(50)),
                 default=Value(0), output_field=IntegerField())
    # On PostgreSQL the description and what a duty does not cover share a label: one test.
    labelled = connection.vendor == "postgresql"
    tested, checks = set(), []
    for part, weight in WEIGHTS:
        key = WEIGHT_LABELS[part] if labelled else part
        if key not in tested:
            tested.add(key)
            checks.append((part, weight))
    for spellings in question.words:
        score += Case(*(When(_has(part, spellings), then=Value(weight)) for part, weight in checks),
                      default=Value(OTHER_WEIGHT), output_field=IntegerField())
    return score


class LookupResults:
    """The ranked index rows (with their duties and processes) of a Question, sliced in the
    database: a slice is two queries, the ranked ids with the count of every match (narrow
    rows, so the sort stays in memory whatever the number of matches), then those rows."""

    def __init__(self, question):
        self.question = question
        self.total = None

    def _matches(self):
        """The matching rows, each with its score and what orders it: narrow values."""
        matches = DutySearch.objects.filter(shown=True)
        for spellings in self.question.words:
            matches = matches.filter(_has("all", spellings))
        return matches.annotate(
            score=_score(self.question), grp=Coalesce("process_key", -F("duty_id")),
            process_name=reader_order("process"),  # process_en and process_zh_hans
        ).order_by().values_list("duty_id", "score", "grp", "process_name", "step", "code")

    def _ranked(self, start, stop):
        """[(duty id, count of every match)] of the rows ranked `start` to `stop`. The scores
        are worked out first (a materialised step), so the ranking sorts narrow rows in memory
        however many match."""
        matches = self._matches()
        sql, params = matches.query.get_compiler(matches.db).as_sql()
        with connections[matches.db].cursor() as cursor:
            cursor.execute(
                f"WITH matches (duty_id, score, grp, process_name, step, code) AS MATERIALIZED "
                f"({sql}) "
                "SELECT duty_id, COUNT(*) OVER () FROM (SELECT *, MAX(score) OVER "
                "(PARTITION BY grp) AS best FROM matches) ranked "
                "ORDER BY best DESC, process_name IS NULL, process_name, grp, step, score DESC, "
                "code LIMIT %s OFFSET %s",
                [*params, stop - start, start],
            )
            return cursor.fetchall()

    def __getitem__(self, index):
        """The rows of a slice (`results[20:40]`)."""
        if not self.question.words:
            self.total = 0
            return []
        start = index.start or 0
        ranked = self._ranked(start, start + 10_000 if index.stop is None else index.stop)
        if not ranked:
            return []
        self.total = ranked[0][1]
        rows = DutySearch.objects.select_related("duty__process").in_bulk(
            [duty_id for duty_id, _total in ranked])
        return [rows[duty_id] for duty_id, _total in ranked if duty_id in rows]

    def count(self):
        if self.total is None:
            self.total = self._matches().count() if self.question.words else 0
        return self.total


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
    """The REASONS of the parts of an index row where a word of the question is (a phrase of
    its words, the last one as a prefix)."""
    phrases = [f" {' '.join(tokens(spelling))}"
               for spellings in question.words for spelling in spellings]
    return [reason for part, reason in REASONS
            if any(phrase in f" {getattr(row, part)}" for phrase in phrases)]


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


@dataclass(frozen=True, slots=True)
class Holder:
    """A person holding a party today, as a result card shows them."""

    pk: int
    name: str
    email: str
    phone: str
    chat: str


HOLDER_FIELDS = ("person_id", "person__name_en", "person__name_zh_hans", "person__email",
                 "person__phone", "person__chat")


def _first_holders(memberships, kind, party):
    """`memberships` numbered within each `party` (an expression) by the person's name, the
    first PEOPLE_SHOWN of each kept: (kind, party id, how many hold it, *HOLDER_FIELDS)."""
    order = reader_order("name", "person__")
    return (
        memberships.annotate(party=party)
        .annotate(place=Window(RowNumber(), partition_by=[F("party")],
                               order_by=[order.asc(), F("person_id").asc()]),
                  held=Window(Count("pk"), partition_by=[F("party")]))
        .filter(place__lte=PEOPLE_SHOWN).order_by()
        .values_list(_text(kind), "party", "held", *HOLDER_FIELDS)
    )


def _holders(roles, departments, today):
    """({role id: (first people, count)}, {department id: (first people, count)}) held today:
    the first PEOPLE_SHOWN by name of each party, whatever its size, in one query. A
    department is held by the people of its active roles (a person counted once per role)."""
    held = Membership.objects.filter(held_today(today=today))
    rows = _first_holders(held.filter(role_id__in=roles), ROLE, F("role_id")).union(
        _first_holders(held.filter(role__department_id__in=departments, role__is_active=True),
                       DEPARTMENT, F("role__department_id")), all=True)
    pick = reader_picker()
    first = {ROLE: {}, DEPARTMENT: {}}
    for kind, key, held_by, pk, english, chinese, email, phone, chat in rows:
        people, _held = first[kind].setdefault(key, ([], held_by))
        people.append(Holder(pk, pick(english, chinese), email, phone, chat))
    return first[ROLE], first[DEPARTMENT]


LETTER_FIELDS = ("duty_id", "raci", "department_id", "role_id", "department__code",
                 "department__name_en", "department__name_zh_hans", "department__chat",
                 "department__email", "department__is_active", "role__code", "role__name_en",
                 "role__name_zh_hans", "role__is_active", "role__department__code",
                 "role__department__name_en", "role__department__name_zh_hans",
                 "role__department__chat", "role__department__email",
                 "role__department__is_active")


def _party(row, pick):
    """The Party of a letter read as LETTER_FIELDS values, named by `pick`
    (registry.languages.reader_picker)."""
    def name(prefix):
        return pick(row[f"{prefix}name_en"], row[f"{prefix}name_zh_hans"])

    if row["role_id"]:
        department = "role__department__"
        return Party(ROLE, row["role__code"], name("role__"), row[f"{department}code"],
                     name(department), row[f"{department}chat"], row[f"{department}email"],
                     row["role__is_active"] and row[f"{department}is_active"])
    department = "department__"
    name = name(department)
    return Party(DEPARTMENT, row[f"{department}code"], name, row[f"{department}code"], name,
                 row[f"{department}chat"], row[f"{department}email"],
                 row[f"{department}is_active"])


def lookup_cards(*, duties, question=None, today=None):
    """A LookupDuty per result row (in the given order) with its R/A/C/I parties and the first
    people holding them. Two queries: the letters with their parties, and the people."""
    cards = {row.duty_id: _card(row, question) for row in duties}
    letters = list(Assignment.objects.filter(duty_id__in=cards).order_by("id")
                   .values(*LETTER_FIELDS))
    by_role, by_department = _holders(
        {row["role_id"] for row in letters if row["role_id"]},
        {row["department_id"] for row in letters if row["department_id"]}, today)
    pick = reader_picker()
    for row in letters:
        people, count = (by_role.get(row["role_id"], ([], 0)) if row["role_id"]
                         else by_department.get(row["department_id"], ([], 0)))
        cards[row["duty_id"]].raci[row["raci"]].append(
            PartyHolders(_party(row, pick), row["raci"], people, people_count=count))
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


def lookup_answer(*, question, cards):
    """The LookupAnswer for the first person or post the question names, read off the cards
    (their letters and the people holding them); None when it names nobody."""
    if not question.named:
        return None
    kind, pk, english, chinese, code = question.named[0]
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
