"""Events delivered to a real HTTP receiver: signed, only the events asked for, retried with
growing pauses, given up after the last attempt, and never sent for a change rolled back."""

import hashlib
import hmac
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from departments.models import Membership
from findings.store import findings_current
from governance.events import subscribed
from governance.models import Delivery, DeliveryState, Event, EventType, Webhook
from governance.tasks import deliver_due
from governance.webhooks import ATTEMPTS, delivery_attempt, pause_after, webhook_save
from registry.services import record_update
from responsibilities.letters import sort_letters
from responsibilities.models import Assignment
from responsibilities.services.cells import CellChange, cells_set
from tests import factories
from tests.governance.receiver import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()


@pytest.fixture
def org():
    tech = factories.DepartmentFactory(code="tech", name="Technology")
    engineer = factories.RoleFactory(code="engineer", name="Engineer", department=tech)
    factories.DutyFactory(code="feedback", title="Handle user feedback")
    return engineer


def subscribe(receiver, *events, active=True):
    return webhook_save(Webhook(name="Ticketing", url=receiver.url, events=list(events),
                                is_active=active))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what the transaction's commit would (the deliveries)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def bodies(receiver):
    return [json.loads(body) for _headers, body in receiver.received]


def test_a_changed_cell_is_posted_signed_with_the_webhooks_secret(org, receiver, committed):
    webhook = subscribe(receiver, EventType.CELL_CHANGED)
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "AR")], user=None)
    [(headers, body)] = receiver.received
    assert json.loads(body)["data"] == {"duty": "feedback", "party": "role:engineer",
                                        "added": ["A", "R"], "removed": [], "letters": "AR",
                                        "by": None, "reason": "matrix cell"}
    assert headers["X-Registry-Event"] == "cell.changed"
    stamp, digest = (part.split("=", 1)[1] for part in
                     headers["X-Registry-Signature"].split(","))
    expected = hmac.new(webhook.secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256)
    assert hmac.compare_digest(digest, expected.hexdigest())
    assert Delivery.objects.get().state == DeliveryState.DELIVERED


def test_a_change_rolled_back_is_never_announced(org, receiver, committed):
    subscribe(receiver)
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        cells_set(changes=[CellChange("feedback", "role:engineer", "R")], user=None)
        raise RuntimeError("the write fails after the letters were written")
    assert receiver.received == [] and not Event.objects.exists()


def test_a_webhook_gets_only_the_events_it_asked_for(org, receiver, committed):
    subscribe(receiver, EventType.FINDING_INTRODUCED)
    other = Receiver()
    try:
        subscribe(other, active=False)
        findings_current()
        with committed():
            cells_set(changes=[CellChange("feedback", "role:engineer", "AR")], user=None)
    finally:
        other.stop()
    assert {body["type"] for body in bodies(receiver)} == {"finding.introduced"}
    assert other.received == []


def test_findings_introduced_and_resolved_are_announced(org, receiver, committed):
    subscribe(receiver, EventType.FINDING_INTRODUCED, EventType.FINDING_RESOLVED)
    findings_current()
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "R")], user=None)
    assert ("finding.resolved", "no-responsible") in {
        (body["type"], body["data"]["rule"]) for body in bodies(receiver)}


def test_a_failing_receiver_is_tried_again_after_growing_pauses(org, receiver, committed):
    subscribe(receiver, EventType.CELL_CHANGED)
    receiver.fail(500, 503)
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "R")], user=None)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.response_status) == (
        DeliveryState.PENDING, 1, 500)
    assert deliver_due() == 0, "not due before its pause"
    later = delivery.next_attempt_at + timedelta(seconds=1)
    assert delivery_attempt(delivery.pk, now=later).attempts == 2
    assert delivery_attempt(delivery.pk, now=later + pause_after(2)).state == \
        DeliveryState.DELIVERED
    assert len(receiver.received) == 3
    assert len({json.loads(body)["id"] for _h, body in receiver.received}) == 1, \
        "the same event each time, so a receiver can drop duplicates"


def test_a_delivery_gives_up_after_the_last_attempt(org, receiver, committed):
    subscribe(receiver, EventType.CELL_CHANGED)
    receiver.fail(*[500] * ATTEMPTS)
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "R")], user=None)
    pk, now = Delivery.objects.get().pk, timezone.now()
    for _attempt in range(ATTEMPTS - 1):
        now += timedelta(days=1)
        delivery_attempt(pk, now=now)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.error) == (
        DeliveryState.FAILED, ATTEMPTS, "Internal Server Error")


def test_a_receiver_that_cannot_be_reached_is_logged_and_tried_again(org, committed):
    webhook_save(Webhook(name="Gone", url="http://127.0.0.1:9/hook"))
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "R")], user=None)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.response_status) == (DeliveryState.PENDING, None)
    assert delivery.error


def test_an_ended_membership_is_announced(org, receiver, committed):
    subscribe(receiver, EventType.MEMBERSHIP_ENDED)
    membership = factories.MembershipFactory(role=org)
    with committed():
        record_update(user=None, instance=Membership.objects.get(pk=membership.pk),
                      data={"end_date": timezone.localdate()})
    [body] = bodies(receiver)
    assert body["data"] == {"membership": membership.pk, "person": membership.person_id,
                            "role": "engineer", "end_date": timezone.localdate().isoformat(),
                            "deleted": False}


@pytest.mark.parametrize(("fields", "error"), [
    ({"url": "ftp://example.com/hook"}, "url"),
    ({"events": ["cell.renamed"]}, "events"),
    ({"name": ""}, "name"),
])
def test_a_bad_webhook_is_refused(fields, error):
    with pytest.raises(ValidationError) as raised:
        webhook_save(Webhook(**{"name": "Hook", "url": "https://example.com/hook", **fields}))
    assert error in raised.value.message_dict
    assert not Webhook.objects.exists()


def test_deliver_webhooks_tries_the_due_deliveries_again(org, receiver, committed):
    subscribe(receiver, EventType.CELL_CHANGED)
    receiver.fail(500)
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "R")], user=None)
    Delivery.objects.update(next_attempt_at=timezone.now())
    output = StringIO()
    call_command("deliver_webhooks", stdout=output)
    assert output.getvalue().splitlines() == ["1 delivery(ies) due.",
                                              "Delivered 1, waiting 0, failed 0."]
    assert Delivery.objects.get().state == DeliveryState.DELIVERED


def test_an_event_asked_for_twice_is_delivered_once_and_the_write_goes_through(
        org, receiver, committed):
    webhook_save(Webhook(name="Twice", url=receiver.url,
                         events=["cell.changed", "cell.changed"]))
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "ICRA")], user=None)
    [body] = bodies(receiver)
    assert (body["data"]["letters"], body["data"]["added"]) == ("ARCI", ["A", "R", "C", "I"])


def test_a_webhook_deleted_by_another_process_gets_nothing_and_the_write_goes_through(
        org, receiver, committed):
    webhook = subscribe(receiver)
    subscribed()  # this process has it cached…
    Webhook.objects.filter(pk=webhook.pk).delete()  # …as another deletes it
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "R")], user=None)
    assert receiver.received == [] and not Delivery.objects.exists()


def test_a_broker_that_is_down_does_not_fail_the_committed_write(org, receiver, committed,
                                                                 monkeypatch):
    subscribe(receiver)

    def down(*args, **kwargs):
        raise ConnectionError("the broker does not answer")

    monkeypatch.setattr("governance.tasks.deliver.delay", down)
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "R")], user=None)
    assert letters_of("feedback") == "R"
    assert Delivery.objects.get().state == DeliveryState.PENDING, "left for deliver_due"


def test_one_dead_receiver_costs_one_timeout_per_run_not_one_per_event(org, committed):
    webhook_save(Webhook(name="Gone", url="http://127.0.0.1:9/hook"))
    factories.DutyFactory(code="second")
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "R"),
                           CellChange("second", "role:engineer", "R")], user=None)
    assert sorted(Delivery.objects.values_list("attempts", flat=True)) == [0, 1]
    assert all(d.next_attempt_at for d in Delivery.objects.all())


def test_a_receiver_on_a_private_address_is_refused_unless_allowed(org, receiver, committed,
                                                                   settings):
    settings.WEBHOOK_PRIVATE_ADDRESSES = False
    subscribe(receiver)
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "R")], user=None)
    assert receiver.received == []
    assert "private address" in Delivery.objects.get().error


def test_a_redirect_is_the_receivers_answer_and_is_not_followed(org, receiver, committed):
    subscribe(receiver, EventType.CELL_CHANGED)
    receiver.fail(302)
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "R")], user=None)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.response_status, len(receiver.received)) == (
        DeliveryState.PENDING, 302, 1)


def test_an_upper_case_scheme_is_kept_in_lower_case():
    webhook = webhook_save(Webhook(name="Hook", url="HTTPS://example.com/hook"))
    assert webhook.url == "https://example.com/hook"


def letters_of(duty):
    return sort_letters(Assignment.objects.filter(duty__code=duty).values_list("raci", flat=True))


def test_a_letter_edited_as_a_record_is_announced_as_the_letter_it_replaced(
        org, receiver, committed):
    cells_set(changes=[CellChange("feedback", "role:engineer", "R")], user=None)
    subscribe(receiver, EventType.CELL_CHANGED)
    letter = Assignment.objects.get(duty__code="feedback")
    with committed():
        record_update(user=None, instance=letter, data={"raci": "C"})
    [body] = bodies(receiver)
    assert (body["data"]["added"], body["data"]["removed"], body["data"]["letters"]) == (
        ["C"], ["R"], "C")
