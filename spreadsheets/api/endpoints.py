"""matrix/import/: set the matrix from an uploaded spreadsheet (xlsx, CSV, TSV or a Markdown
table), or preview it."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from registry.api.access import ReadAccess
from registry.api.schemas import INVALID_INPUT, error_responses
from spreadsheets.reading import (
    SpreadsheetError,
    upload_declared_too_large,
    upload_too_large_message,
)
from spreadsheets.services import import_require, matrix_import
from spreadsheets.spellings import mapping_parse


class ImportCountsSerializer(serializers.Serializer):
    duties_created = serializers.IntegerField()
    created = serializers.IntegerField(help_text="Cells that were empty.")
    changed = serializers.IntegerField()
    cleared = serializers.IntegerField()


class ImportChangeSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Row of the file (the header is row 1).")
    duty = serializers.CharField()
    party = serializers.CharField(help_text="department:<code> or role:<code>")
    before = serializers.CharField()
    after = serializers.CharField()
    action = serializers.ChoiceField(["created", "changed", "cleared"])


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField(allow_null=True, help_text="Column letter and header, or "
                                                              "the field; null for the row.")
    message = serializers.CharField()


class CreatedNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CreatedRoleSerializer(CreatedNameSerializer):
    department = serializers.CharField(help_text="The role's department's code.")


class ImportCreatedSerializer(serializers.Serializer):
    departments = CreatedNameSerializer(many=True)
    roles = CreatedRoleSerializer(many=True)
    processes = CreatedNameSerializer(many=True)


class ImportReportSerializer(serializers.Serializer):
    applied = serializers.BooleanField(help_text="False for a dry run or a file with problems.")
    sheet = serializers.CharField(help_text="The sheet (or Markdown table) the matrix was read "
                                            "from; empty for a CSV.")
    transposed = serializers.BooleanField(help_text="True when parties were read as rows.")
    rows = serializers.IntegerField()
    counts = ImportCountsSerializer()
    duties_created = serializers.ListField(child=serializers.CharField())
    changes = ImportChangeSerializer(many=True)
    problems = ImportProblemSerializer(many=True)
    created = ImportCreatedSerializer(help_text="The departments, roles and processes the "
                                                "import creates (with create_missing).")
    summary = serializers.CharField(help_text="What the import did, in the reader's language: "
                                              "its counts, or how many problems stopped it.")


class ImportAccess(ReadAccess):
    """Readers may call it; only those who may import may send a file, and they are refused
    before the file is parsed."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method == "POST":
            import_require(request.user)
        return True


class MatrixImportView(APIView):
    """Upload an xlsx or CSV matrix; `dry_run` previews. All of it is applied, or nothing."""

    permission_classes = [ImportAccess]
    parser_classes = [MultiPartParser, FormParser]
    # Each import reads a whole file: a stricter rate per user, beside the general ones.
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, ScopedRateThrottle]
    throttle_scope = "import"

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()
        dry_run = serializers.BooleanField(default=False)
        create_missing = serializers.BooleanField(
            default=False, help_text="Create the departments, roles and processes the file "
                                     "names that do not exist (listed in `created`).")
        letters = serializers.CharField(
            required=False, allow_blank=True, max_length=500,
            help_text='What spellings mean for the whole file, e.g. "X=R, N/A=".')
        sheet = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                      help_text="The sheet (or table) to read; default: the "
                                                "one holding the most letters.")
        transpose = serializers.BooleanField(
            required=False, allow_null=True, default=None,
            help_text="True: parties are rows, activities columns; default: detected.")

        def validate_letters(self, value):
            try:
                return mapping_parse(value)
            except ValueError as error:
                raise serializers.ValidationError(str(error)) from None

    @extend_schema(
        request={"multipart/form-data": InputSerializer},
        responses={200: ImportReportSerializer, 400: OpenApiResponse(
            {"anyOf": [{"$ref": "#/components/schemas/ImportReport"}, INVALID_INPUT]},
            description="The report with the problems of the file (nothing was written), or "
                        "the fields of the request that are wrong."),
                   **error_responses(403)},
    )
    def post(self, request):
        if upload_declared_too_large(request):
            raise ValidationError({"file": [upload_too_large_message()]})
        form = self.InputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        upload = data["file"]
        try:
            result = matrix_import(
                content=upload.read(), filename=upload.name, user=request.user,
                dry_run=data["dry_run"], create_missing=data["create_missing"],
                letters=data.get("letters"), sheet=data.get("sheet") or None,
                transpose=data["transpose"],
            )
        except SpreadsheetError as error:
            raise ValidationError({"file": [str(error)]}) from None
        report = result.as_dict()
        code = status.HTTP_400_BAD_REQUEST if report["problems"] else status.HTTP_200_OK
        return Response(report, status=code)
