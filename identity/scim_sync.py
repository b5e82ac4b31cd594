"""What one SCIM request wrote, gathered while it runs and kept as a ScimSync row for the sync
report (docs/scim.md, "Sync report"): the history rows it added, the findings it opened and
resolved, and what it did, in words. The delta is recorded at write time, from the same
signals the findings and the notifications hear."""

from contextlib import contextmanager
from contextvars import ContextVar

from identity.models import ScimSync

_current = ContextVar("scim_sync", default=None)


@contextmanager
def recording(token, request):
    """Gather what the request writes; the caller saves the ScimSync it yields (`save`)."""
    record = ScimSync(token=token, method=request.method, path=request.path[:500])
    reset = _current.set(record)
    try:
        yield record
    finally:
        _current.reset(reset)


def note(what, *, person="", group=""):
    """Say what the request being recorded did (`what`: a key of identity.views.ACTIONS)."""
    record = _current.get()
    if record is not None:
        record.actions.append({"what": what, "person": person, "group": group})


def note_rows(rows):
    record = _current.get()
    if record is not None:
        record.changes.extend([row.instance_type._meta.label, row.history_id] for row in rows)


def _finding(finding):
    return {**finding.as_dict(), "details": dict(finding.details)}


def note_findings(delta):
    record = _current.get()
    if record is not None:
        record.opened.extend(_finding(finding) for finding in delta.opened)
        record.resolved.extend(_finding(finding) for finding in delta.resolved)
