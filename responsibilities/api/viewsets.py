"""CRUD endpoints of the responsibilities app: processes/, duties/, assignments/."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from registry.api.access import ReadAccess
from registry.api.schemas import error_responses
from registry.api.viewsets import RegistryByIdViewSet, RegistryViewSet
from responsibilities.api.filtersets import AssignmentFilterSet, DutyFilterSet, ProcessFilterSet
from responsibilities.api.serializers import (
    AssignmentSerializer,
    DutySerializer,
    ProcessSerializer,
)
from responsibilities.selectors.records import assignment_list, duty_list, process_list
from responsibilities.services.confirmations import duty_confirm


class ProcessViewSet(RegistryViewSet):
    """Processes and incident playbooks, addressed by code; `owner` is a department code."""

    selector = process_list
    serializer_class = ProcessSerializer
    filterset_class = ProcessFilterSet


class DutyViewSet(RegistryViewSet):
    """Duties, addressed by code; each carries its letters as `assignments`; `confirm/`
    records that its owners say its letters are still right."""

    selector = duty_list
    serializer_class = DutySerializer
    filterset_class = DutyFilterSet

    @extend_schema(request=None, responses={200: DutySerializer, **error_responses(403, 404)})
    @action(detail=True, methods=["post"], permission_classes=[ReadAccess])
    def confirm(self, request, *args, **kwargs):
        """Confirm the duty's letters: its Accountable and Responsible people, or those who
        may edit it (the service checks)."""
        duty_confirm(user=request.user, duty=self.get_object())
        return Response(self.get_serializer(self.get_object()).data)


class AssignmentViewSet(RegistryByIdViewSet):
    """Single letters, addressed by id: `duty` and `department` or `role` are codes."""

    selector = assignment_list
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet
