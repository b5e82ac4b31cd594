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

from tests.factories import DepartmentFactory, ProcessFactory

REGISTRY_APPS = ("departments", "responsibilities")
# The logged-in members of the cast, as tests/conftest.py makes them.
CAST = ("viewer", "editor", "dept_admin", "process_editor", "outsider", "superuser")


def cast_create(own_department, own_process):
    """{role: user} of the cast, the same users as the fixtures of tests/conftest.py."""
    users = get_user_model().objects

    def make(username, **extra):
        return users.create_user(username, f"{username}@example.com", "pw", **extra)

    editor = make("editor")
    editor.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=REGISTRY_APPS))
    dept_admin = make("dept_admin")
    assign_perm("departments.change_department", dept_admin, own_department)
    process_editor = make("process_editor")
    assign_perm("responsibilities.change_process", process_editor, own_process)
    outsider = make("outsider")
    assign_perm("departments.change_department", outsider, DepartmentFactory(code="other-dept"))
    assign_perm("responsibilities.change_process", outsider, ProcessFactory(code="other-process"))
    return {
        "viewer": make("viewer"), "editor": editor, "dept_admin": dept_admin,
        "process_editor": process_editor, "outsider": outsider,
        "superuser": users.create_superuser("root", "root@example.com", "pw"),
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
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            built = world_with_cast(world_create)
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
