"""CRUD endpoints of the departments app: departments/, roles/, people/, memberships/."""

from departments.api.filtersets import (
    DepartmentFilterSet,
    MembershipFilterSet,
    PersonFilterSet,
    RoleFilterSet,
)
from departments.api.serializers import (
    DepartmentSerializer,
    MembershipSerializer,
    PersonSerializer,
    RoleSerializer,
)
from departments.selectors import department_list, membership_list, person_list, role_list
from registry.api.viewsets import RegistryByIdViewSet, RegistryViewSet


class DepartmentViewSet(RegistryViewSet):
    """Departments, addressed by code; `parent` is a department code."""

    selector = department_list
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet


class RoleViewSet(RegistryViewSet):
    """Roles, addressed by code; `department` is a department code."""

    selector = role_list
    serializer_class = RoleSerializer
    filterset_class = RoleFilterSet


class PersonViewSet(RegistryByIdViewSet):
    """People, addressed by id."""

    selector = person_list
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet


class MembershipViewSet(RegistryByIdViewSet):
    """Memberships, addressed by id: `person` is a person id, `role` a role code."""

    selector = membership_list
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
