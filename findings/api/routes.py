"""The findings app's part of /api/v1/ (no app_name: the root URLconf puts every app's
endpoints in one `api` namespace)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from findings.api.endpoints import CellsView, FindingsSummaryView, FindingsView
from findings.api.handover_endpoint import HandoverView
from findings.api.waivers import WaiverViewSet

router = SimpleRouter()
router.register("waivers", WaiverViewSet, basename="waiver")

urlpatterns = [
    path("matrix/cells/", CellsView.as_view(), name="matrix-cells"),
    path("findings/", FindingsView.as_view(), name="findings"),
    path("handover/", HandoverView.as_view(), name="handover"),
    path("findings/summary/", FindingsSummaryView.as_view(), name="findings-summary"),
    *router.urls,
]
