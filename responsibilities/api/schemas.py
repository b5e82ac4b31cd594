"""Output shapes of the matrix and lookup endpoints, for the OpenAPI document.

The views answer with plain values from the read models (`matrix_payload`, `lookup_payload`);
these serializers describe them exactly.
"""

from rest_framework import serializers


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
    people = ContactSerializer(many=True, help_text="Who holds this party today: the first "
                                                    "five by name.")
    people_count = serializers.IntegerField(help_text="How many people hold it today; the "
                                                      "party's page lists them all.")


class LookupLettersSerializer(serializers.Serializer):
    """The parties holding each letter, in RACI_ORDER."""

    A = LookupPartySerializer(many=True, help_text="Accountable.")
    R = LookupPartySerializer(many=True, help_text="Responsible.")
    C = LookupPartySerializer(many=True, help_text="Consulted.")
    I = LookupPartySerializer(many=True, help_text="Informed.")  # noqa: E741


class AskSerializer(serializers.Serializer):
    party = serializers.CharField(help_text="department:<code> or role:<code>")
    name = serializers.CharField()


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
    other_title = serializers.CharField(help_text="The title in the other language, when it "
                                                  "differs (\"\" otherwise).")
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=["code", "title", "description", "out_of_scope",
                                               "accountable_or_responsible",
                                               "consulted_or_informed"]),
        help_text="Where the question's words matched: the code, the title, the description or "
                  "process, what the duty does not cover, an Accountable or Responsible party "
                  "or person, a Consulted or Informed one.")
    not_ours = serializers.BooleanField(help_text="The question matched what this duty does "
                                                  "not cover: ask the parties of `asks`.")
    asks = AskSerializer(many=True, help_text="The parties the out-of-scope text names.")


class LookupAnswerSerializer(serializers.Serializer):
    """The person or post the question names, and what they are A and R for among `results`."""

    kind = serializers.ChoiceField(choices=["person", "role"])
    name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField(),
                                  help_text="The posts through which they hold the letters.")
    accountable = serializers.ListField(child=serializers.CharField(), help_text="Duty codes.")
    responsible = serializers.ListField(child=serializers.CharField(), help_text="Duty codes.")


class LookupResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    corrected = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="{word of the question: [words of the registry one typo away, also searched]}.")
    answer = LookupAnswerSerializer(allow_null=True)
    results = LookupDutySerializer(many=True)
