from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Change by consent: proposals of matrix changes, answered by every department they touch."""

    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from governance.panels import register_panels

        register_panels()
