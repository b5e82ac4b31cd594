"""The responsibilities app's part of /api/v1/ (no app_name: the root URLconf puts every app's
endpoints in one `api` namespace)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from responsibilities.api.history_endpoints import HistoryView, MatrixDiffView
from responsibilities.api.lookup_endpoint import LookupView
from responsibilities.api.matrix_endpoints import MatrixView
from responsibilities.api.viewsets import AssignmentViewSet, DutyViewSet, ProcessViewSet

router = SimpleRouter()
router.register("processes", ProcessViewSet, basename="process")
router.register("duties", DutyViewSet, basename="duty")
router.register("assignments", AssignmentViewSet, basename="assignment")

urlpatterns = [
    *router.urls,
    path("matrix/", MatrixView.as_view(), name="matrix"),
    path("lookup/", LookupView.as_view(), name="lookup"),
    path("history/", HistoryView.as_view(), name="history"),
    path("matrix/diff/", MatrixDiffView.as_view(), name="matrix-diff"),
]
