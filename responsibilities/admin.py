from django.contrib import admin

from registry.admin import ContainedInline, RegistryAdmin
from responsibilities.models import Assignment, Duty, Process
from responsibilities.selectors.records import assignment_list, duty_list, process_list


class DutyInline(ContainedInline, admin.TabularInline):
    model = Duty
    fields = ["step", "code", "title_en", "title_zh_hans", "is_active"]
    ordering = ["step"]
    extra = 0
    show_change_link = True


class AssignmentInline(ContainedInline, admin.TabularInline):
    model = Assignment
    fields = ["raci", "department", "role", "note"]
    autocomplete_fields = ["department", "role"]
    extra = 1


@admin.register(Process)
class ProcessAdmin(RegistryAdmin):
    selector = process_list
    list_display = ["code", "name", "kind", "owner", "channel", "is_active"]
    list_filter = ["kind", "is_active", "owner"]
    list_select_related = ["owner"]
    search_fields = ["code", "name_en", "name_zh_hans", "description_en", "description_zh_hans"]
    autocomplete_fields = ["owner"]
    inlines = [DutyInline]


@admin.register(Duty)
class DutyAdmin(RegistryAdmin):
    selector = duty_list
    list_display = ["code", "title", "process", "step", "review_by", "is_control", "is_active"]
    list_filter = ["is_active", "is_control", "process", "process__kind"]
    list_select_related = ["process"]
    search_fields = ["code", "title_en", "title_zh_hans", "description_en",
                     "description_zh_hans"]
    autocomplete_fields = ["process"]
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(RegistryAdmin):
    selector = assignment_list
    list_display = ["duty", "raci", "department", "role", "note"]
    list_filter = ["raci", "department", "role__department", "duty__process"]
    list_select_related = ["duty", "department", "role__department"]
    search_fields = ["duty__code", "duty__title_en", "duty__title_zh_hans", "department__code",
                     "role__code"]
    autocomplete_fields = ["duty", "department", "role"]
