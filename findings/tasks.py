"""The findings' scheduled work (registry.tasks' beat schedule)."""

from celery import shared_task

from findings.store import findings_refresh


@shared_task
def refresh_findings():
    """The daily refresh: the date-driven rules hold for the new day."""
    delta = findings_refresh()
    return {"opened": len(delta.opened), "resolved": len(delta.resolved)}
