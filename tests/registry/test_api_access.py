"""Every API route × every role gets the status of tests/access.py, and writes that are
refused change nothing."""

import json
from urllib.parse import urlsplit

import pytest
from django.urls import resolve

from tests.access import ROLES, ROUTES, api_url_names
from tests.api_world import history_count, newest_history

pytestmark = pytest.mark.django_db


def fill(value, ids):
    """The route's path or body with `{own_person}`-style placeholders replaced by ids."""
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, ids) for item in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    return value.format(**ids) if isinstance(value, str) else value


@pytest.fixture
def ids(world):
    return {name: getattr(world, name).pk
            for name in ("own_person", "own_membership", "own_assignment")}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_each_role_gets_the_status_the_access_table_promises(
    route, role, ids, api_client_as, request
):
    path, body = fill(route.path, ids), fill(route.body, ids)
    assert resolve(urlsplit(path).path).view_name == route.name
    client = api_client_as(role)
    before = history_count()
    response = client.generic(
        route.method, path, json.dumps(body) if body else "", content_type="application/json"
    )
    assert response.status_code == route.expected(role), response.content[:300]
    if route.is_write and response.status_code < 300:
        assert history_count() > before
        assert newest_history()[0].history_user == request.getfixturevalue(role)
    elif route.is_write:
        assert history_count() == before


def test_every_api_url_is_in_the_access_table():
    missing = api_url_names() - {route.name for route in ROUTES}
    assert not missing, f"add these routes to tests/access.py: {sorted(missing)}"


def test_the_access_table_names_only_urls_that_exist():
    assert {route.name for route in ROUTES} <= api_url_names()
