from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ResponsibilitiesConfig(AppConfig):
    name = "responsibilities"
    verbose_name = _("Responsibilities")

    def ready(self):
        from registry import changes, panels
        from responsibilities.handover import role_handover_panel
        from responsibilities.lookup_index import TRACKED, index_storage, on_written

        changes.collect(TRACKED)
        changes.written.connect(on_written, dispatch_uid="responsibilities.lookup_index")
        post_migrate.connect(index_storage, sender=self,
                             dispatch_uid="responsibilities.lookup_index")
        panels.register("person_detail", role_handover_panel)
