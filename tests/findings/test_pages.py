"""The findings dashboard with its pictures, and the change feed."""

import pytest
from django.utils.html import strip_tags

from departments.models import Department
from responsibilities.models import Assignment, Raci
from tests.factories import AssignmentFactory, DepartmentFactory, DutyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(page_world):
    """far-dept is Responsible for own-duty too: an overlap between the two departments."""
    AssignmentFactory(duty=page_world.own_duty, department=page_world.far_department,
                      raci=Raci.RESPONSIBLE)
    return page_world


def test_findings_page_draws_load_overlap_and_trend_as_inline_svg(shared, client_as):
    html = client_as("viewer").get("/findings/").content.decode()
    assert html.count('role="img"') == 3 and "<title>Load per department</title>" in html
    assert "<title>Departments sharing Responsible</title>" in html
    assert "<title>Open findings over time</title>" in html
    assert "Decide which one department does “Own duty”" in html


def test_findings_page_tells_how_long_each_department_s_findings_stayed_open(
        shared, client_as, editor):
    from datetime import timedelta

    from django.utils import timezone

    from findings.models import StoredFinding

    client = client_as("viewer")
    assert "No finding was resolved in that time." in client.get("/findings/").content.decode()
    StoredFinding.objects.filter(resolved_at=None).update(
        opened_at=timezone.now() - timedelta(days=3))
    StoredFinding.objects.filter(resolved_at=None, department_links__department="own-dept") \
        .update(resolved_at=timezone.now())
    html = client.get("/findings/").content.decode()
    assert "No finding was resolved in that time." not in html
    assert ">Own department</a></th><td class=\"num\">" in html and ">3.0</td>" in html


def test_findings_filters_narrow_the_list(shared, client_as):
    client = client_as("viewer")
    html = client.get("/findings/", {"severity": "error"}).content.decode()
    assert "Decide which one department does “Own duty”" not in html
    html = client.get("/findings/", {"rule": "shared-responsible"}).content.decode()
    assert "1 finding</p>" in html


def test_findings_filters_answer_htmx_with_the_list_alone(shared, client_as):
    response = client_as("viewer").get("/findings/", {"kind": "overlap"},
                                       headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.startswith('<div id="finding-results"') and "<svg" not in html


def test_findings_filter_form_labels_every_field(shared, client_as):
    html = client_as("viewer").get("/findings/").content.decode()
    for field in ("severity", "kind", "rule", "department", "process"):
        assert f'<label for="id_{field}">' in html


def test_change_feed_names_who_changed_what(page_world, client_as, editor):
    row = Assignment(duty=page_world.far_duty, role=page_world.own_role, raci=Raci.INFORMED)
    row._history_user = editor
    row.save()
    html = client_as("viewer").get("/changes/", {"user": "editor"}).content.decode()
    text = " ".join(strip_tags(html).split())
    assert (f"editor made {page_world.own_role.name} Informed for {page_world.far_duty.title}"
            in text)
    assert "1 change" in html


def test_change_feed_reports_an_unknown_filter(page_world, client_as):
    html = client_as("viewer").get("/changes/", {"duty": "no-such-duty"}).content.decode()
    assert "Unknown duty" in html and "No changes match." in html


def test_findings_list_is_paginated(shared, client_as, monkeypatch):
    monkeypatch.setattr("findings.views.FINDINGS_PER_PAGE", 1)
    html = client_as("viewer").get("/findings/", {"page": 2}).content.decode()
    assert "Page 2 of" in html and html.count('<li class="finding">') == 1


def test_the_charts_of_a_large_organisation_draw_the_busiest_and_most_overlapping_only(
        page_world, client_as, monkeypatch):
    monkeypatch.setattr("findings.views.CHART_DEPARTMENTS", 3)
    departments = DepartmentFactory.create_batch(6)
    for first, second in zip(departments, departments[1:], strict=False):
        duty = DutyFactory()
        for department in (first, second):
            AssignmentFactory(duty=duty, department=department, raci=Raci.RESPONSIBLE)
    html = client_as("viewer").get("/findings/").content.decode()
    load, overlap = html.split("<title>Load per department</title>")[1].split(
        "<title>Departments sharing Responsible</title>")
    names = list(Department.objects.values_list("name_en", flat=True))
    assert len([name for name in names if f">{name}<" in load.split("</svg>")[0]]) == 3
    drawn = [name for name in names if f">{name}<" in overlap.split("</svg>")[0]]
    assert 2 <= len(drawn) <= 3
    table = html.split("The same as a table")[1].split("</table>")[0]
    assert all(department.name in table for department in departments)
