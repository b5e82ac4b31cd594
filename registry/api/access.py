"""DRF permission classes: thin adapters over registry.permissions (docs/permissions.md)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from registry.permissions import can_change, can_create_any, can_delete, can_read


class ReadAccess(BasePermission):
    """Reads need a login unless REGISTRY_PUBLIC_READ; other methods need a login."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return can_read(request.user)
        return request.user.is_authenticated


class RecordAccess(ReadAccess):
    """CRUD: create needs a place the user may add to; edits and deletes are checked on the
    object. Services check the object again, where it lands, before they write."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if getattr(view, "action", None) == "create":
            return can_create_any(request.user, view.get_queryset().model)
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        if request.method == "DELETE":
            return can_delete(request.user, obj)
        return can_change(request.user, obj)
