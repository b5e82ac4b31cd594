from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindingsConfig(AppConfig):
    """The overlaps and gaps: the rules engine, its loader, API, pages and `raci_check`."""

    name = "findings"
    verbose_name = _("Findings")

    def ready(self):
        from findings.panels import register_panels
        from findings.store import TRACKED, on_written
        from registry import changes

        register_panels()
        changes.collect(TRACKED)
        changes.written.connect(on_written, dispatch_uid="findings.store")
