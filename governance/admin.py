"""Proposals and confirmation campaigns in the admin, to look at: they change only through their
pages and the API, where consent is asked and given (governance.services) and owners answer
(governance.campaigns). Webhooks, to subscribe other systems."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from governance.models import (
    Answer,
    Campaign,
    CampaignItem,
    EventType,
    Notification,
    Proposal,
    ProposalCell,
    Webhook,
)
from governance.webhooks import delivery_log, webhook_delete, webhook_save
from registry.admin import LookOnly


class CellInline(LookOnly, admin.TabularInline):
    model = ProposalCell
    fields = readonly_fields = ["duty", "department", "role", "before", "after"]
    extra = 0


class AnswerInline(LookOnly, admin.TabularInline):
    model = Answer
    fields = readonly_fields = ["round", "department", "verdict", "reason", "by", "automatic",
                                "at"]
    extra = 0


@admin.register(Proposal)
class ProposalAdmin(LookOnly, admin.ModelAdmin):
    list_display = ["id", "title", "state", "round", "author", "created_at", "closed_at"]
    list_filter = ["state"]
    list_select_related = ["author"]
    search_fields = ["title", "reason", "author__username"]
    fields = readonly_fields = ["title", "reason", "author", "state", "round", "created_at",
                                "opened_at", "closed_at"]
    inlines = [CellInline, AnswerInline]


@admin.register(Campaign)
class CampaignAdmin(LookOnly, admin.ModelAdmin):
    list_display = ["title", "department", "process", "deadline", "opened_by", "opened_at",
                    "closed_at"]
    list_select_related = ["department", "process", "opened_by"]
    search_fields = ["title"]
    fields = readonly_fields = ["title", "department", "process", "deadline", "opened_by",
                                "opened_at", "reminded_on", "closed_at"]


@admin.register(CampaignItem)
class CampaignItemAdmin(LookOnly, admin.ModelAdmin):
    """A campaign's duties, one per person asked: there may be thousands, so a paged list
    rather than an inline of the campaign."""

    list_display = ["campaign", "duty", "person", "department", "answer", "answered_at"]
    list_filter = ["answer"]
    list_select_related = ["campaign", "duty", "person", "department"]
    search_fields = ["campaign__title", "duty__code", "person__name_en", "person__name_zh_hans"]
    fields = readonly_fields = ["campaign", "duty", "person", "department", "answer", "reason",
                                "proposal", "answered_at"]



class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("events"), choices=EventType.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: every event."))
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")

    class Meta:
        model = Webhook
        fields = ["name", "url", "events", "is_active"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    """Subscriptions, with the latest deliveries; saved and deleted through the webhook
    services, so every process hears of the change. The secret is made on the first save."""

    form = WebhookForm
    list_display = ["name", "url", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    readonly_fields = ["secret", "deliveries"]

    def get_fields(self, request, obj=None):
        fields = ["name", "url", "events", "is_active"]
        return [*fields, *self.readonly_fields] if obj is not None else fields

    @admin.display(description=_("latest deliveries"))
    def deliveries(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html_join(
            mark_safe("<br>"), "{} · {} · {} · {} {}",  # noqa: S308 (a constant)
            ((delivery.event.type, delivery.get_state_display(), delivery.attempts,
              delivery.response_status or "", delivery.error) for delivery in delivery_log(obj)),
        ) or "—"

    def save_model(self, request, obj, form, change):
        webhook_save(obj)

    def delete_model(self, request, obj):
        webhook_delete(obj)

    def delete_queryset(self, request, queryset):
        for webhook in queryset:
            webhook_delete(webhook)


@admin.register(Notification)
class NotificationAdmin(LookOnly, admin.ModelAdmin):
    """What was (or is to be) mailed to whom, with its attempts and last error."""

    list_display = ["person", "kind", "immediate", "created_at", "sent_at", "attempts"]
    list_filter = ["kind", "immediate"]
    list_select_related = ["person"]
    search_fields = ["person__name_en", "person__name_zh_hans", "person__email"]
    fields = readonly_fields = ["person", "kind", "payload", "immediate", "created_at",
                                "sent_at", "attempts", "error"]
