"""The base of every CRUD resource: reads from a selector, writes through the record services."""

from rest_framework import viewsets

from registry.api.access import RecordAccess
from registry.services import record_create, record_delete, record_update

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


class RegistryByIdViewSet(RegistryViewSet):
    """A registry model without a code (people, memberships, assignments), addressed by id."""

    lookup_field = "pk"
    lookup_url_kwarg = "id"
    lookup_value_regex = r"[0-9]+"
