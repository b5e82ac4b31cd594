from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from departments.models import Department, Membership, Person, Role
from departments.selectors import department_list, membership_list, person_list, role_list
from registry.admin import ContainedInline, DeletesThroughServices, RegistryAdmin


class RoleInline(ContainedInline, admin.TabularInline):
    model = Role
    fields = ["code", "name_en", "name_zh_hans", "is_active"]
    extra = 0
    show_change_link = True


class MembershipInline(ContainedInline, admin.TabularInline):
    model = Membership
    fields = ["person", "is_primary", "start_date", "end_date"]
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(Department)
class DepartmentAdmin(RegistryAdmin):
    selector = department_list
    list_display = ["code", "name", "parent", "email", "chat", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["code", "name_en", "name_zh_hans", "description_en", "description_zh_hans"]
    autocomplete_fields = ["parent"]
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(RegistryAdmin):
    selector = role_list
    list_display = ["code", "name", "department", "is_approver", "is_active"]
    list_filter = ["is_active", "is_approver", "department"]
    list_select_related = ["department"]
    search_fields = ["code", "name_en", "name_zh_hans", "description_en", "description_zh_hans",
                     "department__name_en", "department__name_zh_hans"]
    autocomplete_fields = ["department"]
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(RegistryAdmin):
    selector = person_list
    list_display = ["name", "email", "phone", "chat", "notify", "is_active"]
    list_filter = ["is_active", "notify", "language"]
    search_fields = ["name_en", "name_zh_hans", "email", "phone", "chat"]
    autocomplete_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(RegistryAdmin):
    selector = membership_list
    list_display = ["person", "role", "is_primary", "start_date", "end_date"]
    list_filter = ["is_primary", "role__department"]
    list_select_related = ["person", "role__department"]
    search_fields = ["person__name_en", "person__name_zh_hans", "role__code", "role__name_en",
                     "role__name_zh_hans"]
    autocomplete_fields = ["person", "role"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class LoginAdmin(DeletesThroughServices, UserAdmin):
    """Django's user admin, deleting through the record service: the person a login belonged
    to keeps a history row saying who unlinked it."""
