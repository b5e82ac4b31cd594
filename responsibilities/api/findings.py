"""findings/ and findings/summary/: the overlaps and gaps of DESIGN.md §4."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from departments.api.serializers import code_reference
from departments.models import Department
from registry.api.permissions import ReadAccess
from responsibilities.api.schemas import (
    FindingSerializer,
    FindingsSummarySerializer,
    error_responses,
)
from responsibilities.findings import FindingKind, Rule, Severity, findings_summary
from responsibilities.models import Duty, Process
from responsibilities.selectors.findings import findings_list


class FindingsQuerySerializer(serializers.Serializer):
    rule = serializers.ChoiceField(choices=Rule.choices, required=False)
    kind = serializers.ChoiceField(choices=FindingKind.choices, required=False)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    department = code_reference(Department, required=False,
                                help_text="Findings naming this department.")
    process = code_reference(Process, required=False)
    duty = code_reference(Duty, required=False)

    def filters(self):
        """The validated filters as findings_list() takes them (codes, not objects)."""
        return {name: getattr(value, "code", value) for name, value in self.validated_data.items()}


def findings_for(request):
    """The findings the query parameters ask for; ValidationError (400) on a bad filter."""
    query = FindingsQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return findings_list(**query.filters())


class FindingsView(GenericAPIView):
    """The findings of the whole organisation, most severe first, filtered."""

    permission_classes = [ReadAccess]
    serializer_class = FindingSerializer
    filter_backends = []

    @extend_schema(parameters=[FindingsQuerySerializer],
                   responses={200: FindingSerializer(many=True), **error_responses(400)})
    def get(self, request):
        page = self.paginate_queryset(findings_for(request))
        return self.get_paginated_response([finding.as_dict() for finding in page])


class FindingsSummaryView(GenericAPIView):
    """Counts of the (filtered) findings, and the department pairs sharing most duties as R."""

    permission_classes = [ReadAccess]
    serializer_class = FindingsSummarySerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(parameters=[FindingsQuerySerializer],
                   responses={200: FindingsSummarySerializer, **error_responses(400)})
    def get(self, request):
        return Response(findings_summary(findings_for(request)))
