"""waivers/: the findings someone decided to live with, until a date (docs/findings.md,
"Waivers"). Create names the finding by its key (as `findings/` gives it); only the reason and
the expiry change afterwards; delete withdraws the waiver."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from findings.api.schemas import WaiverSerializer
from findings.selectors import waiver_dict
from findings.waivers import waiver_create, waiver_list, waiver_update, waiver_withdraw
from registry.api.access import ReadAccess
from registry.api.renderers import ORJSONRenderer
from registry.api.schemas import error_responses


class WaiverChangeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False)
    expires = serializers.DateField(required=False)


@extend_schema_view(
    create=extend_schema(responses={201: WaiverSerializer, **error_responses(400, 403)}),
    partial_update=extend_schema(request=WaiverChangeSerializer,
                                 responses={200: WaiverSerializer, **error_responses(400, 403)}),
    destroy=extend_schema(responses={204: None, **error_responses(403)}),
)
class WaiverViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Waivers, newest first, in force or not: list, create, read, change (reason and expiry),
    delete (withdraw). Waiving needs the right to edit the finding's duty; changing and
    withdrawing, that or being its author."""

    permission_classes = [ReadAccess]
    serializer_class = WaiverSerializer
    renderer_classes = [ORJSONRenderer]
    filter_backends = []
    lookup_value_regex = r"[0-9]{1,18}"
    lookup_url_kwarg = "id"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return waiver_list()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([waiver_dict(waiver) for waiver in page])

    def retrieve(self, request, *args, **kwargs):
        return Response(waiver_dict(self.get_object()))

    def create(self, request, *args, **kwargs):
        payload = WaiverSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        waiver = waiver_create(user=request.user, **payload.validated_data)
        return Response(waiver_dict(waiver), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        waiver = self.get_object()
        payload = WaiverChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return Response(waiver_dict(waiver_update(user=request.user, waiver=waiver,
                                                  **payload.validated_data)))

    def destroy(self, request, *args, **kwargs):
        waiver_withdraw(user=request.user, waiver=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
