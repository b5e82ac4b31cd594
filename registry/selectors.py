"""Reads every app shares."""

DELETED_SHOWN = 100


def deleted_records(model):
    """The history rows of the last deletion of each `model` object that is still deleted,
    newest first (at most DELETED_SHOWN): what the admin offers to restore."""
    rows = (model.history.filter(history_type="-")
            .exclude(id__in=model._default_manager.values("pk"))
            .select_related("history_user").order_by("-history_date", "-history_id"))
    latest = {}
    for row in rows[:DELETED_SHOWN * 2]:  # an object deleted twice has two rows
        latest.setdefault(row.id, row)
    return list(latest.values())[:DELETED_SHOWN]
