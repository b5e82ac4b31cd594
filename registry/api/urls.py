from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from departments.api.views import (
    DepartmentViewSet,
    MembershipViewSet,
    PersonViewSet,
    RoleViewSet,
)
from responsibilities.api.findings import FindingsSummaryView, FindingsView
from responsibilities.api.lookup import LookupView
from responsibilities.api.matrix import CellsView, MatrixView
from responsibilities.api.views import AssignmentViewSet, DutyViewSet, ProcessViewSet

app_name = "api"

router = SimpleRouter()
router.register("departments", DepartmentViewSet, basename="department")
router.register("roles", RoleViewSet, basename="role")
router.register("people", PersonViewSet, basename="person")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("processes", ProcessViewSet, basename="process")
router.register("duties", DutyViewSet, basename="duty")
router.register("assignments", AssignmentViewSet, basename="assignment")

urlpatterns = [
    *router.urls,
    path("matrix/", MatrixView.as_view(), name="matrix"),
    path("matrix/cells/", CellsView.as_view(), name="matrix-cells"),
    path("findings/", FindingsView.as_view(), name="findings"),
    path("findings/summary/", FindingsSummaryView.as_view(), name="findings-summary"),
    path("lookup/", LookupView.as_view(), name="lookup"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include("responsibilities.api.history_urls")),
]
