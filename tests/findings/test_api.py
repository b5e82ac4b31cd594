"""findings/ and findings/summary/: the engine's findings, filtered, and their counts."""

import pytest

from responsibilities.models import Raci
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(world):
    """far-duty: Responsible shared by far-dept and own-dept; own-duty has no Accountable."""
    AssignmentFactory(duty=world.far_duty, department=world.far_department, raci=Raci.RESPONSIBLE)
    AssignmentFactory(duty=world.far_duty, role=world.own_role, raci=Raci.RESPONSIBLE)
    return world


def rules(response):
    return sorted((finding["rule"], finding["duty"]) for finding in response.json()["results"])


def test_findings_list_what_the_engine_finds(shared, api_client_as):
    response = api_client_as("viewer").get("/api/v1/findings/?limit=100")
    assert response.status_code == 200
    assert ("no-accountable", "own-duty") in rules(response)
    assert ("shared-responsible", "far-duty") in rules(response)
    assert set(response.json()["results"][0]) == {
        "rule", "kind", "severity", "duty", "process", "parties", "departments", "message", "key"}


@pytest.mark.parametrize(("query", "expected"), [
    ("rule=no-accountable", [("no-accountable", "own-duty")]),
    ("kind=overlap&duty=far-duty", [("shared-responsible", "far-duty")]),
    ("severity=error&process=own-process", [("no-accountable", "own-duty")]),
    ("department=far-dept&rule=shared-responsible", [("shared-responsible", "far-duty")]),
])
def test_findings_filter_by_their_fields(shared, api_client_as, query, expected):
    assert rules(api_client_as("viewer").get(f"/api/v1/findings/?{query}")) == expected


@pytest.mark.parametrize(("query", "field"), [
    ("rule=no-such-rule", "rule"), ("severity=fatal", "severity"), ("kind=mess", "kind"),
    ("department=nowhere", "department"), ("process=nowhere", "process"),
    ("duty=nowhere", "duty"),
])
def test_findings_refuse_an_unknown_filter_with_a_message(shared, api_client_as, query, field):
    response = api_client_as("viewer").get(f"/api/v1/findings/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_findings_summary_counts_and_names_the_overlapping_departments(shared, api_client_as):
    body = api_client_as("viewer").get("/api/v1/findings/summary/").json()
    assert body["by_rule"]["no-accountable"] == 1
    assert body["by_rule"]["shared-responsible"] == 1
    assert body["by_severity"]["error"] >= 1
    assert body["by_department"]["far-dept"] >= 1
    assert body["overlapping_pairs"] == [{"departments": ["far-dept", "own-dept"], "duties": 1}]
    assert body["total"] == sum(body["by_rule"].values())


def test_findings_summary_takes_the_same_filters(shared, api_client_as):
    body = api_client_as("viewer").get("/api/v1/findings/summary/?duty=own-duty").json()
    assert body["by_rule"]["no-accountable"] == 1
    assert body["overlapping_pairs"] == []
