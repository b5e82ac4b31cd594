"""matrix/ (the table of duties × parties, as JSON or a spreadsheet) and matrix/cells/."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from departments.api.serializers import code_reference
from departments.models import Department
from registry.api.exceptions import Conflict
from registry.api.permissions import ReadAccess
from responsibilities.api.history import BAD_MOMENT, moment_or_none
from responsibilities.api.schemas import (
    CellsConflictSerializer,
    CellsOutcomeSerializer,
    MatrixSerializer,
    error_responses,
)
from responsibilities.matrix import AXES
from responsibilities.models import Process
from responsibilities.selectors.history import matrix_as_of
from responsibilities.selectors.matrix import matrix_read
from responsibilities.services.cells import CellChange, CellConflict, cells_set
from responsibilities.spreadsheets import matrix_csv, matrix_xlsx


@dataclass(frozen=True)
class MatrixExport:
    render: Any  # Matrix -> str | bytes
    content_type: str
    extension: str


# `?format=` → how the matrix is exported; JSON otherwise. A new format is one entry here.
MATRIX_EXPORTS = {
    "csv": MatrixExport(matrix_csv, "text/csv; charset=utf-8", "csv"),
    "xlsx": MatrixExport(
        matrix_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    ),
}


class MatrixQuerySerializer(serializers.Serializer):
    process = code_reference(Process, required=False, help_text="Only the duties of a process.")
    department = code_reference(Department, required=False,
                                help_text="Only the duties this department or its roles hold "
                                          "a letter on.")
    axis = serializers.ChoiceField(
        choices=AXES, default="department",
        help_text="department: a role's letters count for its department; role: each role "
                  "is a column of its own.",
    )
    format = serializers.ChoiceField(choices=["json", *MATRIX_EXPORTS], default="json")
    as_of = serializers.CharField(
        required=False, help_text="The matrix as it stood at this moment: an ISO date-time, or "
                                  "a date (its first moment)."
    )

    def validate_as_of(self, value):
        moment = moment_or_none(value)
        if moment is None:
            raise serializers.ValidationError(BAD_MOMENT)
        return moment


def matrix_for(query):
    """The Matrix a validated MatrixQuerySerializer asks for."""
    process, department = query.get("process"), query.get("department")
    filters = {"axis": query["axis"], "process": process and process.code,
               "department": department and department.code}
    if "as_of" in query:
        return matrix_as_of(moment=query["as_of"], **filters)
    return matrix_read(**filters)


def matrix_payload(matrix):
    """Matrix.as_dict() without copying: orjson encodes the dataclasses itself, several
    times faster than dataclasses.asdict() on thousands of duties (bench/README.md)."""
    return {"axis": matrix.axis, "duties": matrix.duties, "parties": matrix.parties,
            "cells": matrix.cells}


def export_response(export, matrix, query):
    """The matrix as an attachment named after its filters."""
    parts = ["matrix", *(query[name].code for name in ("process", "department") if name in query)]
    response = HttpResponse(export.render(matrix), content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{"-".join(parts)}.{export.extension}"'
    return response


class MatrixView(APIView):
    """Active duties × the parties holding letters on them, with each cell's letters."""

    permission_classes = [ReadAccess]

    def perform_content_negotiation(self, request, force=False):
        # `?format=` names an export of MATRIX_EXPORTS, which DRF's renderers do not know:
        # fall back to JSON for negotiation and let `get` pick the export.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=[MatrixQuerySerializer],
        responses={
            (200, "application/json"): MatrixSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="?format=csv: "
                                               "duty, title, process, step, then a column per "
                                               "party key; cells like AR."),
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
                OpenApiResponse(OpenApiTypes.BINARY, description="?format=xlsx: the same "
                                "table, with a legend sheet."),
            **error_responses(400),
        },
    )
    def get(self, request):
        query = MatrixQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        matrix = matrix_for(query.validated_data)
        export = MATRIX_EXPORTS.get(query.validated_data["format"])
        if export is not None:
            return export_response(export, matrix, query.validated_data)
        return Response(matrix_payload(matrix))


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
            outcome = cells_set(changes=changes, user=request.user)
        except CellConflict as conflict:
            raise Conflict({"detail": str(conflict), "cells": conflict.cells}) from conflict
        return Response(outcome.as_dict())
