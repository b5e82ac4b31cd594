from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """People from the company's identity provider: single sign-on with OpenID Connect, SCIM
    provisioning, and a leaver's posts turned into a handover (docs/identity.md)."""

    name = "identity"
    verbose_name = _("Identity provider")
