"""CRUD endpoints of the responsibilities app: processes/, duties/, assignments/."""

from registry.api.viewsets import RegistryByIdViewSet, RegistryViewSet
from responsibilities.api.filtersets import AssignmentFilterSet, DutyFilterSet, ProcessFilterSet
from responsibilities.api.serializers import (
    AssignmentSerializer,
    DutySerializer,
    ProcessSerializer,
)
from responsibilities.selectors.records import assignment_list, duty_list, process_list


class ProcessViewSet(RegistryViewSet):
    """Processes and incident playbooks, addressed by code; `owner` is a department code."""

    selector = process_list
    serializer_class = ProcessSerializer
    filterset_class = ProcessFilterSet


class DutyViewSet(RegistryViewSet):
    """Duties, addressed by code; each carries its letters as `assignments`."""

    selector = duty_list
    serializer_class = DutySerializer
    filterset_class = DutyFilterSet


class AssignmentViewSet(RegistryByIdViewSet):
    """Single letters, addressed by id: `duty` and `department` or `role` are codes."""

    selector = assignment_list
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet
