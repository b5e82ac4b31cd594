"""Every write of the departments app, and the one write path of every registry record.

`record_create`, `record_update` and `record_delete` serve both apps: each checks
DESIGN.md §6 (registry.permissions), validates the whole object with `full_clean()` and
saves it with the acting user on its history row. `user=None` is a trusted caller (a
management command) and skips the permission check.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from registry.permissions import CONTAINER, can_change, can_create, can_delete


def _require(allowed, user):
    if user is not None and not allowed:
        raise PermissionDenied(_("You may not change this part of the registry."))


def history_stamp(instance, *, user, reason=None):
    """Name the acting user (and a reason) on the history row the next save or delete writes."""
    instance._history_user = user if user is not None and user.is_authenticated else None
    if reason:
        instance._change_reason = reason
    return instance


def _save(instance, *, user, reason):
    instance.full_clean()
    history_stamp(instance, user=user, reason=reason)
    instance.save()
    return instance


@transaction.atomic
def record_create(*, user, model, data, reason=None):
    """A new `model` saved from field values, if `user` may add it where it is placed."""
    instance = model(**data)
    _require(user is None or can_create(user, instance), user)
    return _save(instance, user=user, reason=reason)


@transaction.atomic
def record_update(*, user, instance, data, reason=None):
    """`instance` with `data` applied and saved, if `user` may change it, and may still
    change it where `data` moves it (a role into another department)."""
    _require(user is None or can_change(user, instance), user)
    container = CONTAINER.get(type(instance), (None,))[0]
    before = getattr(instance, f"{container}_id") if container else None
    for field, value in data.items():
        setattr(instance, field, value)
    if container and getattr(instance, f"{container}_id") != before:
        _require(user is None or can_change(user, instance), user)
    return _save(instance, user=user, reason=reason)


@transaction.atomic
def record_delete(*, user, instance, reason=None):
    """Delete `instance` if `user` may; ProtectedError (nothing deleted) while it is in use."""
    _require(user is None or can_delete(user, instance), user)
    history_stamp(instance, user=user, reason=reason)
    instance.delete()


@transaction.atomic
def department_delete(*, user, department, reason=None):
    """Delete a department; the processes it owned lose their owner, each with a history row
    (the database's SET NULL would change them without one)."""
    _require(user is None or can_delete(user, department), user)
    for process in department.owned_processes.all():
        process.owner = None
        history_stamp(process, user=user, reason=reason)
        process.save()
    record_delete(user=user, instance=department, reason=reason)
