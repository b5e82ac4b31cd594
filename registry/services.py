"""The one write path of every registry record: permission, `full_clean()`, history.

`record_create`, `record_update` and `record_delete` serve every app, the API and the admin:
each checks the permission rules (registry.permissions), validates the whole object with
`full_clean()` and saves it with the acting user on its history row. `user=None` is a trusted
caller (a management command) and skips the permission check.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from registry.changes import noted, write_transaction
from registry.permissions import (
    can_change,
    can_create,
    can_delete,
    container_field,
    container_guarded,
)


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


def bulk_create_recorded(model, objects, *, user, reason, batch_size=None):
    """Insert `objects` (already validated) in batches, each with a history row naming `user`
    and `reason`, and note those rows as the write's changes (registry.changes)."""
    objects = model._default_manager.bulk_create(objects, batch_size=batch_size)
    author = user if user is not None and user.is_authenticated else None
    noted(model.history.bulk_history_create(objects, batch_size=batch_size, default_user=author,
                                            default_change_reason=reason))
    return objects


def record_save(instance, *, user, reason=None):
    """Validate the whole object and save it with a history row naming `user` (no check)."""
    instance.full_clean()
    history_stamp(instance, user=user, reason=reason)
    instance.save()
    return instance


@write_transaction()
def record_create(*, user, instance, reason=None):
    """Save the new `instance` if `user` may add it where its foreign keys place it."""
    require(user is None or can_create(user, instance), user)
    return record_save(instance, user=user, reason=reason)


@write_transaction()
def record_update(*, user, instance, data, reason=None):
    """`instance` with `data` applied and saved, if `user` may change it, and may still
    change it where `data` moves it (a role into another department)."""
    require(user is None or can_change(user, instance), user)
    container = container_field(type(instance))
    before = getattr(instance, f"{container}_id") if container else None
    guarded = {field: getattr(instance, field) for field in container_guarded(type(instance))}
    for field, value in data.items():
        setattr(instance, field, value)
    if container and getattr(instance, f"{container}_id") != before:
        require(user is None or can_change(user, instance), user)
    if any(getattr(instance, field) != value for field, value in guarded.items()):
        require(user is None or can_change(user, getattr(instance, container)), user)
    return record_save(instance, user=user, reason=reason)


# The history reasons that tie the rows a deletion took along to that deletion, so a restore
# can bring them back (record_restore).
CASCADED = gettext_noop("deleted along with what it belonged to")
UNLINKED = gettext_noop("unlinked from something deleted")
RESTORED = gettext_noop("restored")
RESTORED_ALONG = gettext_noop("restored along with what it belongs to")


def _tracked_relations(model, on_delete):
    """The relations to `model` from tracked models whose key does `on_delete`."""
    return [relation for relation in model._meta.related_objects
            if relation.on_delete is on_delete and hasattr(relation.related_model, "history")]


def _unlink_dependents(instance, *, user):
    """Tracked objects that point at `instance` through a SET_NULL key (the processes a
    department owns, the person of a login) lose the reference one by one, each with a history
    row: the database's SET NULL would change them without one."""
    for relation in _tracked_relations(type(instance), models.SET_NULL):
        name = relation.field.name
        for dependent in relation.related_model._default_manager.filter(**{name: instance}):
            setattr(dependent, name, None)
            record_save(dependent, user=user, reason=UNLINKED)


@write_transaction()
def record_delete(*, user, instance, reason=None):
    """Delete `instance` if `user` may; ProtectedError (nothing deleted) while it is in use.

    Works for any model, logins included. What pointed at it through a SET_NULL key is
    unlinked first, and what its deletion cascades to is deleted with it, each with a history
    row naming the user and saying why, so record_restore can bring all of it back.
    """
    require(user is None or can_delete(user, instance), user)
    _unlink_dependents(instance, user=user)
    collector = Collector(using=router.db_for_write(type(instance)), origin=instance)
    collector.collect([instance])
    for objects in collector.data.values():
        for obj in objects:
            if obj is not instance:
                history_stamp(obj, user=user, reason=CASCADED)
    history_stamp(instance, user=user, reason=reason)
    collector.delete()


def _deletion(model, pk=None, code=None):
    """(the history row of the object's deletion, the moment of the row before it); the
    object is named by id or, for the last object deleted with that code, by code."""
    if code is not None:
        pk = (model.history.filter(code=code).order_by("-history_date", "-history_id")
              .values_list("id", flat=True).first())
    rows = list(model.history.filter(id=pk).order_by("-history_date", "-history_id")[:2])
    if not rows or rows[0].history_type != "-":
        raise ValidationError(_("There is no deleted %(model)s by that name.")
                              % {"model": model._meta.verbose_name})
    return rows[0], rows[1].history_date if len(rows) > 1 else None


def _taken_along(model, pk, deleted, since):
    """The history rows of what the deletion (`deleted`) cascaded to or unlinked from `model`
    object `pk`: rows with that reason, written between `since` and the deletion."""
    window = {"history_date__lte": deleted.history_date}
    if since is not None:
        window["history_date__gt"] = since
    cascaded = [
        row for relation in _tracked_relations(model, models.CASCADE)
        for row in relation.related_model.history.filter(
            history_type="-", history_change_reason=CASCADED,
            **{relation.field.attname: pk}, **window).order_by("history_id")
    ]
    unlinked = [
        (relation.field, row) for relation in _tracked_relations(model, models.SET_NULL)
        for row in relation.related_model.history.filter(
            history_type="~", history_change_reason=UNLINKED, **{relation.field.attname: None},
            **window).order_by("history_id")
        if getattr(row.prev_record, relation.field.attname, None) == pk
    ]
    return cascaded, unlinked


def _bring_back(row, *, user, reason):
    """Save the object of history row `row` again, as it was, and what its deletion took."""
    model = row.instance_type
    instance = row.instance
    require(user is None or can_create(user, instance), user)
    if model._default_manager.filter(pk=instance.pk).exists():
        raise ValidationError(_("This %(model)s exists already.")
                              % {"model": model._meta.verbose_name})
    deleted, since = _deletion(model, instance.pk)
    cascaded, unlinked = _taken_along(model, instance.pk, deleted, since)
    record_save(instance, user=user, reason=reason)
    for child in cascaded:
        _bring_back(child, user=user, reason=RESTORED_ALONG)
    for field, row in unlinked:
        dependent = field.model._default_manager.filter(pk=row.id).first()
        if dependent is not None and getattr(dependent, field.attname) is None:
            setattr(dependent, field.attname, instance.pk)
            record_save(dependent, user=user, reason=RESTORED_ALONG)
    return instance


@write_transaction()
def record_restore(*, user, model, pk=None, code=None):
    """The deleted `model` object `pk` (or the last one deleted with `code`) saved again as it
    was when deleted, with what its deletion took along (a duty's letters, a role's memberships)
    and the references it unlinked (the processes a department owned), each with a history row
    naming `user`.

    ValidationError (nothing restored) when the object is not deleted, exists again, or
    something it refers to is gone; PermissionDenied unless `user` may create it there.
    """
    deleted, _since = _deletion(model, pk, code)
    return _bring_back(deleted, user=user, reason=RESTORED)
