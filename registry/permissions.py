"""Who may read, add, change and delete which registry object, in one place
(docs/permissions.md).

The API, the admin and the pages ask these functions; none of them writes its own rule.

- Superusers, and users with the global model permission, may do that to any object.
- A change permission on an object, global or from django-guardian, also covers everything
  inside it: a department covers its roles and their memberships; a process covers its duties
  and their assignments; a duty covers its assignments. So `change_process` on one process
  lets a user edit that process, add, edit and delete its duties and set their cells.
- Deleting an object itself needs `delete_<model>` (globally or on the object), or the
  change permission on what contains it (a process editor may delete the process's duties,
  not the process).
- People stand alone: no container covers them; the global permissions do, or a guardian
  permission on that person.
- Granting object permissions needs a right of its own (`can_grant`), never just the right to
  change some object of the model.
- Reading needs a login, unless `REGISTRY_PUBLIC_READ` is set.
"""

from django.conf import settings
from django.db.models import Q
from guardian.shortcuts import get_objects_for_user

ADD, CHANGE, DELETE = "add", "change", "delete"


def container_field(model):
    """The foreign key naming what contains an object of `model` (a role's `department`), as
    the model declares it in `container_field`; None for a model that stands alone. A change
    permission on the container covers the objects inside it."""
    return getattr(model, "container_field", None)


def container_guarded(model):
    """The fields of `model` that only those who may change its container may change, as the
    model declares them in `container_guarded` (a role's `is_approver`: who answers for the
    department is the department's to say)."""
    return getattr(model, "container_guarded", ())


def _container(model):
    """(foreign key, container model) of `model`, or None."""
    field = container_field(model)
    return (field, model._meta.get_field(field).related_model) if field else None


def permission_name(model, action):
    """`app_label.<action>_<model>`, the name Django and guardian use."""
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def container_paths(model):
    """[(lookup path, model)] of every container of `model`, nearest first."""
    paths, prefix = [], ""
    while (container := _container(model)) is not None:
        field, model = container
        prefix = f"{prefix}__{field}" if prefix else field
        paths.append((prefix, model))
    return paths


def _containers(obj):
    """The saved objects containing `obj`, nearest first (one query per missing relation)."""
    found = []
    while (field := container_field(type(obj))) is not None:
        if getattr(obj, f"{field}_id") is None:
            break
        obj = getattr(obj, field)
        found.append(obj)
    return found


def is_active_user(user):
    """True for a logged-in, active user."""
    return user is not None and user.is_authenticated and user.is_active


def _holds(user, action, obj):
    """The global permission, or the guardian permission on this saved object."""
    name = permission_name(type(obj), action)
    return user.has_perm(name) or (obj.pk is not None and user.has_perm(name, obj))


def can_read(user):
    """True when `user` may read the registry (anyone, under REGISTRY_PUBLIC_READ)."""
    return settings.REGISTRY_PUBLIC_READ or is_active_user(user)


def _may(user, action, obj):
    if not is_active_user(user):
        return False
    if user.is_superuser:
        return True
    own = user.has_perm(permission_name(type(obj), ADD)) if action == ADD else _holds(
        user, action, obj)
    return own or any(_holds(user, CHANGE, container) for container in _containers(obj))


def can_create(user, obj):
    """True when `user` may save the new, unsaved `obj` where its foreign keys place it."""
    return _may(user, ADD, obj)


def can_change(user, obj):
    """True when `user` may edit the saved `obj` (department, role, person, membership,
    process, duty or assignment)."""
    return _may(user, CHANGE, obj)


def can_delete(user, obj):
    """True when `user` may delete the saved `obj`."""
    return _may(user, DELETE, obj)


def _global_cover(user, model, action):
    """True when a global permission covers every object of `model` for `action`."""
    if user.is_superuser or user.has_perm(permission_name(model, action)):
        return True
    return any(user.has_perm(permission_name(outer, CHANGE)) for _, outer in container_paths(model))


def _guarded(user, model):
    """The objects of `model` on which `user` holds a guardian change permission (lazy)."""
    return get_objects_for_user(
        user, permission_name(model, CHANGE), model, accept_global_perms=False
    ).values("pk")


def changeable(user, queryset):
    """The objects of `queryset` that `user` may change: one query when evaluated."""
    model = queryset.model
    if not is_active_user(user):
        return queryset.none()
    if _global_cover(user, model, CHANGE):
        return queryset
    condition = Q(pk__in=_guarded(user, model))
    for path, outer in container_paths(model):
        condition |= Q(**{f"{path}__in": _guarded(user, outer)})
    return queryset.filter(condition)


def _may_some(user, model, action):
    if not is_active_user(user):
        return False
    if _global_cover(user, model, action):
        return True
    if action != ADD and get_objects_for_user(
        user, permission_name(model, action), model, accept_global_perms=False
    ).exists():
        return True
    return any(_changes_some(user, outer) for _, outer in container_paths(model))


def _changes_some(user, model):
    """True when `user` may change some object of `model`: remembered on the user object for
    the rest of the request, like Django's own permission cache, as a page asks it of the
    same containers for several models and actions."""
    known = user.__dict__.setdefault("_registry_changes_some", {})
    if model not in known:
        known[model] = changeable(user, model.objects.all()).exists()
    return known[model]


def can_create_any(user, model):
    """True when `user` may add an object of `model` somewhere: globally, or inside a
    container they may change (a role in their department, a duty in their process)."""
    return _may_some(user, model, ADD)


def can_change_any(user, model):
    """True when `user` may change at least one object of `model` (global or guardian)."""
    return _may_some(user, model, CHANGE)


def can_delete_any(user, model):
    """True when `user` may delete at least one object of `model` (global or guardian)."""
    return _may_some(user, model, DELETE)


# Granting object permissions is a right of its own: guardian's permissions on them.
GRANT = ("guardian.change_userobjectpermission", "guardian.change_groupobjectpermission")


def can_grant(user, obj):
    """True when `user` may grant or withdraw object permissions on `obj` (the admin's "Object
    permissions" pages): superusers, or holders of GRANT who may also change `obj` itself."""
    if not is_active_user(user):
        return False
    return user.is_superuser or (user.has_perms(GRANT) and can_change(user, obj))


def contents_addable(user, model, containers):
    """The objects of `containers` (a queryset of `model`'s container) inside which `user` may
    add a `model`: all of them with the global add permission on `model` (or a global change
    on the container's model), otherwise those `user` may change. One query when evaluated."""
    if is_active_user(user) and (user.is_superuser or user.has_perm(permission_name(model, ADD))):
        return containers
    return changeable(user, containers)


def contents_changeable(user, model, containers):
    """The objects of `containers` (a queryset of `model`'s container) inside which `user` may
    change objects of `model`: all of them with the global permission on `model`, otherwise
    those `user` may change. One query when evaluated."""
    if is_active_user(user) and (user.is_superuser
                                 or user.has_perm(permission_name(model, CHANGE))):
        return containers
    return changeable(user, containers)
