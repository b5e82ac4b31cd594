"""Query-parameter filters, named after the fields they filter (references by code)."""

import django_filters

from departments.models import Department, Membership, Person, Role


class DepartmentFilterSet(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code", help_text="Parent code.")

    class Meta:
        model = Department
        fields = ["parent", "is_active"]


class RoleFilterSet(django_filters.FilterSet):
    department = django_filters.CharFilter(field_name="department__code",
                                           help_text="Department code.")

    class Meta:
        model = Role
        fields = ["department", "is_active"]


class PersonFilterSet(django_filters.FilterSet):
    email = django_filters.CharFilter(field_name="email", lookup_expr="iexact")

    class Meta:
        model = Person
        fields = ["email", "is_active"]


class MembershipFilterSet(django_filters.FilterSet):
    role = django_filters.CharFilter(field_name="role__code", help_text="Role code.")
    department = django_filters.CharFilter(field_name="role__department__code",
                                           help_text="Department code of the role.")

    class Meta:
        model = Membership
        fields = ["person", "role", "department", "is_primary"]
