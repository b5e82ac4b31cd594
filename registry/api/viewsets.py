"""The base of every CRUD resource: reads from a selector, writes through the record services."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from registry.api.access import RecordAccess
from registry.services import record_create, record_delete, record_restore, record_update

CODE_REGEX = r"[-a-zA-Z0-9_]+"


class RegistryViewSet(viewsets.ModelViewSet):
    """A registry model addressed by `code`; `selector` returns the queryset to read."""

    lookup_field = "code"
    lookup_value_regex = CODE_REGEX
    permission_classes = [RecordAccess]
    selector = None

    def get_queryset(self):
        return type(self).selector()

    def perform_create(self, serializer):
        instance = serializer.Meta.model(**serializer.validated_data)
        serializer.instance = record_create(user=self.request.user, instance=instance)

    def perform_update(self, serializer):
        serializer.instance = record_update(
            user=self.request.user, instance=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        record_delete(user=self.request.user, instance=instance)

    # The answer is the restored object, as a read of it returns it.
    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def restore(self, request, code):
        """Bring back the last object deleted with this code, as it was, with what its deletion
        took along (a duty's letters) and the references it unlinked (the processes a department
        owned); recorded in the history."""
        restored = record_restore(user=request.user, model=self.get_queryset().model, code=code)
        return Response(self.get_serializer(self.get_queryset().get(pk=restored.pk)).data)


class RegistryByIdViewSet(RegistryViewSet):
    """A registry model without a code (people, memberships, assignments), addressed by id."""

    lookup_field = "pk"
    lookup_url_kwarg = "id"
    lookup_value_regex = r"[0-9]+"
    restore = None  # objects without a code are restored with what contained them
