"""history/ and matrix/diff/ over the API."""

import pytest
from django.utils import timezone

from tests.factories import AssignmentFactory, DepartmentFactory

pytestmark = pytest.mark.django_db


def test_history_lists_changes_with_pagination(api_as, viewer, tech_duty):
    response = api_as(viewer).get("/api/v1/history/?duty=own-duty&limit=1")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["results"][0]["object"] == "own-duty · department:tech · A"
    assert "offset=1" in body["next"]


@pytest.mark.parametrize(("query", "field"), [
    ("history/?since=yesterday", "since"), ("history/?duty=nowhere", "duty"),
    ("history/?limit=-1", "limit"), ("history/?user=nobody", "user"),
    ("matrix/diff/", "from"), ("matrix/diff/?from=soon", "from"),
    ("matrix/diff/?from=2026-11-11&to=2026-11-10", "to"),
])
def test_a_bad_filter_or_moment_is_a_400_naming_it(api_as, viewer, tech_duty, query, field):
    response = api_as(viewer).get(f"/api/v1/{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_history_tells_each_change_in_words_and_finds_a_duty_by_its_title(
        api_as, viewer, tech_duty):
    tech_duty.title = "Fix payment outage"
    tech_duty.save()
    response = api_as(viewer).get("/api/v1/history/", {"duty": "Fix payment outage"},
                                   headers={"accept-language": "en"})
    assert response.status_code == 200
    renamed, letter, _added = response.json()["results"]
    assert renamed["object"] == "own-duty"  # codes stay as programs read them
    assert renamed["summary"] == "The system changed the duty Fix payment outage"
    assert renamed["details"][0].startswith("renamed from “")
    assert letter["summary"] == (
        f"The system made {tech_duty.assignments.get().department.name} Accountable for "
        "Fix payment outage")


def test_history_needs_a_login(api_client, tech_duty):
    assert api_client.get("/api/v1/history/").status_code == 401


def test_diff_lists_changed_cells_since_a_date(api_as, viewer, tech_duty):
    before = timezone.now()
    AssignmentFactory(duty=tech_duty, department=DepartmentFactory(code="support"), raci="R")
    response = api_as(viewer).get("/api/v1/matrix/diff/", {"from": before.isoformat()})
    assert response.status_code == 200
    assert [(c["duty"], c["party"], c["before"], c["after"])
            for c in response.json()["changes"]] == [("own-duty", "department:support", "", "R")]
