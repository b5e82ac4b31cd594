"""What a write did to the registry, for the access tables.

- `registry_snapshot()`: every row of the registry models and of the permissions on them: a
  refused write must leave it identical (a write that skips history shows up here, where a
  history count would miss it).
- `created`, `changed`, `deleted`: the objects a table row's successful write must change;
  `WriteCheck` asserts each landed, with exactly one history row per changed object, each
  naming the acting user, and no history row for anything else.
"""

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from guardian.models import GroupObjectPermission, UserObjectPermission

from responsibilities.models import Assignment
from tests.api_world import REGISTRY_MODELS, HistoryWatch

# The registry and who may change it: the rows a refused write must leave as they were.
SNAPSHOT_MODELS = [*REGISTRY_MODELS, UserObjectPermission, GroupObjectPermission,
                   get_user_model().user_permissions.through]


def registry_snapshot():
    """{model: every row as a dict of its columns, by primary key} of SNAPSHOT_MODELS.

    Plain SQL: it runs twice for every write a table expects to be refused.
    """
    quote, snapshot = connection.ops.quote_name, {}
    with connection.cursor() as cursor:
        for model in SNAPSHOT_MODELS:
            cursor.execute(f"SELECT * FROM {quote(model._meta.db_table)} "
                           f"ORDER BY {quote(model._meta.pk.column)}")
            columns = [column[0] for column in cursor.description]
            snapshot[model] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return snapshot


def leaving_out(snapshot, objects):
    """`snapshot` without the rows of `objects`, (model, primary key) pairs."""
    return {model: [row for row in rows if (model, row[model._meta.pk.column]) not in objects]
            for model, rows in snapshot.items()}


@dataclass(frozen=True)
class Change:
    """One object a successful write changes: the one row `lookup` finds (after the write;
    before it, for a deletion), whose `values` (field or lookup path: value) it must have."""

    kind: str  # "created", "changed" or "deleted"
    model: type
    lookup: dict
    values: dict

    def __str__(self):
        return f"{self.kind} {self.model.__name__} {self.lookup}"


def created(model, **values):
    """A new `model` row with these values (also how it is found)."""
    return Change("created", model, values, values)


def changed(model, lookup, **values):
    """The `model` row `lookup` finds, now with these values."""
    return Change("changed", model, lookup, values)


def deleted(model, **lookup):
    """The `model` row `lookup` finds, gone."""
    return Change("deleted", model, lookup, {})


def _pks(model, lookup):
    return set(model._base_manager.filter(**lookup).values_list("pk", flat=True))


class WriteCheck:
    """Made just before a successful write with the changes its table row expects
    (placeholders filled in); `assert_done(user)` just after it."""

    def __init__(self, changes):
        self.changes = changes
        self.before = [_pks(change.model, change.lookup) for change in changes]
        self.history = HistoryWatch()
        self.snapshot = registry_snapshot()

    @staticmethod
    def _landed(change, before):
        """The primary key of the object `change` names, once asserted it landed."""
        after = _pks(change.model, change.lookup)
        if change.kind == "created":
            assert not before and len(after) == 1, f"{change}: {len(before)} → {len(after)}"
        elif change.kind == "changed":
            assert len(before) == 1 and after == before, f"{change}: {before} → {after}"
        else:
            assert len(before) == 1 and not after, f"{change}: {len(before)} → {len(after)}"
            return next(iter(before))
        pk = next(iter(after))
        actual = change.model._base_manager.filter(pk=pk).values(*change.values).get()
        assert actual == change.values, change
        return pk

    def assert_done(self, user):
        """Every change landed, each changed object has exactly one new history row, naming
        `user`; no other object has one, and every other row is as it was."""
        objects = Counter((change.model, self._landed(change, before))
                          for change, before in zip(self.changes, self.before, strict=True))
        rows = self.history.rows()
        written = Counter((row.instance_type, getattr(row, row.instance_type._meta.pk.attname))
                          for row in rows)
        assert written == objects, f"history rows {dict(written)}, expected {dict(objects)}"
        assert {row.history_user_id for row in rows} == {user.pk}, "history names someone else"
        after = leaving_out(registry_snapshot(), objects)
        assert after == leaving_out(self.snapshot, objects), "other rows changed too"


def matrix_cells():
    """{(duty, party): letters} of every non-empty cell, letters sorted."""
    found = {}
    for duty, department, role, letter in Assignment.objects.values_list(
        "duty__code", "department__code", "role__code", "raci"
    ):
        key = (duty, f"role:{role}" if role else f"department:{department}")
        found[key] = "".join(sorted(found.get(key, "") + letter))
    return found
