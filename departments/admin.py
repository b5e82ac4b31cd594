from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from departments.models import Department, Membership, Person, Role


class RegistryAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    """Object permissions (guardian) and the change history on every registry model."""


class RoleInline(admin.TabularInline):
    model = Role
    fields = ["code", "name", "is_active"]
    extra = 0
    show_change_link = True


class MembershipInline(admin.TabularInline):
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
