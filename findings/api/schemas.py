"""Output shapes of the findings endpoints and of the cells batch, for the OpenAPI document.

The views answer with `ShownFinding.as_dict()`, `findings_summary()` and
`CellsOutcome.as_dict()`; these serializers describe those dicts exactly.
"""

from rest_framework import serializers

from findings.engine import FindingKind, Severity


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    kind = serializers.ChoiceField(choices=FindingKind.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    duty = serializers.CharField(allow_null=True)
    process = serializers.CharField(allow_null=True)
    parties = serializers.ListField(child=serializers.CharField())
    departments = serializers.ListField(child=serializers.CharField())
    message = serializers.CharField()


class WaiverSerializer(serializers.Serializer):
    """A waiver as the API answers it."""

    id = serializers.IntegerField(read_only=True)
    key = serializers.CharField(max_length=32, help_text="The waived finding's key "
                                                         "(`key` in `findings/`).")
    rule = serializers.CharField(read_only=True)
    duty = serializers.CharField(read_only=True, allow_null=True)
    parties = serializers.ListField(child=serializers.CharField(), read_only=True)
    reason = serializers.CharField(max_length=2000, help_text="Why the finding may stay.")
    author = serializers.CharField(read_only=True, allow_null=True)
    created = serializers.DateTimeField(read_only=True)
    expires = serializers.DateField(help_text="The finding counts again from this day on: "
                                              "after today, at most RACI_WAIVER_MAX_DAYS ahead.")


class ListedFindingSerializer(FindingSerializer):
    key = serializers.CharField(help_text="The finding's identity: what a waiver names.")
    waiver = WaiverSerializer(required=False,
                                   help_text="With `?waived=true`: the waiver in force.")


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
    waived = serializers.IntegerField(help_text="Findings matching the filters that are waived: "
                                                "not counted in the other keys.")


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
