"""findings/ and findings/summary/: the overlaps and gaps (docs/findings.md); and
matrix/cells/, the cells batch, which reports the findings it introduced and resolved."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from departments.models import Department
from findings.api.schemas import (
    CellsConflictSerializer,
    CellsOutcomeSerializer,
    FindingsSummarySerializer,
    ListedFindingSerializer,
)
from findings.engine import FindingKind, Rule, Severity
from findings.selectors import (
    findings_keyed,
    findings_list,
    findings_summary_load,
    findings_waived_with,
)
from findings.services import cells_set_reporting
from registry.api.access import ReadAccess
from registry.api.exceptions import Conflict
from registry.api.fields import code_reference
from registry.api.renderers import ORJSONRenderer
from registry.api.schemas import error_responses
from responsibilities.models import Duty, Process
from responsibilities.services.cells import CellChange, CellConflict


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
        return {name: getattr(value, "code", value) for name, value in self.validated_data.items()
                if name != "waived"}


class FindingsListQuerySerializer(FindingsQuerySerializer):
    waived = serializers.BooleanField(
        required=False, default=False,
        help_text="true: only the waived findings, each with its waiver; false (default): the "
                  "findings not waived.")


def findings_filters(request):
    """The filters the query parameters ask for; ValidationError (400) on a bad one."""
    query = FindingsQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.filters()


class FindingsView(GenericAPIView):
    """The findings of the whole organisation, most severe first, filtered."""

    permission_classes = [ReadAccess]
    serializer_class = ListedFindingSerializer
    # JSON only: the browsable API needs a queryset these read models do not have.
    renderer_classes = [ORJSONRenderer]
    filter_backends = []

    @extend_schema(parameters=[FindingsListQuerySerializer],
                   responses={200: ListedFindingSerializer(many=True), **error_responses(400)})
    def get(self, request):
        query = FindingsListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.filters()
        if query.validated_data["waived"]:
            page = self.paginate_queryset(findings_list(waived_only=True, **filters))
            return self.get_paginated_response(
                [item.as_dict() for item in findings_waived_with(page)])
        page = self.paginate_queryset(findings_list(**filters))
        return self.get_paginated_response([findings_keyed(finding) for finding in page])


class FindingsSummaryView(GenericAPIView):
    """Counts of the (filtered) findings, and the department pairs sharing most duties as R."""

    permission_classes = [ReadAccess]
    serializer_class = FindingsSummarySerializer
    # JSON only: the browsable API needs a queryset these read models do not have.
    renderer_classes = [ORJSONRenderer]
    filter_backends = []
    pagination_class = None

    @extend_schema(parameters=[FindingsQuerySerializer],
                   responses={200: FindingsSummarySerializer, **error_responses(400)})
    def get(self, request):
        return Response(findings_summary_load(**findings_filters(request)))


class CellInputSerializer(serializers.Serializer):
    duty = serializers.CharField(max_length=100, help_text="Duty code.")
    party = serializers.CharField(max_length=120, help_text="department:<code> or role:<code>")
    raci = serializers.CharField(max_length=40, allow_blank=True,
                                 help_text='The letters the cell should hold, e.g. "AR"; "" '
                                           'clears it.')
    expect = serializers.CharField(max_length=40, allow_blank=True, required=False,
                                   help_text="The cell as you last saw it; 409 if it differs.")


class CellsInputSerializer(serializers.Serializer):
    cells = CellInputSerializer(many=True, allow_empty=False, max_length=5000)


class CellsView(APIView):
    """Set a batch of cells: all of them, or (400, 403, 409) none."""

    permission_classes = [ReadAccess]

    @extend_schema(
        request=CellsInputSerializer,
        responses={200: CellsOutcomeSerializer, 409: CellsConflictSerializer,
                   **error_responses(400, 403)},
    )
    def post(self, request):
        payload = CellsInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        changes = [
            CellChange(duty=cell["duty"], party=cell["party"], letters=cell["raci"],
                       expect=cell.get("expect"))
            for cell in payload.validated_data["cells"]
        ]
        try:
            outcome = cells_set_reporting(changes=changes, user=request.user)
        except CellConflict as conflict:
            raise Conflict({"detail": str(conflict), "cells": conflict.cells}) from conflict
        return Response(outcome.as_dict())
