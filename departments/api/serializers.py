"""Input and output shapes of departments, roles, people and memberships.

References are codes (a membership's person is its id); business rules live in the models'
`clean()`/constraints and run in the services' `full_clean()`.
"""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from departments.models import Department, Membership, Person, Role
from registry.api.fields import TranslatedField, code_reference


class DepartmentSerializer(serializers.ModelSerializer):
    parent = code_reference(Department, required=False, allow_null=True)
    name = TranslatedField("name", needed=True, max_length=200)
    description = TranslatedField("description")

    class Meta:
        model = Department
        fields = ["id", "code", "name", "name_en", "name_zh_hans", "parent", "description",
                  "description_en", "description_zh_hans", "email", "chat", "is_active"]
        validators = []  # whole-object checks run in the service's full_clean()


class RoleSerializer(serializers.ModelSerializer):
    department = code_reference(Department)
    name = TranslatedField("name", needed=True, max_length=200)
    description = TranslatedField("description")

    class Meta:
        model = Role
        fields = ["id", "code", "name", "name_en", "name_zh_hans", "department", "description",
                  "description_en", "description_zh_hans", "is_approver", "is_active"]
        validators = []


class PersonSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.all(), required=False,
        allow_null=True, help_text="The login of this person, by username.",
    )
    name = TranslatedField("name", needed=True, max_length=200)

    class Meta:
        model = Person
        fields = ["id", "name", "name_en", "name_zh_hans", "email", "phone", "chat", "user",
                  "notify", "language", "is_active"]
        validators = []


class MembershipSerializer(serializers.ModelSerializer):
    role = code_reference(Role)

    class Meta:
        model = Membership
        fields = ["id", "person", "role", "is_primary", "start_date", "end_date"]
        validators = []
