"""Every API route × every role gets the status of tests/access.py; a write that succeeds
changes what its row says, with one history row per object naming the user; a write that
does not succeed changes nothing at all."""

import json
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve
from rest_framework.test import APIClient

from tests.access import ROLES, ROUTES, Upload, api_url_names
from tests.api_world import world_create
from tests.module_world import built_once
from tests.routes import url_methods
from tests.snapshots import Change, WriteCheck, registry_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """tests/api_world.py's world and the cast, built once for every case of this module."""
    yield from built_once(django_db_blocker, world_create)


@pytest.fixture
def ids(module_world):
    return {name: getattr(module_world.world, name).pk
            for name in ("own_person", "own_membership", "own_assignment")}


@pytest.fixture
def cast(module_world, db):
    return module_world.cast()


def fill(value, ids):
    """The route's path, body or expected changes with `{own_person}`-style placeholders
    replaced by ids."""
    if isinstance(value, Change):
        return replace(value, lookup=fill(value.lookup, ids), values=fill(value.values, ids))
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [fill(item, ids) for item in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    return value.format(**ids) if isinstance(value, str) else value


def send(client, route, path, body):
    if route.multipart:
        files = {key: SimpleUploadedFile(value.name, value.content)
                 if isinstance(value, Upload) else value for key, value in body.items()}
        return getattr(client, route.method.lower())(path, files, format="multipart")
    return client.generic(route.method, path, json.dumps(body) if body else "",
                          content_type="application/json")


# HEAD and OPTIONS answer alike for every logged-in user: one of them stands for all.
PROBE_ROLES = ("anonymous", "viewer")


def table(routes):
    """(route, role) for every role, or for PROBE_ROLES on HEAD and OPTIONS."""
    return [pytest.param(route, role, id=f"{route}-{role}") for route in routes
            for role in (PROBE_ROLES if route.method in ("HEAD", "OPTIONS") else ROLES)]


@pytest.mark.parametrize(("route", "role"), table(ROUTES))
def test_each_role_gets_the_status_the_access_table_promises(route, role, ids, cast):
    path, body = fill(route.path, ids), fill(route.body, ids)
    assert resolve(urlsplit(path).path).view_name == route.name
    client = APIClient()
    if cast[role] is not None:
        client.force_authenticate(cast[role])
    succeeds = role in route.allowed and route.status < 400
    check = WriteCheck(fill(route.expect, ids)) if succeeds and route.expect else None
    before = registry_snapshot() if route.is_write and check is None else None
    response = send(client, route, path, body)
    assert response.status_code == route.expected(role), response.content[:300]
    if check is not None:
        check.assert_done(cast[role])
    elif before is not None:
        assert registry_snapshot() == before, "a write that did not succeed changed rows"


def test_every_api_url_and_method_is_in_the_access_table():
    missing = url_methods(api_url_names()) - {(route.name, route.method) for route in ROUTES}
    assert not missing, f"add these routes to tests/access.py: {sorted(missing)}"


def test_the_access_table_names_only_urls_and_methods_that_exist():
    """A 405 row names a method the view does not answer; every other row, one it does."""
    assert {route.name for route in ROUTES} <= api_url_names()
    accepted = url_methods(api_url_names())
    assert [str(route) for route in ROUTES
            if ((route.name, route.method) in accepted) == (route.status == 405)] == []


def test_every_write_that_may_succeed_says_what_it_changes():
    """Only a write that changes nothing when it succeeds (a dry run, a bad file) may leave
    `expect` empty."""
    silent = {str(route) for route in ROUTES
              if route.is_write and route.status < 400 and not route.expect}
    assert silent == {"POST /api/v1/matrix/import/ (dry run)", "POST /api/v1/handover/ (dry run)"}
