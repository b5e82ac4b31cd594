"""The history and spreadsheet endpoints: history/, matrix/diff/, matrix/import/."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.api.permissions import ReadAccess
from responsibilities.selectors.changes import ChangeFilters, change_list
from responsibilities.selectors.history import matrix_diff
from responsibilities.services.imports import matrix_import
from responsibilities.spreadsheets import SpreadsheetError

MAX_LIMIT = 500


def moment_or_none(value):
    """An aware datetime from an ISO date-time, or from a date (its first moment in the
    server's time zone); None when `value` is neither."""
    try:
        moment = parse_datetime(value) if "T" in value or " " in value else None
        if moment is None:
            day = parse_date(value) if len(value) == 10 else None
            if day is None:
                return None
            moment = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:  # well-formed but impossible, such as 2026-02-30
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


BAD_MOMENT = _lazy("Give a date (2026-11-11) or an ISO date-time (2026-11-11T08:00:00+08:00).")


def parse_moment(value, name):
    """moment_or_none, or a 400 naming the parameter."""
    moment = moment_or_none(value)
    if moment is None:
        raise ValidationError({name: [BAD_MOMENT]})
    return moment


def _page_number(request, name, default, maximum=None):
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit():
        raise ValidationError({name: [_("Give a whole number from 0.")]})
    return min(int(raw), maximum) if maximum else int(raw)


CHANGE_FIELDS = {
    "when": serializers.DateTimeField(), "who": serializers.CharField(allow_null=True),
    "action": serializers.ChoiceField(["created", "changed", "deleted"]),
    "model": serializers.CharField(), "object": serializers.CharField(),
    "reason": serializers.CharField(), "changes": serializers.DictField(),
}


class HistoryView(APIView):
    """Who changed what, when: newest first, filtered by duty, department, role, process,
    user and since."""

    permission_classes = [ReadAccess]
    FILTERS = ("duty", "department", "role", "process", "user")

    @extend_schema(
        parameters=[OpenApiParameter(name, str) for name in (*FILTERS, "since")]
        + [OpenApiParameter("limit", int), OpenApiParameter("offset", int)],
        responses=inline_serializer("HistoryPage", {
            "count": serializers.IntegerField(), "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": inline_serializer("Change", CHANGE_FIELDS, many=True),
        }),
    )
    def get(self, request):
        params = request.query_params
        since = params.get("since")
        filters = ChangeFilters(
            **{name: params.get(name) or None for name in self.FILTERS},
            since=parse_moment(since, "since") if since else None,
        )
        limit = _page_number(request, "limit", 50, MAX_LIMIT) or 50
        offset = _page_number(request, "offset", 0)
        total, entries = change_list(filters=filters, limit=limit, offset=offset)
        return Response({
            "count": total,
            "next": self._link(request, limit, offset + limit) if offset + limit < total else None,
            "previous": self._link(request, limit, max(offset - limit, 0)) if offset else None,
            "results": entries,
        })

    @staticmethod
    def _link(request, limit, offset):
        query = request.query_params.copy()
        query["limit"], query["offset"] = str(limit), str(offset)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


class MatrixDiffView(APIView):
    """The cells whose letters changed between two moments, with who changed them last."""

    permission_classes = [ReadAccess]

    @extend_schema(
        parameters=[OpenApiParameter("from", str, required=True), OpenApiParameter("to", str)],
        responses=inline_serializer("MatrixDiff", {
            "from": serializers.DateTimeField(), "to": serializers.DateTimeField(),
            "changes": inline_serializer("CellChangeInTime", {
                "duty": serializers.CharField(), "party": serializers.CharField(),
                "before": serializers.CharField(), "after": serializers.CharField(),
                "when": serializers.DateTimeField(allow_null=True),
                "who": serializers.CharField(allow_null=True),
            }, many=True),
        }),
    )
    def get(self, request):
        start = request.query_params.get("from")
        if not start:
            raise ValidationError({"from": [_("Give the moment to compare from.")]})
        start = parse_moment(start, "from")
        end = request.query_params.get("to")
        end = parse_moment(end, "to") if end else timezone.now()
        if end < start:
            raise ValidationError({"to": [_("“to” must not be before “from”.")]})
        return Response({"from": start, "to": end, "changes": matrix_diff(start=start, end=end)})


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
