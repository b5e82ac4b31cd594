"""Confirming a duty's letters: its owners (or its editors) say they are still right, from the
duty page or the API; a duty nobody confirmed for RACI_CONFIRM_EVERY_DAYS gets
stale-confirmation, which the confirmation resolves; anyone else is refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from findings.selectors import findings_list
from findings.store import findings_refresh
from responsibilities.models import Duty
from tests import factories
from tests.module_world import editor_make, user_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned():
    """"Reconcile the ledger", created two years ago, whose Accountable post (Cashier) Hollis
    holds; his login is `hollis`."""
    cashier = factories.RoleFactory(code="cashier", name="Cashier")
    hollis = factories.PersonFactory(name="Hollis Quenby", user=user_make("hollis"))
    factories.MembershipFactory(person=hollis, role=cashier)
    duty = factories.DutyFactory(code="reconcile", title="Reconcile the ledger")
    factories.AssignmentFactory(duty=duty, role=cashier, raci="A")
    Duty.objects.filter(pk=duty.pk).update(created_at=timezone.now() - timedelta(days=730))
    findings_refresh()
    return hollis


def stale():
    return [finding.message for finding in findings_list(rule="stale-confirmation")]


def test_an_owner_confirms_from_the_duty_page_and_the_finding_resolves(owned, client):
    assert stale() == ["Have the owners of “Reconcile the ledger” confirm its letters: nobody "
                       f"has since it was created on "
                       f"{(timezone.localdate() - timedelta(days=730)).isoformat()}."]
    client.force_login(owned.user)
    page = client.get(reverse("responsibilities:duty_detail", args=["reconcile"])).content
    assert b"Confirm these letters" in page and b"Nobody has confirmed its letters yet." in page
    response = client.post(reverse("responsibilities:duty_confirm", args=["reconcile"]),
                           follow=True)
    assert "Letters confirmed as right on" in response.content.decode()
    assert "by Hollis Quenby" in response.content.decode()
    duty = Duty.objects.get(code="reconcile")
    assert duty.confirmed_by == owned
    assert duty.history.first().history_change_reason == "letters confirmed"
    assert stale() == []


def test_someone_holding_no_owner_post_is_refused_and_nothing_changes(owned, client):
    client.force_login(user_make("reader"))
    page = client.get(reverse("responsibilities:duty_detail", args=["reconcile"])).content
    assert b"Confirm these letters" not in page
    response = client.post(reverse("responsibilities:duty_confirm", args=["reconcile"]))
    assert response.status_code == 403
    assert Duty.objects.get(code="reconcile").confirmed_at is None


def test_an_owner_whose_post_ended_is_refused(owned, client):
    owned.memberships.update(end_date=timezone.localdate() - timedelta(days=1))
    client.force_login(owned.user)
    assert client.post(reverse("responsibilities:duty_confirm",
                               args=["reconcile"])).status_code == 403


def test_the_api_confirms_for_an_editor_and_refuses_a_reader(owned):
    client = APIClient()
    client.force_authenticate(user_make("reader"))
    assert client.post("/api/v1/duties/reconcile/confirm/").status_code == 403
    client.force_authenticate(editor_make())
    response = client.post("/api/v1/duties/reconcile/confirm/")
    assert response.status_code == 200
    body = response.json()
    assert body["confirmed_at"] and body["confirmed_by"] is None and body["created_at"]
    assert stale() == []
    assert APIClient().post("/api/v1/duties/reconcile/confirm/").status_code == 401
    assert client.post("/api/v1/duties/nope/confirm/").status_code == 404


def test_a_confirmation_lasts_the_days_set(owned, settings):
    Duty.objects.filter(code="reconcile").update(
        confirmed_at=timezone.now() - timedelta(days=100))
    settings.RACI_CONFIRM_EVERY_DAYS = 365
    findings_refresh()
    assert stale() == []
    settings.RACI_CONFIRM_EVERY_DAYS = 90
    assert [m.split(":")[0] for m in stale()] == [
        "Have the owners of “Reconcile the ledger” confirm its letters"]
