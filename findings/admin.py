"""The waivers in the admin: listed from findings.waivers, written through its services, so
the same checks and history apply as on the pages and in the API."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from findings.models import Waiver
from findings.waivers import (
    expiry_errors,
    finding_open,
    may_waive,
    may_withdraw,
    waiver_create,
    waiver_list,
    waiver_update,
    waiver_withdraw,
    waivers_by_key,
)
from registry.admin import DeletesThroughServices


class WaiverAdminForm(forms.ModelForm):
    class Meta:
        model = Waiver
        fields = ["key", "reason", "expires"]

    def clean(self):
        data = super().clean()
        if problems := expiry_errors(data.get("expires"), timezone.localdate()):
            self.add_error("expires", problems)
        if self.instance.pk is None and data.get("key"):
            finding = finding_open(data["key"])
            if finding is None:
                self.add_error("key", ValidationError(_(
                    "There is no open finding with this key.")))
            elif not may_waive(self.request_user, finding.duty):
                self.add_error("key", ValidationError(_(
                    "You may not waive this finding.")))
            elif waivers_by_key([data["key"]]):
                self.add_error("key", ValidationError(_("This finding is waived already.")))
        return data


@admin.register(Waiver)
class WaiverAdmin(DeletesThroughServices, SimpleHistoryAdmin):
    form = WaiverAdminForm
    list_display = ["rule", "duty", "parties", "author", "expires", "created"]
    list_filter = ["rule"]
    search_fields = ["duty", "parties", "reason"]
    readonly_fields = ["rule", "duty", "parties", "author", "created"]

    def get_queryset(self, request):
        return waiver_list()

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "key"] if obj is not None else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request_user = request.user
        return form

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and (
            obj is None or may_withdraw(request.user, obj))

    has_delete_permission = has_change_permission

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = Waiver.objects.get(pk=obj.pk)
            waiver_update(user=request.user, waiver=saved, reason=data["reason"],
                          expires=data["expires"])
        else:
            obj.pk = waiver_create(user=request.user, key=data["key"], reason=data["reason"],
                                   expires=data["expires"]).pk

    def delete_record(self, request, obj):
        waiver_withdraw(user=request.user, waiver=obj)
