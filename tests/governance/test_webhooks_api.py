"""webhooks/ over the API: for holders of the webhook permissions only; created with a secret,
changed, deleted, their deliveries listed; bad input a 400 that saves nothing."""

import pytest
from django.contrib.auth.models import Permission

from governance.events import subscribed
from governance.models import Delivery, Event, Webhook
from tests.module_world import client_of, user_make

pytestmark = pytest.mark.django_db
URL = "/api/v1/webhooks/"
HOOK = {"name": "Ticketing", "url": "https://tickets.example/hook", "events": ["cell.changed"]}


@pytest.fixture
def integrator():
    """A user with every webhook permission and nothing else."""
    user = user_make("integrator")
    user.user_permissions.set(Permission.objects.filter(codename__endswith="_webhook"))
    return client_of(user)


def test_an_integrator_subscribes_and_the_next_write_hears_of_it(integrator):
    subscribed()
    response = integrator.post(URL, HOOK, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["events"], body["is_active"]) == (
        "Ticketing", ["cell.changed"], True)
    assert len(body["secret"]) >= 40
    assert subscribed() == {"cell.changed": [body["id"]]}


@pytest.mark.parametrize(("change", "field"), [
    ({"url": "ftp://tickets.example/hook"}, "url"),
    ({"url": "not a url"}, "url"),
    ({"events": ["cell.renamed"]}, "events"),
    ({"events": "cell.changed"}, "events"),
    ({"name": ""}, "name"),
    ({"secret": "mine"}, None),
])
def test_a_bad_webhook_is_a_400_and_saves_nothing(integrator, change, field):
    response = integrator.post(URL, {**HOOK, **change}, format="json")
    if field is None:  # the secret is read-only: ignored, one is made
        assert response.json()["secret"] != "mine"
        return
    assert response.status_code == 400 and field in response.json()
    assert not Webhook.objects.exists()


def test_an_integrator_pauses_renames_and_deletes_a_webhook(integrator):
    pk = integrator.post(URL, HOOK, format="json").json()["id"]
    paused = integrator.patch(f"{URL}{pk}/", {"is_active": False, "name": "Old"}, format="json")
    assert (paused.status_code, paused.json()["is_active"]) == (200, False)
    assert subscribed() == {}
    assert integrator.delete(f"{URL}{pk}/").status_code == 204
    assert not Webhook.objects.exists()


def test_the_delivery_log_lists_the_latest_first(integrator):
    webhook = Webhook.objects.create(name="Hook", url="https://h.example/", secret="s")
    for type_ in ("cell.changed", "finding.resolved"):
        Delivery.objects.create(webhook=webhook, event=Event.objects.create(type=type_),
                                attempts=1, response_status=502, error="Bad Gateway")
    response = integrator.get(f"{URL}{webhook.pk}/deliveries/")
    assert response.status_code == 200
    assert [(d["type"], d["state"], d["response_status"]) for d in response.json()["results"]] \
        == [("finding.resolved", "pending", 502), ("cell.changed", "pending", 502)]


@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_a_user_without_the_webhook_permissions_is_refused_and_nothing_changes(method):
    webhook = Webhook.objects.create(name="Hook", url="https://h.example/", secret="s")
    editor = user_make("editor")
    editor.user_permissions.set(Permission.objects.filter(
        content_type__app_label__in=["departments", "responsibilities"]))
    url = URL if method in ("get", "post") else f"{URL}{webhook.pk}/"
    response = getattr(client_of(editor), method)(url, {"name": "Mine"}, format="json")
    assert response.status_code == 403
    assert getattr(client_of(), method)(url, {"name": "Mine"}, format="json").status_code == 401
    assert list(Webhook.objects.values_list("name", "secret")) == [("Hook", "s")]


def test_a_reader_with_the_view_permission_reads_but_does_not_write():
    Webhook.objects.create(name="Hook", url="https://h.example/", secret="s")
    auditor = user_make("auditor")
    auditor.user_permissions.add(Permission.objects.get(codename="view_webhook"))
    client = client_of(auditor)
    assert [hook["name"] for hook in client.get(URL).json()["results"]] == ["Hook"]
    assert client.post(URL, HOOK, format="json").status_code == 403
    assert Webhook.objects.count() == 1
