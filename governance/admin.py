"""Proposals in the admin, to look at: a proposal changes only through its pages and the API,
where consent is asked and given (governance.services)."""

from django.contrib import admin
from django.urls import reverse

from governance.models import Answer, Proposal, ProposalCell


class ReadOnly:
    """Staff may look; nobody adds, changes or deletes here."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    has_module_permission = has_view_permission

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CellInline(ReadOnly, admin.TabularInline):
    model = ProposalCell
    fields = readonly_fields = ["duty", "department", "role", "before", "after"]
    extra = 0


class AnswerInline(ReadOnly, admin.TabularInline):
    model = Answer
    fields = readonly_fields = ["round", "department", "verdict", "reason", "by", "automatic",
                                "at"]
    extra = 0


@admin.register(Proposal)
class ProposalAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["id", "title", "state", "round", "author", "created_at", "closed_at"]
    list_filter = ["state"]
    list_select_related = ["author"]
    search_fields = ["title", "reason", "author__username"]
    fields = readonly_fields = ["title", "reason", "author", "state", "round", "created_at",
                                "opened_at", "closed_at"]
    inlines = [CellInline, AnswerInline]

    def view_on_site(self, obj):
        return reverse("governance:proposal_detail", args=[obj.pk])
