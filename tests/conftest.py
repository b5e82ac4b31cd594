"""The cast of users every test module speaks in terms of.

- anonymous: not logged in
- viewer: logged in, no permission: reads only
- editor: the global add/change/delete permissions on every registry model
- dept_admin: guardian `change_department` on `own_department` only
- process_editor: guardian `change_process` on `own_process` only
- outsider: object permissions on some *other* department and process
- superuser
"""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from tests.factories import DepartmentFactory, ProcessFactory
from tests.module_world import (
    dept_admin_make,
    editor_make,
    outsider_make,
    process_editor_make,
    superuser_make,
    user_make,
)

# The two small organisations the API and the page tests speak in terms of.
pytest_plugins = ["tests.api_world", "tests.page_world"]


@pytest.fixture
def make_user(db):
    return user_make


@pytest.fixture
def viewer(db):
    return user_make("viewer")


@pytest.fixture
def editor(db):
    return editor_make()


@pytest.fixture
def own_department(db):
    return DepartmentFactory(code="own-dept", name="Own department")


@pytest.fixture
def own_process(own_department):
    return ProcessFactory(code="own-process", name="Own process", owner=own_department)


@pytest.fixture
def dept_admin(own_department):
    return dept_admin_make(own_department)


@pytest.fixture
def process_editor(own_process):
    return process_editor_make(own_process)


@pytest.fixture
def outsider(db):
    return outsider_make()


@pytest.fixture
def superuser(db):
    return superuser_make()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def api_as(api_client):
    """`api_as(user)`: an API client logged in as that user (None stays anonymous)."""

    def login(user):
        if user is not None:
            api_client.force_authenticate(user)
        return api_client

    return login


@pytest.fixture(autouse=True)
def _each_test_starts_in_english():
    """A request in Chinese leaves its language active in the thread (LocaleMiddleware does
    not reset it): without this, what a test reads would depend on the tests before it."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _each_test_starts_with_an_empty_cache():
    """The API's request counts live in the cache: a test must not inherit the requests of the
    tests before it in the same process."""
    cache.clear()
