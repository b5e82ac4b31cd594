"""Events for other systems, written in the transaction of the change that caused them (an
outbox; docs/webhooks.md): cells changed and memberships ended (from each write's history rows,
registry.changes), findings introduced and resolved (findings.store), proposals decided
(governance.services). An event is stored only when an active webhook wants it, with one
delivery per such webhook; the deliveries are sent once the transaction commits.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction

from departments.models import Department, Membership, Role
from governance.models import Delivery, Event, EventType, Webhook
from responsibilities.letters import sort_letters
from responsibilities.models import Assignment, Duty
from responsibilities.parties import party_key
from responsibilities.touched import cells_changed, rows_by_model

# The active webhooks' event types, kept in the cache; every change of a webhook forgets it.
SUBSCRIBED_KEY = "governance:webhook-events"


def subscribed():
    """{event type: [webhook ids]} of the active webhooks (no query while cached)."""
    found = cache.get(SUBSCRIBED_KEY)
    if found is None:
        found = {}
        for pk, events in Webhook.objects.filter(is_active=True).values_list("pk", "events"):
            for event in set(events or EventType.values):
                found.setdefault(event, []).append(pk)
        cache.set(SUBSCRIBED_KEY, found, 60)
    return found


def subscriptions_changed():
    """Forget the cached subscriptions (a webhook was added, changed or removed)."""
    cache.delete(SUBSCRIBED_KEY)


def events_emit(kind, payloads):
    """Store an event of `kind` per payload, with a delivery to each webhook that wants it, and
    send them when the transaction commits. Nothing when no webhook wants `kind`."""
    webhooks = subscribed().get(kind)
    payloads = list(payloads)
    if not webhooks or not payloads:
        return []
    # The cache may be a moment behind a webhook another process deleted or paused.
    webhooks = list(Webhook.objects.filter(pk__in=webhooks, is_active=True)
                    .values_list("pk", flat=True))
    if not webhooks:
        return []
    events = Event.objects.bulk_create([Event(type=kind, payload=payload)
                                        for payload in payloads])
    deliveries = Delivery.objects.bulk_create([Delivery(event=event, webhook_id=webhook)
                                               for event in events for webhook in webhooks])
    ids = [delivery.pk for delivery in deliveries]
    # robust: a broker that is down must not turn a committed write into an error; the
    # deliveries are in the database, and `deliver_due` sends them.
    transaction.on_commit(lambda: _send(ids), robust=True)
    return events


def _send(ids):
    """Queue the deliveries, a hundred to a task (once the transaction has committed)."""
    from governance.tasks import deliver  # the tasks import this module

    for start in range(0, len(ids), 100):
        deliver.delay(ids[start:start + 100])


def _cell_payloads(rows):
    """One payload per (duty, party) whose letters the Assignment history rows changed."""
    cells = cells_changed(rows)
    slots = list(cells)
    duties = dict(Duty.objects.filter(pk__in={s[0] for s in slots}).values_list("pk", "code"))
    departments = dict(Department.objects.filter(pk__in={s[1] for s in slots})
                       .values_list("pk", "code"))
    roles = dict(Role.objects.filter(pk__in={s[2] for s in slots}).values_list("pk", "code"))
    users = dict(get_user_model().objects.filter(
        pk__in={cell.user for cell in cells.values()}).values_list("pk", "username"))
    now = {}
    for duty, department, role, letter in Assignment.objects.filter(
            duty_id__in={s[0] for s in slots}).values_list("duty_id", "department_id",
                                                          "role_id", "raci"):
        now.setdefault((duty, department, role), set()).add(letter)
    return [{"duty": duties.get(duty), "party": party_key(department_code=departments.get(
                department), role_code=roles.get(role)),
             "added": list(sort_letters(cell.added - cell.removed)),
             "removed": list(sort_letters(cell.removed - cell.added)),
             "letters": sort_letters(now.get((duty, department, role), ())),
             "by": users.get(cell.user), "reason": cell.reason}
            for (duty, department, role), cell in cells.items()]


def _ended_payloads(rows):
    """One payload per membership whose end the history rows record (an end date set, or the
    membership deleted)."""
    ended = [row for row in rows if row.history_type == "-" or (
        row.history_type == "~" and row.end_date is not None
        and getattr(row.prev_record, "end_date", None) != row.end_date)]
    if not ended:
        return []
    roles = dict(Role.objects.filter(pk__in={row.role_id for row in ended})
                 .values_list("pk", "code"))
    return [{"membership": row.id, "person": row.person_id, "role": roles.get(row.role_id),
             "end_date": row.end_date.isoformat() if row.end_date else None,
             "deleted": row.history_type == "-"} for row in ended]


def on_written(sender, rows, **kwargs):
    """registry.changes' `written` receiver: the cells changed and memberships ended."""
    wanted = subscribed()
    if not wanted:
        return
    by_model = rows_by_model(rows)
    if EventType.CELL_CHANGED in wanted and by_model.get(Assignment):
        events_emit(EventType.CELL_CHANGED, _cell_payloads(by_model[Assignment]))
    if EventType.MEMBERSHIP_ENDED in wanted and by_model.get(Membership):
        events_emit(EventType.MEMBERSHIP_ENDED, _ended_payloads(by_model[Membership]))


def on_findings_written(sender, delta, **kwargs):
    """findings.store's `findings_written` receiver."""
    for kind, findings in ((EventType.FINDING_INTRODUCED, delta.opened),
                           (EventType.FINDING_RESOLVED, delta.resolved)):
        events_emit(kind, [{**finding.as_dict(), "details": dict(finding.details)}
                           for finding in findings])


def proposal_decided(proposal):
    """The event of a proposal applied or rejected."""
    events_emit(EventType.PROPOSAL_DECIDED, [{
        "proposal": proposal.pk, "title": proposal.title, "state": proposal.state,
        "round": proposal.round, "author": proposal.author.get_username(),
        "cells": [{"duty": cell.duty.code, "party": cell.key, "before": cell.before,
                   "after": cell.after} for cell in proposal.cells.select_related(
                       "duty", "department", "role")]}])

