"""Values that are expensive to compute and shared by every app process: kept in the cache
(Redis when REDIS_URL is set) for as long as the rows they are computed from do not change."""

import hashlib

from django.core.cache import cache
from django.db import connection

# How long a value stays in the cache at most; a write makes it stale at once.
TIMEOUT = 24 * 60 * 60


def history_version(models):
    """A text that changes with every write to `models` (each tracked by django-simple-history):
    the newest history row's id and time of each, read in one query on indexed columns. (The
    time tells apart two rows given the same id, as SQLite does again after a rollback.)"""
    parts = ", ".join(
        f"(SELECT MAX({column}) FROM {model.history.model._meta.db_table})"
        for model in models for column in ("history_id", "history_date")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        newest = "/".join(map(str, cursor.fetchone()))
    return hashlib.blake2b(newest.encode(), digest_size=16).hexdigest()


def cached_while(key, version, compute):
    """`compute()`, or the value it gave last time for the same `version`. One entry per key,
    overwritten when the version moves on: a key per version would keep a value for every
    write."""
    cached = cache.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    value = compute()
    cache.set(key, (version, value), timeout=TIMEOUT)
    return value
