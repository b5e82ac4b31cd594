"""matrix/import/: set the matrix from an uploaded xlsx or CSV file, or preview it."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.api.access import ReadAccess
from spreadsheets.reading import SpreadsheetError
from spreadsheets.services import matrix_import


class MatrixImportView(APIView):
    """Upload an xlsx or CSV matrix; `dry_run` previews. All of it is applied, or nothing."""

    permission_classes = [ReadAccess]
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()
        dry_run = serializers.BooleanField(default=False)

    @extend_schema(
        request={"multipart/form-data": InputSerializer},
        responses={200: dict, 400: dict, 403: dict},
    )
    def post(self, request):
        form = self.InputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        try:
            result = matrix_import(
                content=upload.read(), filename=upload.name, user=request.user,
                dry_run=form.validated_data["dry_run"],
            )
        except SpreadsheetError as error:
            raise ValidationError({"file": [str(error)]}) from None
        report = result.as_dict()
        code = status.HTTP_400_BAD_REQUEST if report["problems"] else status.HTTP_200_OK
        return Response(report, status=code)
