"""The search index of "who owns this?" (DutySearch, LookupWord), kept current on every write.

One DutySearch row per duty holds, as words (`words`), what a question may name: its code,
title, description, process, what it does not cover, and the names of its parties (with their
departments) and of the people holding them today, in both languages, each part apart so the
ranking can tell where a word matched. The database's full-text search indexes the words:

- PostgreSQL: a `tsvector` column generated from the parts ('simple' configuration), each
  part's words labelled with its weight, with a GIN index;
- SQLite: an FTS5 table over the parts, kept in step by triggers.

Chinese has no spaces between words, so each Chinese character is a word of its own and a
Chinese word of the question is searched as a phrase of characters: "支付" finds "修复支付接口".

Both are made by `index_storage` after every `migrate` (idempotent). The rows are written
inside each write's transaction (registry.changes' `written` signal) for the duties the write
touched; `index_day` follows the memberships that start or end with a new day, and
`index_rebuild` writes them all.
"""

import functools
import re
import unicodedata

from django.db import connections
from django.db.models import Q
from django.utils import timezone
from opencc import OpenCC

from departments.models import Department, Membership, Person, Role
from registry.languages import columns
from responsibilities.models import Assignment, Duty, DutySearch, LookupWord, Process, Raci
from responsibilities.parties import party_key
from responsibilities.selectors.assignments import held_today
from responsibilities.touched import roles_touched, rows_by_model

# The index's own tables: derived from the registry's records, not records themselves.
SEARCH_INDEX = (DutySearch, LookupWord)
# The tables whose rows the index reads: a write to any of them may change it.
TRACKED = (Department, Role, Membership, Person, Process, Duty, Assignment)
BATCH = 2_000
OWNING = (Raci.ACCOUNTABLE, Raci.RESPONSIBLE)
# Words a typo can be corrected to: Latin words of five letters or more.
LATIN_WORD = re.compile(r"[a-z]{5,100}")
# A run of letters and digits, or one Chinese (CJK) character.
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_\u3400-\u9fff\uf900-\ufaff]+")

_SIMPLIFIED = OpenCC("t2s")


def fold(text):
    """Text as the index holds it and questions are compared with it: full-width forms
    narrowed (NFKC), Traditional Chinese written in Simplified, lower case."""
    return _SIMPLIFIED.convert(unicodedata.normalize("NFKC", text or "")).casefold()


def tokens(text):
    """The words of a text as the index holds them: folded, each Chinese character apart."""
    return _TOKEN.findall(fold(text))


def words(text):
    """A text as the words the index holds, separated by spaces."""
    return " ".join(tokens(text))


def _both(values, field, prefix=""):
    english, chinese = (prefix + column for column in columns(field))
    return f"{values[english]}\n{values[chinese]}"


def _party_names(row):
    """The folded names a letter's party is known by: itself and, for a role, its department."""
    if row["role_id"]:
        return f"{_both(row, 'name', 'role__')}\n{_both(row, 'name', 'role__department__')}"
    return _both(row, "name", "department__")


LETTER_FIELDS = ("duty_id", "raci", "role_id", "department__name_en", "department__name_zh_hans",
                 "role__name_en", "role__name_zh_hans", "role__department__name_en",
                 "role__department__name_zh_hans")
DUTY_FIELDS = ("pk", "code", "title_en", "title_zh_hans", "description_en",
               "description_zh_hans", "out_of_scope_en", "out_of_scope_zh_hans", "is_active",
               "step", "process_id", "process__name_en", "process__name_zh_hans",
               "process__is_active")


def _named_parties():
    """[(folded name, [key, English name, Chinese name])] of every active department and role,
    longest names first: whom an out-of-scope text may send the reader to."""
    named = []
    for kind, model in (("department", Department), ("role", Role)):
        for code, english, chinese in (model.objects.filter(is_active=True)
                                       .values_list("code", "name_en", "name_zh_hans")):
            key = party_key(**{f"{kind}_code": code})
            named += [(fold(name), [key, english, chinese]) for name in {english, chinese} if name]
    return sorted(named, key=lambda item: -len(item[0]))


def _asks(text, named):
    """The parties an out-of-scope text names, each once, a longer name before a name inside it
    ("Customer service manager" rather than "Customer service")."""
    found, keys = [], set()
    for name, party in named:
        if name in text and party[0] not in keys:
            found.append(party)
            keys.add(party[0])
            text = text.replace(name, "\0")
    return found


def _entries(duty_ids, today, named):
    """DutySearch rows (unsaved) of the duties of `duty_ids` that exist: three queries, and the
    parties' names (`named()`) when one of them has an out-of-scope text."""
    letters = list(Assignment.objects.filter(duty_id__in=duty_ids).order_by()
                   .values(*LETTER_FIELDS))
    people = {}
    held = Membership.objects.filter(held_today(today=today),
                                     role_id__in={row["role_id"] for row in letters})
    for role_id, *names in held.order_by().values_list("role_id", "person__name_en",
                                                       "person__name_zh_hans"):
        people.setdefault(role_id, []).append("\n".join(names))
    texts = {}  # duty id -> {"owners": [...], "others": [...]}
    for row in letters:
        part = "owners" if row["raci"] in OWNING else "others"
        texts.setdefault(row["duty_id"], {"owners": [], "others": []})[part] += [
            _party_names(row), *people.get(row["role_id"], ())]
    entries = []
    for duty in Duty.objects.filter(pk__in=duty_ids).order_by().values(*DUTY_FIELDS):
        parties = texts.get(duty["pk"], {"owners": [], "others": []})
        outside = _both(duty, "out_of_scope")
        entries.append(DutySearch(
            duty_id=duty["pk"],
            shown=duty["is_active"] and duty["process__is_active"] is not False,
            code=duty["code"],
            code_words=words(duty["code"]),
            title=words(_both(duty, "title")),
            body=words(f"{_both(duty, 'description')}\n{_both(duty, 'name', 'process__')}"
                       if duty["process_id"] else _both(duty, "description")),
            outside=words(outside),
            owners=words("\n".join(parties["owners"])),
            others=words("\n".join(parties["others"])),
            asks=_asks(fold(outside), named()) if outside.strip() else [],
            process_key=duty["process_id"],
            process_en=duty["process__name_en"] or "",
            process_zh_hans=duty["process__name_zh_hans"] or "",
            step=duty["step"],
        ))
    return entries


def _words(entries):
    """LookupWord rows (unsaved) for the Latin words of `entries`."""
    found = set()
    for entry in entries:
        for part in SEARCHED:
            found.update(LATIN_WORD.findall(getattr(entry, part)))
    return [LookupWord(word=word, head=word[:2], tail=word[-2:], length=len(word))
            for word in found]


def index_duties(duty_ids, today=None):
    """Write the index rows of `duty_ids` (those of deleted duties go), in batches."""
    today = today or timezone.localdate()
    duty_ids = sorted(duty_ids)
    named = functools.cache(_named_parties)  # read once, and only for an out-of-scope text
    for start in range(0, len(duty_ids), BATCH):
        batch = duty_ids[start:start + BATCH]
        entries = _entries(batch, today, named)
        DutySearch.objects.filter(duty_id__in=batch).delete()
        DutySearch.objects.bulk_create(entries, batch_size=500)
        LookupWord.objects.bulk_create(_words(entries), batch_size=500, ignore_conflicts=True)


def index_rebuild(today=None):
    """Write the index rows of every duty, and the typo words afresh."""
    DutySearch.objects.all().delete()
    LookupWord.objects.all().delete()
    index_duties(list(Duty.objects.values_list("pk", flat=True)), today)


def _touched(rows):
    """The ids of the duties whose index rows a write's history rows may change."""
    by_model = rows_by_model(rows)
    duties = {row.duty_id for row in by_model.get(Assignment, ())}
    duties |= {row.id for row in by_model.get(Duty, ())}
    processes = {row.id for row in by_model.get(Process, ())}
    departments = {row.id for row in by_model.get(Department, ())}
    roles = roles_touched(by_model)
    if processes:
        duties |= set(Duty.objects.filter(process_id__in=processes).values_list("pk", flat=True))
    duties |= _sending_to(by_model)
    if roles or departments:
        duties |= set(Assignment.objects.order_by().filter(
            Q(role_id__in=roles) | Q(department_id__in=departments)
            | Q(role__department_id__in=departments)).values_list("duty_id", flat=True))
    return duties


def _sending_to(by_model):
    """The duties whose out-of-scope text may name a department or role the write created,
    renamed or deactivated (their `asks`): those naming it now, and those that did."""
    condition = Q()
    for model, kind in ((Department, "department"), (Role, "role")):
        for row in by_model.get(model, ()):
            condition |= Q(asks__icontains=f'"{party_key(**{f"{kind}_code": row.code})}"')
            for name in (row.name_en, row.name_zh_hans):
                if name.strip():
                    condition |= Q(outside__contains=words(name))
    if not condition:
        return set()
    return set(DutySearch.objects.filter(condition).values_list("duty_id", flat=True))


def index_update(rows):
    """Bring the index up to date with a write whose history rows are `rows`."""
    rows = [row for row in rows if getattr(row, "instance_type", None) in TRACKED]
    if rows:
        index_duties(_touched(rows))


def on_written(sender, rows, **kwargs):
    """registry.changes' `written` receiver."""
    index_update(rows)


def index_day(since, today=None):
    """On a new day: rewrite the rows of the duties of the roles whose memberships started or
    ended after `since` (the day the index was last brought to); all rows when some are
    missing."""
    today = today or timezone.localdate()
    if DutySearch.objects.count() != Duty.objects.count():
        index_rebuild(today)
        return
    if since is None or since >= today:
        return
    roles = (Membership.objects.filter(Q(start_date__gt=since, start_date__lte=today)
                                       | Q(end_date__gte=since, end_date__lt=today))
             .values("role_id"))
    index_duties(set(Assignment.objects.filter(role_id__in=roles).order_by()
                     .values_list("duty_id", flat=True)), today)


# The parts of a DutySearch row the full-text search indexes.
SEARCHED = ("code_words", "title", "body", "outside", "owners", "others")
TABLE = "responsibilities_dutysearch"
FTS_TABLE = "responsibilities_dutysearch_fts"
_PARTS = ", ".join(SEARCHED)
_NEW = ", ".join(f"new.{part}" for part in SEARCHED)
_OLD = ", ".join(f"old.{part}" for part in SEARCHED)
SQLITE_STORAGE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({_PARTS}, content='{TABLE}', "
    "content_rowid='duty_id')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON {TABLE} "
    f"BEGIN INSERT INTO {FTS_TABLE}(rowid, {_PARTS}) VALUES (new.duty_id, {_NEW}); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON {TABLE} "
    f"BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_PARTS}) "
    f"VALUES ('delete', old.duty_id, {_OLD}); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update AFTER UPDATE ON {TABLE} "
    f"BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_PARTS}) "
    f"VALUES ('delete', old.duty_id, {_OLD}); "
    f"INSERT INTO {FTS_TABLE}(rowid, {_PARTS}) VALUES (new.duty_id, {_NEW}); END",
]
# One tsvector of every part, each part's words labelled with the weight the ranking gives
# it (A: title, B: owners, C: description and out of scope, D: code and others), so a
# question's word is looked up in one part with a labelled query ('refund':*A). It is kept
# in the row and uncompressed (storage MAIN, rows compressed only past 8 kB): a search reads
# it from every matching row, and decompressing it each time cost more than the search.
WEIGHT_LABELS = {"title": "A", "owners": "B", "body": "C", "outside": "C", "code_words": "D",
                 "others": "D"}
_LABELLED = " || ".join(f"setweight(to_tsvector('simple', {part}), '{label}')"
                        for part, label in WEIGHT_LABELS.items())
POSTGRESQL_STORAGE = [
    f"ALTER TABLE {TABLE} ADD COLUMN words tsvector "
    f"GENERATED ALWAYS AS ({_LABELLED}) STORED",
    f"ALTER TABLE {TABLE} ALTER COLUMN words SET STORAGE MAIN",
    f"ALTER TABLE {TABLE} SET (toast_tuple_target = 8160)",
    f"CREATE INDEX {TABLE}_words ON {TABLE} USING gin (words)",
]


def index_storage(using="default", **kwargs):
    """Make the database's full-text index of DutySearch (a post_migrate receiver): the
    tsvector column and its GIN index on PostgreSQL, the FTS5 table and its triggers on
    SQLite, filled from the rows when it is new; and write the index rows when some are
    missing (a registry upgraded)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Made once: each ALTER TABLE would lock the table at every migrate.
            cursor.execute("SELECT 1 FROM information_schema.columns WHERE table_name = %s "
                           "AND column_name = 'words'", [TABLE])
            if cursor.fetchone() is None:
                for statement in POSTGRESQL_STORAGE:
                    cursor.execute(statement)
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS_TABLE])
            new = cursor.fetchone() is None
            for statement in SQLITE_STORAGE:
                cursor.execute(statement)
            if new:
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    # A registry upgraded to a version with the index has duties and no index rows yet.
    if DutySearch.objects.using(using).count() != Duty.objects.using(using).count():
        index_rebuild()
