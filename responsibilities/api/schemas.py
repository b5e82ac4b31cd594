"""Output shapes of the non-CRUD endpoints, for the OpenAPI document.

The views answer with plain dicts from the read models (Matrix.as_dict(), Finding.as_dict(),
the lookup dataclasses); these serializers describe those dicts exactly.
"""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from responsibilities.findings import FindingKind, Severity


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong. A rejected field is named "
                                             "instead: {\"field\": [\"message\"]}.")


ERROR_DESCRIPTIONS = {
    400: "Invalid input: {\"field\": [\"message\"]}, or {\"detail\": \"message\"}.",
    401: "Not logged in (send `Authorization: Token <key>`).",
    403: "Logged in, but not allowed to change this part of the registry; nothing changed.",
    404: "No such object.",
    409: "The request conflicts with the data as it stands; nothing changed.",
}


def error_responses(*codes):
    """{status: OpenApiResponse} for the given error codes."""
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
            for code in codes}


class MatrixDutySerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    process = serializers.CharField(allow_null=True)
    process_name = serializers.CharField(allow_null=True)
    step = serializers.IntegerField(allow_null=True)


class MatrixPartySerializer(serializers.Serializer):
    key = serializers.CharField(help_text="department:<code> or role:<code>")
    kind = serializers.ChoiceField(choices=["department", "role"])
    code = serializers.CharField()
    name = serializers.CharField()
    department = serializers.CharField(help_text="The department code (its own for a "
                                                 "department).")


class MatrixSerializer(serializers.Serializer):
    axis = serializers.ChoiceField(choices=["department", "role"])
    duties = MatrixDutySerializer(many=True)
    parties = MatrixPartySerializer(many=True)
    cells = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text="{duty code: {party key: letters}}; empty cells are left out.",
    )


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    kind = serializers.ChoiceField(choices=FindingKind.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    duty = serializers.CharField(allow_null=True)
    process = serializers.CharField(allow_null=True)
    parties = serializers.ListField(child=serializers.CharField())
    departments = serializers.ListField(child=serializers.CharField())
    message = serializers.CharField()


class OverlapSerializer(serializers.Serializer):
    departments = serializers.ListField(child=serializers.CharField())
    duties = serializers.IntegerField(help_text="Duties both departments are Responsible for.")


class FindingsSummarySerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_rule = serializers.DictField(child=serializers.IntegerField())
    by_severity = serializers.DictField(child=serializers.IntegerField())
    by_kind = serializers.DictField(child=serializers.IntegerField())
    by_department = serializers.DictField(child=serializers.IntegerField())
    overlapping_pairs = OverlapSerializer(many=True)


class CellSerializer(serializers.Serializer):
    duty = serializers.CharField()
    party = serializers.CharField()
    raci = serializers.CharField(help_text="The letters the cell holds now (\"\" when empty).")


class CellsOutcomeSerializer(serializers.Serializer):
    cells = CellSerializer(many=True)
    introduced = FindingSerializer(many=True, help_text="Findings on these duties the batch "
                                                        "created.")
    resolved = FindingSerializer(many=True, help_text="Findings on these duties the batch "
                                                      "removed.")


class StaleCellSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position of the cell in the request.")
    duty = serializers.CharField()
    party = serializers.CharField()
    expect = serializers.CharField()
    actual = serializers.CharField(help_text="The letters the cell holds now.")


class CellsConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    cells = StaleCellSerializer(many=True)


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    chat = serializers.CharField()


class LookupPartySerializer(serializers.Serializer):
    party = serializers.CharField(help_text="department:<code> or role:<code>")
    kind = serializers.ChoiceField(choices=["department", "role"])
    code = serializers.CharField()
    name = serializers.CharField()
    department = serializers.CharField()
    department_name = serializers.CharField()
    chat = serializers.CharField(help_text="The department's chat channel.")
    email = serializers.CharField(help_text="The department's email.")
    is_active = serializers.BooleanField()
    people = ContactSerializer(many=True, help_text="Who holds this party today.")


class LookupLettersSerializer(serializers.Serializer):
    """The parties holding each letter, in RACI_ORDER."""

    A = LookupPartySerializer(many=True, help_text="Accountable.")
    R = LookupPartySerializer(many=True, help_text="Responsible.")
    C = LookupPartySerializer(many=True, help_text="Consulted.")
    I = LookupPartySerializer(many=True, help_text="Informed.")  # noqa: E741


class LookupDutySerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    out_of_scope = serializers.CharField()
    process = serializers.CharField(allow_null=True)
    process_name = serializers.CharField(allow_null=True)
    process_channel = serializers.CharField(allow_null=True)
    step = serializers.IntegerField(allow_null=True)
    raci = LookupLettersSerializer()
