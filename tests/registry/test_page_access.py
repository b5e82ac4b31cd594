"""Who may open which page: the table of tests/page_access.py, route × role; a write that
succeeds changes what its row says, with one history row per object naming the user; a
write that does not succeed changes nothing at all."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from responsibilities.models import Assignment
from tests.module_world import built_once
from tests.page_access import LOGGED_IN, NOT_PAGES, ROLES, ROUTES, page_url_names
from tests.page_world import page_world_create
from tests.routes import url_methods
from tests.snapshots import WriteCheck, registry_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """tests/page_world.py's world and the cast, built once for every case of this module."""
    yield from built_once(django_db_blocker, page_world_create)


@pytest.fixture
def page_world(module_world, db):
    return module_world.world


@pytest.fixture
def cast(module_world, db):
    return module_world.cast()


@pytest.fixture(scope="module")
def sessions(module_world, django_db_blocker):
    """{role: session key} of each logged-in cast member, logged in once for the module (the
    session rows live in the module's transaction; a case that ends one gets it back when its
    savepoint is rolled back)."""
    with django_db_blocker.unblock():
        keys = {}
        for role, user in module_world.cast().items():
            if user is not None:
                client = Client()
                client.force_login(user)
                keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        return keys


@pytest.fixture
def client_as(sessions, db):
    """`client_as("viewer")`: a test Client logged in as that cast member ("anonymous": none)."""

    def make(role):
        client = Client()
        if role in sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
        return client

    return make


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_role_gets_the_expected_status(route, role, client_as, cast):
    client = client_as(role)
    succeeds = role in route.allowed and route.status < 400
    check = WriteCheck(route.expect) if succeeds and route.expect else None
    before = registry_snapshot() if route.is_write and check is None else None
    response = route.call(client)
    assert response.status_code == route.expected(role), response.content[:500]
    if response.status_code == 302 and role == "anonymous" and route.name != "set_language":
        assert response.url.startswith(reverse("login") + "?next=")
    if check is not None:
        check.assert_done(cast[role])
    elif before is not None:
        assert registry_snapshot() == before, "a write that did not succeed changed rows"


def test_every_page_route_and_method_is_in_the_table():
    names = page_url_names() - set(NOT_PAGES)
    missing = url_methods(names) - {(route.name, route.method) for route in ROUTES}
    assert not missing, f"add these routes to tests/page_access.py: {sorted(missing)}"
    assert names <= {route.name for route in ROUTES}


def test_the_table_names_only_urls_and_methods_that_exist():
    """A 405 row names a method the view does not answer; every other row, one it does."""
    assert {route.name for route in ROUTES} <= page_url_names()
    accepted = url_methods({route.name for route in ROUTES})
    assert [str(route) for route in ROUTES
            if ((route.name, route.method) in accepted) == (route.status == 405)] == []


def test_every_write_that_may_succeed_says_what_it_changes():
    """Only the writes that change no registry row when they succeed may leave `expect`
    empty: a preview, a form sent back with its errors, a log-in form, the language."""
    silent = {route.name for route in ROUTES
              if route.is_write and route.status < 400 and not route.expect}
    assert silent == {"spreadsheets:matrix_import", "findings:handover",
                      "departments:department_create", "login", "set_language"}


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
            # A page for those who may edit refuses anonymous visitors, who may edit nothing,
            # or sends them to log in.
            expected = {200} if route.allowed == LOGGED_IN else {302, 403}
            assert client.get(route.url).status_code in expected, route
