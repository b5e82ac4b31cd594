"""Delivering events to webhooks (docs/webhooks.md): each event POSTed as JSON, signed with
the webhook's secret, tried again with growing pauses until the receiver answers 2xx or the
attempts run out.

The signature header is `X-Registry-Signature: t=<unix time>,v1=<hex>`, where the hex is the
HMAC-SHA256 of "<unix time>.<body>" under the secret: a receiver recomputes it, compares in
constant time, and refuses old timestamps to stop replays.
"""

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from governance.events import subscriptions_changed
from governance.models import Delivery, DeliveryState

# Twelve attempts with pauses doubling up to 6 h: a receiver may be away for about 14 hours.
ATTEMPTS = 12
LONGEST_PAUSE = timedelta(hours=6)
TIMEOUT_SECONDS = 5
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


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is the receiver's answer (3xx), never followed: it could point anywhere."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(_NoRedirects)


def address_refused(url):
    """Why `url` may not be POSTed to, or None: unless WEBHOOK_PRIVATE_ADDRESSES, a host that
    resolves to a loopback, private, link-local or reserved address is refused, so that a
    subscription cannot reach into the registry's own network."""
    if settings.WEBHOOK_PRIVATE_ADDRESSES:
        return None
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return f"cannot resolve {host}"
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            return f"{host} is a private address ({ip}): not allowed"
    return None


def _post(delivery):
    """(HTTP status or None, error text) of one POST of the delivery."""
    refused = address_refused(delivery.webhook.url)
    if refused:
        return None, refused
    body, now = body_of(delivery), int(time.time())
    request = urllib.request.Request(delivery.webhook.url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": "responsibility-registry",
        "X-Registry-Event": delivery.event.type, "X-Registry-Delivery": str(delivery.pk),
        "X-Registry-Signature": signature(delivery.webhook.secret, body, now)})
    try:
        with OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, error.reason if isinstance(error.reason, str) else ""
    except (urllib.error.URLError, OSError, ValueError) as error:  # refused, timeout, bad URL
        return None, str(getattr(error, "reason", error))


def delivery_attempt(pk, *, now=None, unreachable=None):
    """Try the pending delivery `pk` once, unless another worker holds it or it is not due;
    returns the Delivery as it now stands (its `next_attempt_at` says when to try again), or
    None when there was nothing to do. `unreachable` (a set shared by one run over many
    deliveries) collects the webhooks that did not answer at all: their other deliveries in the
    run wait for their next turn untried, so one dead receiver costs one timeout, not one
    per event."""
    with transaction.atomic():
        # Locks the delivery alone: two workers try two deliveries of one webhook at once.
        delivery = (Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("webhook", "event")
                    .filter(pk=pk, state=DeliveryState.PENDING).first())
        due = (now or timezone.now()) + EARLY
        if delivery is None or (delivery.next_attempt_at and delivery.next_attempt_at > due):
            return None
        if unreachable is not None and delivery.webhook_id in unreachable:
            delivery.next_attempt_at = timezone.now() + pause_after(max(delivery.attempts, 1))
            delivery.save(update_fields=["next_attempt_at"])
            return delivery
        status, error = _post(delivery) if delivery.webhook.is_active else (None, "inactive")
        if status is None and unreachable is not None:
            unreachable.add(delivery.webhook_id)
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
