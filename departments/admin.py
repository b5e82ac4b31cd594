from django.contrib import admin
from django.core.exceptions import PermissionDenied
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from departments.models import Department, Membership, Person, Role
from registry.permissions import (
    CONTAINER,
    can_change,
    can_change_any,
    can_create,
    can_create_any,
    can_delete,
    can_delete_any,
    can_read,
    changeable,
)


class RegistryAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    """Object permissions (guardian) and the change history on every registry model.

    Who may add, change and delete what is registry.permissions (DESIGN.md §6), exactly as in
    the API and the pages: every staff user reads; a department or process editor changes
    their own objects, and may only place new ones inside them.
    """

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and can_read(request.user)

    def has_add_permission(self, request):
        return can_create_any(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return can_change_any(request.user, self.model)
        return can_change(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return can_delete_any(request.user, self.model)
        return can_delete(request.user, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A new or moved object may only land in a container the user may change.
        if CONTAINER.get(self.model, (None,))[0] == db_field.name:
            kwargs["queryset"] = changeable(request.user, db_field.related_model.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # Checked again where the object lands: an optional container (a duty's process)
        # may have been emptied.
        if not (can_change if change else can_create)(request.user, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


class ContainedInline:
    """Rows inside a container (roles in a department, duties in a process...) may be edited
    by whoever may change the container."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and can_read(request.user)

    def has_add_permission(self, request, obj=None):
        if obj is None:
            return can_create_any(request.user, self.model)
        return can_change(request.user, obj)

    has_change_permission = has_delete_permission = has_add_permission


class RoleInline(ContainedInline, admin.TabularInline):
    model = Role
    fields = ["code", "name", "is_active"]
    extra = 0
    show_change_link = True


class MembershipInline(ContainedInline, admin.TabularInline):
    model = Membership
    fields = ["person", "is_primary", "start_date", "end_date"]
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(Department)
class DepartmentAdmin(RegistryAdmin):
    list_display = ["code", "name", "parent", "email", "chat", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["code", "name", "description"]
    autocomplete_fields = ["parent"]
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(RegistryAdmin):
    list_display = ["code", "name", "department", "is_active"]
    list_filter = ["is_active", "department"]
    list_select_related = ["department"]
    search_fields = ["code", "name", "description", "department__name"]
    autocomplete_fields = ["department"]
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(RegistryAdmin):
    list_display = ["name", "email", "phone", "chat", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "email", "phone", "chat"]
    autocomplete_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(RegistryAdmin):
    list_display = ["person", "role", "is_primary", "start_date", "end_date"]
    list_filter = ["is_primary", "role__department"]
    list_select_related = ["person", "role__department"]
    search_fields = ["person__name", "role__code", "role__name"]
    autocomplete_fields = ["person", "role"]
