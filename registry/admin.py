"""The base of every registry ModelAdmin.

The admin follows the same rules as the API and the pages: who may add, change and delete what
is registry.permissions (docs/permissions.md); lists come from the app's selectors; and every
add, change and delete, inline rows and the bulk delete action included, goes through the
record services, so each change made here is in the history with the user who made it.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from registry.changes import write_transaction
from registry.permissions import (
    can_change,
    can_change_any,
    can_create_any,
    can_delete,
    can_delete_any,
    can_grant,
    can_read,
    changeable,
    container_field,
)
from registry.selectors import deleted_records
from registry.services import record_create, record_delete, record_restore, record_update


def save_through_services(user, obj, fields, *, change):
    """Save an object an admin form has filled in: create it, or apply the values of its
    `fields` to the saved row (so the services see the object as it is now)."""
    if not change:
        return record_create(user=user, instance=obj)
    saved = type(obj)._default_manager.get(pk=obj.pk)
    return record_update(user=user, instance=saved,
                         data={name: getattr(obj, name) for name in fields})


class DeletesThroughServices:
    """Admin deletes, one object or the bulk action, through `record_delete`: the permission
    check, and a history row naming the user for the object and what it unlinks."""

    def delete_record(self, request, obj):
        record_delete(user=request.user, instance=obj)

    def delete_model(self, request, obj):
        self.delete_record(request, obj)

    @write_transaction()
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_record(request, obj)


class LookOnly:
    """Staff may look; nobody adds, changes or deletes here: the app's services write these
    records (a proposal's answers, a campaign's items, the mail outbox, the identity
    provider's links). Those that follow a registry record are deleted with it."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    has_module_permission = has_view_permission

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RegistryAdmin(DeletesThroughServices, GuardedModelAdmin, SimpleHistoryAdmin):
    """Object permissions (guardian), the change history and the record services;
    `selector` is the app's read for the list."""

    selector = None
    change_form_template = "admin/registry/change_form.html"
    change_list_template = "admin/registry/change_list.html"

    def get_deleted_objects(self, objs, request):
        # What goes with a record and is shown in the admin only to look at (LookOnly: a
        # campaign's items, notifications) needs no delete permission of its own: deleting the
        # record deletes it, as the services do.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        looked_at = {str(model._meta.verbose_name) for model, model_admin
                     in self.admin_site._registry.items() if isinstance(model_admin, LookOnly)}
        return deleted, counts, perms_needed - looked_at, protected

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_deleted"
        return [path("deleted/", self.admin_site.admin_view(self.deleted_view), name=name),
                *super().get_urls()]

    def deleted_view(self, request):
        """GET: what was deleted and may come back. POST `id`: restore it, with what its
        deletion took along (record_restore, which checks the user may)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            try:
                restored = record_restore(user=request.user, model=self.model,
                                          pk=request.POST.get("id", "").strip() or None)
            except (ValidationError, ValueError) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                messages.success(request, _("“%(object)s” was restored, with what its deletion "
                                            "took along.") % {"object": restored})
                return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}"
                                        "_change", args=[restored.pk]))
        context = {**self.admin_site.each_context(request), "opts": self.opts,
                   "title": _("Deleted %(objects)s") % {"objects": self.opts.verbose_name_plural},
                   "rows": deleted_records(self.model)}
        return TemplateResponse(request, "admin/registry/deleted_list.html", context)

    def get_queryset(self, request):
        return type(self).selector()

    def _require_grant(self, request, object_pk):
        """403 unless the user may grant permissions on this very object (guardian's own check
        only asks whether the user may change *some* object of the model)."""
        obj = self.get_object(request, unquote(object_pk))
        if obj is None or not can_grant(request.user, obj):
            raise PermissionDenied

    def obj_perms_manage_view(self, request, object_pk):
        self._require_grant(request, object_pk)
        return super().obj_perms_manage_view(request, object_pk)

    def obj_perms_manage_user_view(self, request, object_pk, user_id):
        self._require_grant(request, object_pk)
        return super().obj_perms_manage_user_view(request, object_pk, user_id)

    def obj_perms_manage_group_view(self, request, object_pk, group_id):
        self._require_grant(request, object_pk)
        return super().obj_perms_manage_group_view(request, object_pk, group_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra = {"may_grant": obj is not None and can_grant(request.user, obj)}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

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
        if container_field(self.model) == db_field.name:
            kwargs["queryset"] = changeable(request.user, db_field.related_model.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # Every field of the form, not only those changed against the form's initial values:
        # a history revert starts from the old version, so its changes do not show there. The
        # services check the object as it is now and where it lands.
        save_through_services(request.user, obj, list(form.fields), change=change)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            record_delete(user=request.user, instance=obj)
        for obj in formset.new_objects:
            record_create(user=request.user, instance=obj)
        for obj, fields in formset.changed_objects:
            save_through_services(request.user, obj, fields, change=True)
        formset.save_m2m()


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

