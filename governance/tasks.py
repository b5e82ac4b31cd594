"""The governance app's background work: webhook deliveries, the consent and campaign
deadlines and the notifications' mail (registry.tasks)."""

from celery import current_app, shared_task

from governance.campaigns import campaigns_settle
from governance.mail import digests_send, notifications_send
from governance.services import proposals_settle
from governance.webhooks import deliveries_due, delivery_attempt


@shared_task
def deliver(ids):
    """Try each delivery once; on a worker, each that failed is tried again after its pause.
    In-process (no broker), a failed delivery waits for `deliver_due`."""
    queued, unreachable = not current_app.conf.task_always_eager, set()
    for pk in ids:
        delivery = delivery_attempt(pk, unreachable=unreachable)
        if queued and delivery is not None and delivery.next_attempt_at:
            deliver.apply_async(([pk],), eta=delivery.next_attempt_at)


@shared_task
def deliver_due():
    """Every minute: the deliveries whose time has come (those a lost task left behind too)."""
    ids = deliveries_due()
    for start in range(0, len(ids), 100):
        deliver.delay(ids[start:start + 100])
    return len(ids)


@shared_task
def settle_proposals():
    """Daily: silence past the consent deadline becomes consent."""
    return len(proposals_settle())


@shared_task
def settle_campaigns():
    """Daily: remind the people yet to answer a campaign near its deadline; close the
    campaigns whose deadline has passed."""
    reminded, closed = campaigns_settle()
    return len(reminded), len(closed)


@shared_task
def send_notifications(people):
    """Once a change has committed: mail `people` (ids) what they want to know at once, one
    mail each. What could not be sent waits for the daily digest."""
    return notifications_send(people=people)


@shared_task
def send_digests():
    """Daily: one mail per person with everything not sent yet."""
    return digests_send()
