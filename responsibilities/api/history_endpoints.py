"""The history endpoints: history/ (who changed what, when) and matrix/diff/."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.api.access import ReadAccess
from registry.api.fields import MomentField
from responsibilities.selectors.changes import ChangeFilters, change_list
from responsibilities.selectors.past_matrix import matrix_diff

MAX_LIMIT = 500
# Past this an offset is past any history there is; a database cannot take numbers past 64 bits.
MAX_OFFSET = 2**31 - 1


def _page_number(request, name, default, maximum):
    """The query parameter `name` as a whole number, at most `maximum`; 400 otherwise."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or len(raw) > 18:
        raise ValidationError({name: [_("Give a whole number from 0.")]})
    return min(int(raw), maximum)


def _moment(request, name):
    """The query parameter `name` as a moment, None when absent; 400 when unreadable."""
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        return MomentField().run_validation(value)
    except serializers.ValidationError as error:
        raise ValidationError({name: error.detail}) from None


CHANGE_FIELDS = {
    "when": serializers.DateTimeField(), "who": serializers.CharField(allow_null=True),
    "action": serializers.ChoiceField(["created", "changed", "deleted"]),
    "model": serializers.CharField(), "object": serializers.CharField(),
    "reason": serializers.CharField(), "changes": serializers.DictField(),
    "summary": serializers.CharField(), "details": serializers.ListField(
        child=serializers.CharField()),
}


# As the selector gives them (the schema's declaration takes the fields out of its dict).
AS_STORED = ("when", "who", "action", "model", "object", "reason", "changes")


def _shown(entry):
    """An entry of the feed as the API gives it: codes as they are, and the sentence and
    details in the reader's language as plain text."""
    return {**{name: entry[name] for name in AS_STORED},
            "summary": entry["sentence"].plain(),
            "details": [detail.plain() for detail in entry["details"]]}


class HistoryView(APIView):
    """Who changed what, when: newest first, filtered by duty (a code or an exact title),
    department, role, process, user and since; each change also told as a sentence."""

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
        filters = ChangeFilters(
            **{name: params.get(name) or None for name in self.FILTERS},
            since=_moment(request, "since"),
        )
        limit = _page_number(request, "limit", 50, MAX_LIMIT) or 50
        offset = _page_number(request, "offset", 0, MAX_OFFSET)
        total, entries = change_list(filters=filters, limit=limit, offset=offset)
        return Response({
            "count": total,
            "next": self._link(request, limit, offset + limit) if offset + limit < total else None,
            "previous": self._link(request, limit, max(offset - limit, 0)) if offset else None,
            "results": [_shown(entry) for entry in entries],
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
        start = _moment(request, "from")
        if start is None:
            raise ValidationError({"from": [_("Give the moment to compare from.")]})
        end = _moment(request, "to") or timezone.now()
        if end < start:
            raise ValidationError({"to": [_("“to” must not be before “from”.")]})
        return Response({"from": start, "to": end, "changes": matrix_diff(start=start, end=end)})
