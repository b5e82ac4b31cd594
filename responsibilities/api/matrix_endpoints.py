"""matrix/: the table of duties × parties, as JSON or as any registered export."""

from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from departments.models import Department
from registry.api.access import ReadAccess
from registry.api.fields import MomentField, code_reference
from registry.api.schemas import error_responses
from responsibilities.api.schemas import MatrixSerializer
from responsibilities.exports import EXPORTS
from responsibilities.matrix import AXES
from responsibilities.models import Process
from responsibilities.parties import DEPARTMENT, ROLE
from responsibilities.selectors.current_matrix import matrix_read
from responsibilities.selectors.past_matrix import matrix_as_of


class MatrixQuerySerializer(serializers.Serializer):
    process = code_reference(Process, required=False, help_text="Only the duties of a process.")
    department = code_reference(Department, required=False,
                                help_text="Only the duties this department or its roles hold "
                                          "a letter on.")
    axis = serializers.ChoiceField(
        choices=AXES, required=False,
        help_text="department: a role's letters count for its department (a summary); role: "
                  "each party as assigned, each role a column of its own. Default: department "
                  "for JSON; role for an export, so that the file imports back unchanged.",
    )
    format = serializers.ChoiceField(choices=["json", "csv", "xlsx"], default="json")
    as_of = MomentField(
        required=False, help_text="The matrix as it stood at this moment: an ISO date-time, or "
                                  "a date (its first moment)."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = ["json", *EXPORTS]

    def validate(self, attrs):
        # An export is a file people edit and import back: as assigned, unless the summary is
        # asked for by name.
        attrs.setdefault("axis", ROLE if attrs["format"] in EXPORTS else DEPARTMENT)
        return attrs


def matrix_for(query):
    """The Matrix a validated MatrixQuerySerializer asks for."""
    process, department = query.get("process"), query.get("department")
    filters = {"axis": query["axis"], "process": process and process.code,
               "department": department and department.code}
    if "as_of" in query:
        return matrix_as_of(moment=query["as_of"], **filters)
    return matrix_read(**filters)


def matrix_payload(matrix):
    """The Matrix as JSON-ready values without copying the duties: orjson encodes the
    dataclasses itself, several times faster than dataclasses.asdict() on thousands of duties
    (bench/README.md)."""
    parties = [{"key": party.key, "kind": party.kind, "code": party.code, "name": party.name,
                "department": party.department_code} for party in matrix.parties]
    return {"axis": matrix.axis, "duties": matrix.duties, "parties": parties,
            "cells": matrix.cells}


def export_response(export, matrix, query):
    """The matrix as an attachment named after its filters; streamed when the export gives its
    content in pieces."""
    parts = ["matrix", *(query[name].code for name in ("process", "department") if name in query)]
    content = export.render(matrix)
    answer = HttpResponse if isinstance(content, str | bytes) else StreamingHttpResponse
    response = answer(content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{"-".join(parts)}.{export.extension}"'
    return response


class MatrixView(APIView):
    """Active duties × the parties holding letters on them, with each cell's letters."""

    permission_classes = [ReadAccess]

    def perform_content_negotiation(self, request, force=False):
        # `?format=` names an export of EXPORTS, which DRF's renderers do not know:
        # fall back to JSON for negotiation and let `get` pick the export.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=[MatrixQuerySerializer],
        responses={
            (200, "application/json"): MatrixSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="?format=csv: "
                                               "duty, title, process, step, then a column per "
                                               "party key; cells like AR. With axis=department "
                                               "a first row marks it a summary, which the "
                                               "import refuses."),
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
        export = EXPORTS.get(query.validated_data["format"])
        if export is not None:
            return export_response(export, matrix, query.validated_data)
        return Response(matrix_payload(matrix))
