"""Query-parameter filters, named after the fields they filter (references by code)."""

import django_filters

from responsibilities.models import Assignment, Duty, Process


class ProcessFilterSet(django_filters.FilterSet):
    owner = django_filters.CharFilter(field_name="owner__code", help_text="Owner department code.")

    class Meta:
        model = Process
        fields = ["owner", "kind", "is_active"]


class DutyFilterSet(django_filters.FilterSet):
    process = django_filters.CharFilter(field_name="process__code", help_text="Process code.")

    class Meta:
        model = Duty
        fields = ["process", "is_active"]


class AssignmentFilterSet(django_filters.FilterSet):
    duty = django_filters.CharFilter(field_name="duty__code", help_text="Duty code.")
    department = django_filters.CharFilter(field_name="department__code",
                                           help_text="Department code (its own letters).")
    role = django_filters.CharFilter(field_name="role__code", help_text="Role code.")
    process = django_filters.CharFilter(field_name="duty__process__code",
                                        help_text="Process code of the duty.")

    class Meta:
        model = Assignment
        fields = ["duty", "raci", "department", "role", "process"]
