"""An organisation and the cast of tests/conftest.py, built once for a whole test module.

The access tables run every route for every role: hundreds of cases over the same small
organisation. Building it once per module rather than once per case, in a transaction rolled
back when the module ends, leaves nothing behind for the other modules; each case still runs
in its own savepoint (pytest-django's `db`), rolled back after it, so no case sees another's
writes. The users are fetched afresh for every case, so no permission cache (Django's
`_perm_cache`, guardian's `_guardian_perms_cache`) outlives one.

A test module asks for it with a module-scoped fixture:

    @pytest.fixture(scope="module")
    def module_world(django_db_setup, django_db_blocker):
        yield from built_once(django_db_blocker, world_create)
"""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from guardian.shortcuts import assign_perm
from rest_framework.test import APIClient

from tests.factories import DepartmentFactory, ProcessFactory

REGISTRY_APPS = ("departments", "responsibilities")
# The logged-in members of the cast, as tests/conftest.py makes them.
CAST = ("viewer", "editor", "dept_admin", "process_editor", "outsider", "superuser")


def user_make(username, **extra):
    """A user with the password "pw"."""
    return get_user_model().objects.create_user(username, f"{username}@example.com", "pw",
                                                **extra)


def editor_make():
    """The global add/change/delete permissions on every registry model."""
    user = user_make("editor")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=REGISTRY_APPS))
    return user


def dept_admin_make(own_department):
    """guardian `change_department` on `own_department` only."""
    user = user_make("dept_admin")
    assign_perm("departments.change_department", user, own_department)
    return user


def process_editor_make(own_process):
    """guardian `change_process` on `own_process` only."""
    user = user_make("process_editor")
    assign_perm("responsibilities.change_process", user, own_process)
    return user


def outsider_make():
    """Object permissions on some *other* department and process."""
    user = user_make("outsider")
    assign_perm("departments.change_department", user, DepartmentFactory(code="other-dept"))
    assign_perm("responsibilities.change_process", user, ProcessFactory(code="other-process"))
    return user


def superuser_make():
    return get_user_model().objects.create_superuser("root", "root@example.com", "pw")


def cast_create(own_department, own_process):
    """{role: user} of the cast, the same users as the fixtures of tests/conftest.py."""
    return {
        "viewer": user_make("viewer"), "editor": editor_make(),
        "dept_admin": dept_admin_make(own_department),
        "process_editor": process_editor_make(own_process), "outsider": outsider_make(),
        "superuser": superuser_make(),
    }


class ModuleWorld(SimpleNamespace):
    """`world`: what `world_create` returned; `cast()`: {role: user}, fetched afresh."""

    def cast(self):
        users = get_user_model().objects.in_bulk(self.user_ids.values())
        return {"anonymous": None,
                **{role: users[user_id] for role, user_id in self.user_ids.items()}}


def world_with_cast(world_create):
    own_department = DepartmentFactory(code="own-dept", name="Own department")
    own_process = ProcessFactory(code="own-process", name="Own process", owner=own_department)
    users = cast_create(own_department, own_process)
    return ModuleWorld(world=world_create(own_department, own_process),
                       user_ids={role: user.pk for role, user in users.items()})


def built_once(django_db_blocker, world_create):
    """A module-scoped fixture's body: yields a ModuleWorld made of
    `world_create(own_department, own_process)` and the cast, inside a transaction that is
    rolled back when the fixture is torn down. The database stays blocked in between: each
    test opens it with pytest-django's `db`, whose transaction nests as a savepoint."""
    yield from kept_once(django_db_blocker, lambda: world_with_cast(world_create))


def kept_once(django_db_blocker, build):
    """`built_once` for any `build()` (the demo organisation, say): yields what it returned,
    its rows kept for the module in a transaction rolled back when the fixture is torn down."""
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def clients_as(request, client_class, log_in):
    """`make(role)`: a `client_class` logged in with `log_in(client, user)` as that member of
    the cast ("anonymous": not logged in), the user taken from the fixture of that name."""

    def make(role):
        client = client_class()
        if role != "anonymous":
            log_in(client, request.getfixturevalue(role))
        return client

    return make


def client_of(user=None):
    """An API client logged in as `user` (None: anonymous)."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client
