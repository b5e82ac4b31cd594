"""Input and output shapes of processes, duties and assignments; references are codes."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from departments.models import Department, Role
from registry.api.fields import TranslatedField, code_reference
from responsibilities.models import RACI_ORDER, Assignment, Duty, Process
from responsibilities.parties import party_key


class ProcessSerializer(serializers.ModelSerializer):
    owner = code_reference(Department, required=False, allow_null=True,
                           help_text="Code of the owner department.")
    name = TranslatedField("name", needed=True, max_length=200)
    description = TranslatedField("description")

    class Meta:
        model = Process
        fields = ["id", "code", "name", "name_en", "name_zh_hans", "description", "description_en",
                  "description_zh_hans", "owner", "kind", "channel", "is_active"]
        validators = []  # whole-object checks run in the service's full_clean()


class DutyLetterSerializer(serializers.Serializer):
    """One letter of one party on a duty."""

    party = serializers.CharField(help_text="department:<code> or role:<code>")
    raci = serializers.CharField()


def party_of(assignment):
    return party_key(
        department_code=assignment.department.code if assignment.department_id else None,
        role_code=assignment.role.code if assignment.role_id else None,
    )


class DutySerializer(serializers.ModelSerializer):
    process = code_reference(Process, required=False, allow_null=True)
    assignments = serializers.SerializerMethodField(
        help_text="The letters on this duty (read only: set them through matrix/cells/ or "
                  "assignments/)."
    )
    title = TranslatedField("title", needed=True, max_length=300)
    description = TranslatedField("description")
    out_of_scope = TranslatedField("out_of_scope")

    class Meta:
        model = Duty
        fields = ["id", "code", "title", "title_en", "title_zh_hans", "description",
                  "description_en", "description_zh_hans", "out_of_scope", "out_of_scope_en",
                  "out_of_scope_zh_hans", "process", "step", "review_by", "is_active",
                  "is_control", "assignments", "created_at", "confirmed_at", "confirmed_by"]
        read_only_fields = ["created_at", "confirmed_at", "confirmed_by"]
        validators = []

    @extend_schema_field(DutyLetterSerializer(many=True))
    def get_assignments(self, duty):
        prefetched = "assignments" in getattr(duty, "_prefetched_objects_cache", {})
        rows = (duty.assignments.all() if prefetched
                else duty.assignments.select_related("department", "role"))
        letters = [{"party": party_of(row), "raci": row.raci} for row in rows]
        return sorted(letters, key=lambda item: (RACI_ORDER.index(item["raci"]), item["party"]))


class AssignmentSerializer(serializers.ModelSerializer):
    duty = code_reference(Duty)
    department = code_reference(Department, required=False, allow_null=True)
    role = code_reference(Role, required=False, allow_null=True)
    party = serializers.SerializerMethodField(help_text="department:<code> or role:<code>")

    class Meta:
        model = Assignment
        fields = ["id", "duty", "party", "department", "role", "raci", "note"]
        validators = []

    def get_party(self, assignment) -> str:
        return party_of(assignment)
