"""evidence/: the auditors' evidence pack of a day as an xlsx attachment (docs/evidence.md).

It names people and their email addresses, so it needs a login even where the registry is
open to anonymous readers."""

import tempfile

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.views import APIView

from governance.evidence import CONTENT_TYPE, evidence_filename, evidence_write
from registry.permissions import is_active_user


class LoginAccess(BasePermission):
    """Any logged-in, active user; anonymous visitors are asked to log in (401)."""

    def has_permission(self, request, view):
        return is_active_user(request.user)


class EvidenceQuerySerializer(serializers.Serializer):
    date = serializers.DateField(
        required=False, input_formats=["iso-8601"],
        help_text="The day the pack shows (YYYY-MM-DD, no later than today). Default: today.")

    def validate_date(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("Give a day no later than today."))
        return value


class EvidenceView(APIView):
    """The evidence pack of a day: the matrix, the owners and the people holding their posts,
    the confirmations, the open findings and the waivers in force, one sheet each."""

    permission_classes = [LoginAccess]

    @extend_schema(
        parameters=[EvidenceQuerySerializer],
        responses={(200, CONTENT_TYPE): OpenApiResponse(
            OpenApiTypes.BINARY, description="evidence-YYYY-MM-DD.xlsx: sheets Matrix, Owners, "
                                             "Confirmations, Findings and Waivers.")},
    )
    def get(self, request):
        query = EvidenceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data.get("date") or timezone.localdate()
        # Written to a file deleted once sent, then streamed from it.
        file = tempfile.TemporaryFile(prefix="evidence-")
        evidence_write(day=day, target=file)
        file.seek(0)
        return FileResponse(file, as_attachment=True, filename=evidence_filename(day),
                            content_type=CONTENT_TYPE)
