"""The identity provider in the admin (docs/scim.md): which role each SCIM group stands for
(the mapping; a group may be made here before the provider sends it), and, to look at, the
provider's tokens and the people and groups it provisioned. Tokens are made by
`manage.py create_scim_token`, never here."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from identity.models import ScimGroup, ScimIdentity, ScimToken
from registry.admin import LookOnly, RegistryAdmin


@admin.register(ScimToken)
class ScimTokenAdmin(LookOnly, admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_used_at", "report"]
    fields = readonly_fields = ["name", "user", "created_at", "last_used_at"]
    list_select_related = ["user"]

    @admin.display(description=_("changes"))
    def report(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("scim_sync_report"),
                           _("Sync report"))


@admin.register(ScimIdentity)
class ScimIdentityAdmin(LookOnly, admin.ModelAdmin):
    list_display = ["user_name", "person", "external_id", "scim_id", "updated_at"]
    fields = readonly_fields = ["person", "user_name", "external_id", "given_name",
                                "family_name", "scim_id", "created_at", "updated_at"]
    list_select_related = ["person"]
    search_fields = ["user_name", "external_id", "person__name_en", "person__email"]


def scim_group_list():
    """Groups with their role and its department, by name."""
    return ScimGroup.objects.select_related("role__department").order_by("display_name", "id")


@admin.register(ScimGroup)
class ScimGroupAdmin(RegistryAdmin):
    """The mapping: a group's display name and the role its members hold."""

    selector = staticmethod(scim_group_list)
    list_display = ["display_name", "role", "external_id", "scim_id"]
    fields = ["display_name", "role", "external_id", "scim_id"]
    readonly_fields = ["external_id", "scim_id"]
    search_fields = ["display_name", "external_id"]
