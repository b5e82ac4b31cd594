"""Delivering events to webhooks (docs/webhooks.md): each event POSTed as JSON, signed with
the webhook's secret, tried again with growing pauses until the receiver answers 2xx or the
attempts run out.

The signature header is `X-Registry-Signature: t=<unix time>,v1=<hex>`, where the hex is the
HMAC-SHA256 of "<unix time>.<body>" under the secret: a receiver recomputes it, compares in
constant time, and refuses old timestamps to stop replays.
"""

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from governance.events import subscriptions_changed
from governance.models import Delivery, DeliveryState

ATTEMPTS = 8
LONGEST_PAUSE = timedelta(hours=6)
TIMEOUT_SECONDS = 10
# A retry the queue runs this much before its time is still due (the timers are not exact).
EARLY = timedelta(seconds=2)
# What a receiver's failure says at most in the delivery log.
ERROR_CHARS = 500


def secret_new():
    """A fresh signing secret."""
    return secrets.token_urlsafe(32)


def signature(secret, body, timestamp):
    """The X-Registry-Signature value of `body` (bytes) sent at `timestamp` (unix seconds)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def pause_after(attempts):
    """How long to wait before the next attempt, after `attempts` failed ones:
    WEBHOOK_RETRY_SECONDS (30 s), then twice as long each time, at most 6 h."""
    first = timedelta(seconds=settings.WEBHOOK_RETRY_SECONDS)
    return min(first * 2 ** (attempts - 1), LONGEST_PAUSE)


def body_of(delivery):
    """The JSON body POSTed for the delivery's event."""
    event = delivery.event
    return json.dumps({"id": event.pk, "type": event.type,
                       "created_at": event.created_at.isoformat(), "data": event.payload},
                      ensure_ascii=False, separators=(",", ":")).encode()


def _post(delivery):
    """(HTTP status or None, error text) of one POST of the delivery."""
    body, now = body_of(delivery), int(time.time())
    request = urllib.request.Request(delivery.webhook.url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": "responsibility-registry",
        "X-Registry-Event": delivery.event.type, "X-Registry-Delivery": str(delivery.pk),
        "X-Registry-Signature": signature(delivery.webhook.secret, body, now)})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, error.reason if isinstance(error.reason, str) else ""
    except (urllib.error.URLError, OSError, ValueError) as error:  # refused, timeout, bad URL
        return None, str(getattr(error, "reason", error))


def delivery_attempt(pk, *, now=None):
    """Try the pending delivery `pk` once, unless another worker holds it or it is not due;
    returns the Delivery as it now stands (its `next_attempt_at` says when to try again), or
    None when there was nothing to do."""
    with transaction.atomic():
        # Locks the delivery alone: two workers try two deliveries of one webhook at once.
        delivery = (Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("webhook", "event")
                    .filter(pk=pk, state=DeliveryState.PENDING).first())
        due = (now or timezone.now()) + EARLY
        if delivery is None or (delivery.next_attempt_at and delivery.next_attempt_at > due):
            return None
        status, error = _post(delivery) if delivery.webhook.is_active else (None, "inactive")
        delivery.attempts += 1
        delivery.response_status = status
        if status is not None and 200 <= status < 300:
            delivery.state, delivery.delivered_at, delivery.error = (
                DeliveryState.DELIVERED, timezone.now(), "")
            delivery.next_attempt_at = None
        else:
            delivery.error = (error or f"HTTP {status}")[:ERROR_CHARS]
            if delivery.attempts >= ATTEMPTS or not delivery.webhook.is_active:
                delivery.state, delivery.next_attempt_at = DeliveryState.FAILED, None
            else:
                delivery.next_attempt_at = timezone.now() + pause_after(delivery.attempts)
        delivery.save()
    return delivery


def deliveries_due(*, now=None, limit=1000):
    """The ids of the pending deliveries whose time has come, oldest first."""
    now = now or timezone.now()
    return list(Delivery.objects.filter(state=DeliveryState.PENDING)
                .exclude(next_attempt_at__gt=now).order_by("id")
                .values_list("pk", flat=True)[:limit])


def webhook_save(webhook):
    """Validate and save `webhook` (a new one gets a secret), and make every process see the
    change of subscriptions."""
    webhook.secret = webhook.secret or secret_new()
    webhook.full_clean()
    webhook.save()
    transaction.on_commit(subscriptions_changed)
    subscriptions_changed()
    return webhook


def webhook_delete(webhook):
    """Delete `webhook` with its delivery log; its pending deliveries are not sent."""
    webhook.delete()
    transaction.on_commit(subscriptions_changed)
    subscriptions_changed()


def delivery_log(webhook, *, limit=20):
    """The webhook's latest deliveries, newest first, with their events."""
    return list(webhook.deliveries.select_related("event").order_by("-id")[:limit])
