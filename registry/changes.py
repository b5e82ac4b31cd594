"""What each write changed, handed on inside the write's transaction.

Data derived from the registry's records (the stored findings) is kept current by the write
itself: every history row a write adds is collected on the database connection (saves and
deletes through `collect`'s signal, bulk writes through `bulk_create_recorded`), and when the
outermost `write_transaction` block ends without an error, still inside its transaction,
the `written` signal hands them to its receivers. A receiver that fails rolls the write
back with it.

A write outside `write_transaction` (a test factory, the shell) is handed on by the next
`flush()`: the derived data's readers flush before they read.
"""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.dispatch import Signal
from simple_history.signals import post_create_historical_record

# Sent with `rows`: the history rows of the records written since the last flush, in order.
written = Signal()


def _state(using):
    connection = connections[using]
    if not hasattr(connection, "registry_changes"):
        connection.registry_changes = {"rows": [], "depth": 0}
    return connection.registry_changes


def noted(rows, *, using=DEFAULT_DB_ALIAS):
    """Add history rows to what the current write changed."""
    _state(using)["rows"].extend(rows)


def _note_history_row(sender, history_instance, using=None, **kwargs):
    noted([history_instance], using=using or DEFAULT_DB_ALIAS)


def collect(models):
    """Collect the history row of every save and delete of `models` (with django-simple-history)."""
    for model in models:
        post_create_historical_record.connect(
            _note_history_row, sender=model.history.model,
            dispatch_uid=f"registry.changes:{model._meta.label}")


def take(using=DEFAULT_DB_ALIAS):
    """The rows collected so far, which are then no longer pending."""
    state = _state(using)
    rows, state["rows"] = state["rows"], []
    return rows


def flush(using=DEFAULT_DB_ALIAS):
    """Hand the rows collected so far to the `written` receivers, in one transaction."""
    if not _state(using)["rows"]:
        return
    with transaction.atomic(using=using):
        rows = take(using)
        if rows:
            written.send(sender=None, rows=rows, using=using)


@contextmanager
def write_transaction(using=DEFAULT_DB_ALIAS):
    """A transaction (or savepoint) for a write; the outermost one flushes the rows its writes
    added before it commits, so derived data changes with the records or not at all.

    Works as a decorator too (`@write_transaction()`)."""
    state = _state(using)
    state["depth"] += 1
    before = len(state["rows"])
    try:
        with transaction.atomic(using=using):
            yield
            if state["depth"] == 1 and transaction.get_rollback(using):
                take(using)  # to be rolled back: nothing of it is left to hand on
            elif state["depth"] == 1:
                flush(using)
    except BaseException:
        del state["rows"][before:]  # this block's writes were rolled back with it
        raise
    finally:
        state["depth"] -= 1
