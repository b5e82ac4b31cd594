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
from django.contrib.auth.models import Permission
from guardian.shortcuts import assign_perm
from rest_framework.test import APIClient

from tests.factories import DepartmentFactory, ProcessFactory

REGISTRY_APPS = ("departments", "responsibilities")

# The two small organisations the API and the page tests speak in terms of.
pytest_plugins = ["tests.api_world", "tests.page_world"]


@pytest.fixture
def make_user(django_user_model):
    def make(username, **extra):
        email = f"{username}@example.com"
        return django_user_model.objects.create_user(username, email, "pw", **extra)

    return make


@pytest.fixture
def viewer(make_user):
    return make_user("viewer")


@pytest.fixture
def editor(make_user):
    user = make_user("editor")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=REGISTRY_APPS)
    )
    return user


@pytest.fixture
def own_department(db):
    return DepartmentFactory(code="own-dept", name="Own department")


@pytest.fixture
def own_process(own_department):
    return ProcessFactory(code="own-process", name="Own process", owner=own_department)


@pytest.fixture
def dept_admin(make_user, own_department):
    user = make_user("dept_admin")
    assign_perm("departments.change_department", user, own_department)
    return user


@pytest.fixture
def process_editor(make_user, own_process):
    user = make_user("process_editor")
    assign_perm("responsibilities.change_process", user, own_process)
    return user


@pytest.fixture
def outsider(make_user):
    user = make_user("outsider")
    assign_perm("departments.change_department", user, DepartmentFactory(code="other-dept"))
    assign_perm("responsibilities.change_process", user, ProcessFactory(code="other-process"))
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "pw")


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
