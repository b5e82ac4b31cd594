"""Waivers on the pages and in the API: the waive form, the withdraw button, the findings
page's Waived section, `findings/?waived=true`, `waivers/`, and flat query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import strip_tags

from departments.models import Department
from findings.models import Waiver
from findings.selectors import findings_list
from findings.store import finding_key
from findings.waivers import waiver_create
from responsibilities.models import Duty, Raci
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(page_world):
    """far-dept is Responsible for own-duty too: one shared-responsible finding."""
    factories.AssignmentFactory(duty=page_world.own_duty, department=page_world.far_department,
                                raci=Raci.RESPONSIBLE)
    return page_world


@pytest.fixture
def key(shared):
    return next(finding_key(f.finding) for f in findings_list(duty="own-duty")
                if f.rule == "shared-responsible")


def later(days):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def waived(user, key, days=30):
    return waiver_create(user=user, key=key, reason="Both answer on purpose.",
                         expires=timezone.localdate() + timedelta(days=days))


def test_the_findings_page_offers_waive_to_those_who_may_act(key, client_as):
    assert f"/findings/waive/?key={key}" in client_as("editor").get("/findings/").content.decode()
    assert "/findings/waive/" not in client_as("viewer").get("/findings/").content.decode()


def test_the_form_waives_and_the_page_lists_the_finding_as_waived(key, client_as, editor):
    client = client_as("process_editor")
    form = client.get("/findings/waive/", {"key": key})
    html = form.content.decode()
    assert form.status_code == 200 and "Decide which one department does “Own duty”" in html
    assert f'value="{later(90)}"' in html  # the expiry offered first
    response = client.post(f"/findings/waive/?key={key}",
                           {"reason": "Both answer on purpose.", "expires": later(30)})
    assert response.status_code == 302 and response.url == "/findings/"
    waiver = Waiver.objects.get()
    assert waiver.author.username == "process_editor" and waiver.rule == "shared-responsible"
    text = strip_tags(client.get("/findings/").content.decode())
    assert "Waived" in text and "Both answer on purpose." in text
    assert "Waived by process_editor until" in text
    listed = text.split("Waived")[0]
    assert "Decide which one department does “Own duty”" not in listed
    # the home page counts it apart
    assert "1 more is waived." in strip_tags(client.get("/").content.decode())


@pytest.mark.parametrize(("data", "field_error"), [
    ({"reason": "", "expires": later(30)}, "Say why this finding may stay."),
    ({"reason": "x", "expires": later(0)}, "The waiver must end after today."),
    ({"reason": "x", "expires": later(400)}, "A waiver may last at most 365 days"),
    ({"reason": "x", "expires": "soon"}, "Give the date as YYYY-MM-DD."),
])
def test_the_form_shows_errors_and_waives_nothing(key, client_as, data, field_error):
    response = client_as("editor").post(f"/findings/waive/?key={key}", data)
    assert response.status_code == 400 and field_error in response.content.decode()
    assert not Waiver.objects.exists()


def test_who_may_not_edit_the_duty_gets_a_403_with_the_reason(key, client_as):
    for role in ("viewer", "outsider"):
        response = client_as(role).post(f"/findings/waive/?key={key}",
                                        {"reason": "x", "expires": later(30)})
        assert response.status_code == 403
        assert "You may not waive findings on this duty" in response.content.decode()
    assert client_as("viewer").get("/findings/waive/", {"key": key}).status_code == 403
    assert not Waiver.objects.exists()
    assert client_as("editor").get("/findings/waive/", {"key": "nope"}).status_code == 404


def test_withdraw_is_offered_to_the_author_and_duty_editors_only(key, client_as, editor):
    waiver = waived(editor, key)
    assert "Withdraw the waiver" in client_as("editor").get("/findings/").content.decode()
    assert "Withdraw the waiver" not in client_as("viewer").get("/findings/").content.decode()
    url = f"/waivers/{waiver.pk}/withdraw/"
    assert client_as("outsider").post(url).status_code == 403
    assert Waiver.objects.filter(pk=waiver.pk).exists()
    assert client_as("process_editor").post(url).status_code == 302
    assert not Waiver.objects.exists()
    assert client_as("editor").post(url).status_code == 404
    assert client_as("editor").post("/waivers/99999999999999999999/withdraw/").status_code == 404


def test_the_api_lists_waived_findings_apart(key, api_client_as, editor):
    waiver = waived(editor, key)
    client = api_client_as("viewer")
    listed = client.get("/api/v1/findings/?duty=own-duty").json()["results"]
    assert key not in [finding["key"] for finding in listed]
    shown = client.get("/api/v1/findings/?waived=true").json()["results"]
    assert [finding["key"] for finding in shown] == [key]
    assert shown[0]["waiver"]["id"] == waiver.pk and shown[0]["waiver"]["author"] == "editor"
    assert client.get("/api/v1/findings/summary/").json()["waived"] == 1
    assert client.get("/api/v1/findings/?waived=maybe").status_code == 400


def test_the_waivers_api_creates_changes_and_withdraws(key, api_client_as):
    client = api_client_as("process_editor")
    created = client.post("/api/v1/waivers/", {"key": key, "reason": "On purpose.",
                                               "expires": later(30)}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["rule"] == "shared-responsible" and body["duty"] == "own-duty"
    assert body["parties"] == ["department:far-dept", "role:own-role"]
    url = f"/api/v1/waivers/{body['id']}/"
    assert client.get(url).json()["reason"] == "On purpose."
    changed = client.patch(url, {"expires": later(60)}, format="json")
    assert changed.status_code == 200 and changed.json()["expires"] == later(60)
    assert client.put(url, {"reason": "x", "expires": later(5)}, format="json").status_code == 405
    outsider = api_client_as("outsider")
    assert outsider.delete(url).status_code == 403
    assert outsider.patch(url, {"reason": "mine"}, format="json").status_code == 403
    assert client.delete(url).status_code == 204
    assert not Waiver.objects.exists()


@pytest.mark.parametrize(("body", "field"), [
    ({"reason": "x", "expires": "2020-01-01"}, "expires"),
    ({"reason": " ", "expires": None}, "reason"),
    ({"key": "0" * 32, "reason": "x"}, "key"),
])
def test_the_waivers_api_answers_400_naming_the_field(key, api_client_as, body, field):
    body = {"key": key, "expires": later(10), **body}
    response = api_client_as("editor").post("/api/v1/waivers/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Waiver.objects.exists()


def test_the_waivers_api_refuses_who_may_not_edit_the_duty(key, api_client_as):
    response = api_client_as("viewer").post(
        "/api/v1/waivers/", {"key": key, "reason": "x", "expires": later(10)}, format="json")
    assert response.status_code == 403 and "may not waive" in response.json()["detail"]
    assert not Waiver.objects.exists()


def test_the_findings_page_reads_waivers_in_flat_queries(page_world, client_as, editor, grow):
    """Each waiver adds no query: the waived findings, their waivers and their names are read
    in one query each, whatever their number."""

    def waive_all():
        # a second Responsible on every duty: a shared-responsible finding each, all waived
        second = Department.objects.get_or_create(code="second", defaults={"name_en": "2nd"})[0]
        for duty in Duty.objects.exclude(assignments__department=second):
            factories.AssignmentFactory(duty=duty, department=second, raci=Raci.RESPONSIBLE)
        for finding in findings_list():
            if finding.duty and not Waiver.objects.filter(
                    key=finding_key(finding.finding)).exists():
                waived(editor, finding_key(finding.finding))

    client = client_as("editor")
    waive_all()
    assert Waiver.objects.exists()
    small = _count(client)
    grow(5)
    waive_all()
    assert Waiver.objects.count() > 5 and _count(client) == small


def _count(client):
    """The queries of the findings page, once warmed."""
    client.get("/findings/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/findings/").status_code == 200
    return len(queries)
