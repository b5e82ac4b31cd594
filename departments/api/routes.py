"""The departments app's part of /api/v1/ (no app_name: the root URLconf puts every app's
endpoints in one `api` namespace)."""

from rest_framework.routers import SimpleRouter

from departments.api.viewsets import (
    DepartmentViewSet,
    MembershipViewSet,
    PersonViewSet,
    RoleViewSet,
)

router = SimpleRouter()
router.register("departments", DepartmentViewSet, basename="department")
router.register("roles", RoleViewSet, basename="role")
router.register("people", PersonViewSet, basename="person")
router.register("memberships", MembershipViewSet, basename="membership")

urlpatterns = router.urls
