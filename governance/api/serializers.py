"""Input and output shapes of proposals/ and their answers/.

The input serializers check shape only (strings, lists, lengths, known codes); every rule of
who may do what and which change is allowed runs in `governance.services`. The output
serializers describe the dicts of `governance.api.representation` exactly, for the OpenAPI
document.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from departments.models import Department
from findings.api.schemas import FindingSerializer
from governance.models import REASON_MAX, ProposalState, Verdict
from governance.services import MAX_CELLS
from registry.api.fields import code_reference
from responsibilities.models import Duty

TITLE_LENGTH = 200


class StringField(serializers.CharField):
    """A CharField that takes a JSON string only: a number or a boolean is a shape error, not
    text to convert."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ProposedCellInputSerializer(serializers.Serializer):
    duty = StringField(max_length=100, help_text="Duty code.")
    party = StringField(max_length=120, help_text="role:<code> or department:<code>.")
    raci = StringField(max_length=40, allow_blank=True,
                     help_text='The letters the cell should hold, e.g. "AR"; "" clears it.')


def proposed_cells(**extra):
    return ProposedCellInputSerializer(
        many=True, max_length=MAX_CELLS,
        help_text=f"The cells to change (at most {MAX_CELLS}), each to the letters given.",
        **extra)


class ProposalInputSerializer(serializers.Serializer):
    title = StringField(max_length=TITLE_LENGTH)
    reason = StringField(max_length=REASON_MAX, help_text="Why the matrix should change.")
    cells = proposed_cells()
    draft = serializers.BooleanField(default=False,
                                     help_text="true: keep it as a draft, not yet put to the "
                                               "departments.")


# A pattern, not an enum: the document's `state` enum is every state a proposal may be in.
@extend_schema_field({"type": "string", "pattern": "^(open|withdrawn)$"})
class StateChangeField(serializers.ChoiceField):
    """The state the author asks for: "open" or "withdrawn"."""

    def __init__(self, **kwargs):
        super().__init__(choices=[ProposalState.OPEN, ProposalState.WITHDRAWN], **kwargs)


class ProposalChangeSerializer(serializers.Serializer):
    title = StringField(max_length=TITLE_LENGTH, required=False)
    reason = StringField(max_length=REASON_MAX, required=False)
    cells = proposed_cells(required=False)
    state = StateChangeField(
        required=False,
        help_text='"open": submit a draft, reopen a rejected proposal or refresh a stale one; '
                  '"withdrawn": take it back. Applied after the other fields.')


class ProposalQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=ProposalState.choices, required=False)
    department = code_reference(Department, required=False,
                                help_text="Proposals with a cell of this department or of one "
                                          "of its roles.")
    duty = code_reference(Duty, required=False, help_text="Proposals with a cell on this duty.")
    author = serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.all(), required=False,
        help_text="Proposals by this user (username).",
        error_messages={"does_not_exist": _("There is no user “{value}”.")})

    def filters(self):
        """The validated filters as `proposal_list()` takes them (codes, the author a user)."""
        data = self.validated_data
        return {"state": data.get("state"), "author": data.get("author"),
                "department": getattr(data.get("department"), "code", None),
                "duty": getattr(data.get("duty"), "code", None)}


class AnswerInputSerializer(serializers.Serializer):
    department = code_reference(Department, help_text="The department answering (its code).")
    answer = serializers.ChoiceField(choices=Verdict.choices)
    reason = StringField(max_length=REASON_MAX, allow_blank=True, default="",
                       help_text="Why; required for an objection.")


class ProposedCellSerializer(serializers.Serializer):
    duty = serializers.CharField()
    duty_title = serializers.CharField()
    party = serializers.CharField(help_text="role:<code> or department:<code>.")
    party_name = serializers.CharField()
    department = serializers.CharField(help_text="The code of the party's department.")
    before = serializers.CharField(help_text="The letters when the round was put forward.")
    after = serializers.CharField(help_text="The letters proposed.")


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    reason = serializers.CharField()
    author = serializers.CharField(help_text="The author's username.")
    state = serializers.ChoiceField(choices=ProposalState.choices)
    round = serializers.IntegerField(help_text="The version put to the departments.")
    created_at = serializers.DateTimeField()
    opened_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    deadline = serializers.DateTimeField(
        allow_null=True, help_text="When silence becomes consent: set only while the proposal "
                                   "is open and RACI_CONSENT_DAYS is on.")
    cells = ProposedCellSerializer(many=True)


class ConsentSerializer(serializers.Serializer):
    department = serializers.CharField()
    department_name = serializers.CharField()
    answer = serializers.ChoiceField(choices=Verdict.choices, allow_null=True,
                                     help_text="null: not answered yet this round.")
    reason = serializers.CharField(allow_null=True)
    by = serializers.CharField(allow_null=True, help_text="Username; null for the consent the "
                                                          "deadline gave.")
    at = serializers.DateTimeField(allow_null=True)
    automatic = serializers.BooleanField()
    may_answer = serializers.BooleanField(help_text="Whether you may give this answer now.")


class ProposalFindingsSerializer(serializers.Serializer):
    introduced = FindingSerializer(many=True)
    resolved = FindingSerializer(many=True)


class ProposalDetailSerializer(ProposalSerializer):
    consent = ConsentSerializer(many=True, help_text="The departments that must answer the "
                                                     "current round.")
    findings = ProposalFindingsSerializer(
        help_text="What applying the cells would do (draft, open, rejected, stale), what it did "
                  "(applied), or nothing (withdrawn).")


class AnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round = serializers.IntegerField()
    department = serializers.CharField()
    department_name = serializers.CharField()
    answer = serializers.ChoiceField(choices=Verdict.choices)
    reason = serializers.CharField()
    by = serializers.CharField(allow_null=True)
    at = serializers.DateTimeField()
    automatic = serializers.BooleanField()


class AnsweredSerializer(AnswerSerializer):
    # Text, not a second name for the `state` enum of the proposal.
    proposal_state = serializers.CharField(
        help_text='The proposal\'s `state` after the answer: "applied" after the last consent, '
                  '"rejected" after an objection, "stale" if the matrix moved meanwhile.')
