"""Webhooks in the admin: added with a secret of their own, heard of at once by the writes that
follow, refused with a form error when bad, their latest deliveries shown."""

import pytest
from django.urls import reverse

from governance.events import subscribed
from governance.models import Delivery, Event, Webhook

pytestmark = pytest.mark.django_db

ADD = reverse("admin:governance_webhook_add")


@pytest.fixture
def admin(client, superuser):
    client.force_login(superuser)
    return client


def test_a_webhook_added_in_the_admin_gets_a_secret_and_is_subscribed_at_once(admin):
    subscribed()  # cached before the webhook exists
    response = admin.post(ADD, {"name": "Ticketing", "url": "https://tickets.example/hook",
                                "events": ["cell.changed"], "is_active": "on"})
    assert response.status_code == 302
    webhook = Webhook.objects.get()
    assert len(webhook.secret) >= 40
    assert subscribed() == {"cell.changed": [webhook.pk]}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("url", "ftp://tickets.example/hook", "Enter a valid URL."),
    ("events", ["cell.renamed"], "Select a valid choice. cell.renamed is not one"),
])
def test_a_bad_webhook_is_a_form_error_and_nothing_is_saved(admin, field, value, message):
    data = {"name": "Ticketing", "url": "https://tickets.example/hook", field: value}
    response = admin.post(ADD, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Webhook.objects.exists()


def test_a_webhook_deleted_in_the_admin_is_no_longer_subscribed(admin):
    webhook = Webhook.objects.create(name="Old", url="https://old.example/hook", secret="s")
    assert subscribed()["cell.changed"] == [webhook.pk]
    response = admin.post(reverse("admin:governance_webhook_delete", args=[webhook.pk]),
                          {"post": "yes"})
    assert response.status_code == 302
    assert subscribed() == {}


def test_the_change_page_shows_the_latest_deliveries(admin):
    webhook = Webhook.objects.create(name="Hook", url="https://h.example/hook", secret="s")
    event = Event.objects.create(type="cell.changed", payload={})
    Delivery.objects.create(webhook=webhook, event=event, attempts=2, response_status=503,
                            error="Service Unavailable")
    page = admin.get(reverse("admin:governance_webhook_change", args=[webhook.pk]))
    assert page.status_code == 200
    assert "cell.changed · pending · 2 · 503 Service Unavailable" in page.content.decode()
