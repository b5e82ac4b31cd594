from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """People from the company's identity provider: single sign-on with OpenID Connect, SCIM
    provisioning, and a leaver's posts turned into a handover (docs/identity.md)."""

    name = "identity"
    verbose_name = _("Identity provider")

    def ready(self):
        # A person saved inactive, anywhere, becomes a leaver (identity.leavers); each SCIM
        # write is recorded for the sync report.
        from findings.store import findings_written
        from identity import leavers
        from identity.models import ScimGroup, ScimGroupMember, ScimIdentity
        from registry import changes

        changes.collect((ScimIdentity, ScimGroup, ScimGroupMember))
        changes.written.connect(leavers.on_written, dispatch_uid="identity.leavers")
        findings_written.connect(leavers.on_findings_written, dispatch_uid="identity.leavers")
