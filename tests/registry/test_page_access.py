"""Who may open which page: the table of access.py, route × role."""

import pytest
from django.urls import reverse

from responsibilities.models import Assignment
from tests.page_access import NOT_PAGES, ROLES, ROUTES, page_url_names

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_role_gets_the_expected_status(route, role, page_world, client_as):
    response = route.call(client_as(role))
    assert response.status_code == route.expected(role), response.content[:500]
    if response.status_code == 302 and role == "anonymous" and route.name != "set_language":
        assert response.url.startswith(reverse("login") + "?next=")


def test_every_page_route_is_in_the_table():
    covered = {route.name for route in ROUTES} | set(NOT_PAGES)
    assert page_url_names() - covered == set()


@pytest.mark.parametrize("role", ["viewer", "outsider", "dept_admin", "process_editor"])
def test_forbidden_cell_post_changes_nothing(role, page_world, client_as):
    before = sorted(Assignment.objects.filter(duty__code="far-duty").values_list("raci", "role"))
    response = client_as(role).post(reverse("responsibilities:matrix_cell_edit"), {
        "duty": "far-duty", "party": "role:far-role", "letters": ["C"], "expect": "AR"})
    assert response.status_code == 403
    after = sorted(Assignment.objects.filter(duty__code="far-duty").values_list("raci", "role"))
    assert after == before


def test_public_read_lets_anonymous_visitors_read_but_not_edit(page_world, client, settings):
    settings.REGISTRY_PUBLIC_READ = True
    for route in ROUTES:
        if route.method == "GET" and route.name != "login" and route.status == 200:
            expected = 403 if route.name == "responsibilities:matrix_cell_edit" else 200
            assert client.get(route.url).status_code == expected, route
