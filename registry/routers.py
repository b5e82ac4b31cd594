"""Reads on a read replica when DATABASE_REPLICA_URL is set (docs/operations.md).

The matrix, the findings, lookup and every page read from the replica; writes, and every
read inside a transaction (the services read what they are about to change), go to the
primary. A request that writes, and the requests of that browser for the next
REPLICA_LAG_SECONDS, read from the primary too (`ReadYourWritesMiddleware`), so an editor
sees their own change at once even while the replica lags a little.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_primary_only = ContextVar("registry_primary_only", default=False)


@contextmanager
def primary_reads():
    """Within this block every read of this thread goes to the primary."""
    token = _primary_only.set(True)
    try:
        yield
    finally:
        _primary_only.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _primary_only.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first, second, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
