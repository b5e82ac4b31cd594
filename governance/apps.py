from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Change by consent: proposals of matrix changes, answered by every department they touch."""

    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from findings.store import findings_written
        from governance import notifications
        from governance.events import on_findings_written, on_written
        from governance.panels import register_panels
        from registry import changes

        register_panels()
        changes.written.connect(on_written, dispatch_uid="governance.events")
        changes.written.connect(notifications.on_written,
                                dispatch_uid="governance.notifications")
        findings_written.connect(on_findings_written, dispatch_uid="governance.events")
