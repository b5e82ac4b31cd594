"""The one write path of every registry record: permission, `full_clean()`, history.

`record_create`, `record_update` and `record_delete` serve every app, the API and the admin:
each checks the permission rules (registry.permissions), validates the whole object with
`full_clean()` and saves it with the acting user on its history row. `user=None` is a trusted
caller (a management command) and skips the permission check.
"""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from registry.permissions import can_change, can_create, can_delete, container_field


def require(allowed, user):
    """PermissionDenied unless `allowed`, or the caller is trusted (`user` is None)."""
    if user is not None and not allowed:
        raise PermissionDenied(_("You may not change this part of the registry."))


def history_stamp(instance, *, user, reason=None):
    """Name the acting user (and a reason) on the history row the next save or delete writes."""
    instance._history_user = user if user is not None and user.is_authenticated else None
    if reason:
        instance._change_reason = reason
    return instance


def record_save(instance, *, user, reason=None):
    """Validate the whole object and save it with a history row naming `user` (no check)."""
    instance.full_clean()
    history_stamp(instance, user=user, reason=reason)
    instance.save()
    return instance


@transaction.atomic
def record_create(*, user, instance, reason=None):
    """Save the new `instance` if `user` may add it where its foreign keys place it."""
    require(user is None or can_create(user, instance), user)
    return record_save(instance, user=user, reason=reason)


@transaction.atomic
def record_update(*, user, instance, data, reason=None):
    """`instance` with `data` applied and saved, if `user` may change it, and may still
    change it where `data` moves it (a role into another department)."""
    require(user is None or can_change(user, instance), user)
    container = container_field(type(instance))
    before = getattr(instance, f"{container}_id") if container else None
    for field, value in data.items():
        setattr(instance, field, value)
    if container and getattr(instance, f"{container}_id") != before:
        require(user is None or can_change(user, instance), user)
    return record_save(instance, user=user, reason=reason)


def _unlink_dependents(instance, *, user, reason):
    """Tracked objects that point at `instance` through a SET_NULL key (the processes a
    department owns, the person of a login) lose the reference one by one, each with a history
    row: the database's SET NULL would change them without one."""
    for relation in instance._meta.related_objects:
        if relation.on_delete is models.SET_NULL and hasattr(relation.related_model, "history"):
            name = relation.field.name
            for dependent in relation.related_model._default_manager.filter(**{name: instance}):
                setattr(dependent, name, None)
                record_save(dependent, user=user, reason=reason)


@transaction.atomic
def record_delete(*, user, instance, reason=None):
    """Delete `instance` if `user` may; ProtectedError (nothing deleted) while it is in use.

    Works for any model, logins included; what pointed at it through a SET_NULL key is
    unlinked first with a history row (cascaded deletes record theirs through their signals).
    """
    require(user is None or can_delete(user, instance), user)
    _unlink_dependents(instance, user=user, reason=reason)
    history_stamp(instance, user=user, reason=reason)
    instance.delete()
