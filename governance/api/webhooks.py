"""webhooks/: other systems' subscriptions to events, and each one's delivery log
(docs/webhooks.md). Holding the secrets they sign with, they are for those with the webhook
model permissions only: view (or change) to read, add, change and delete to write."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from governance.models import Delivery, EventType, Webhook
from governance.webhooks import webhook_delete, webhook_save
from registry.api.renderers import ORJSONRenderer
from registry.api.schemas import error_responses
from registry.permissions import is_active_user

ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


class WebhookAccess(BasePermission):
    """The webhook model permission of the method: view or change to read, add, change or
    delete to write. Anonymous visitors are asked to log in (401)."""

    def has_permission(self, request, view):
        user = request.user
        if not is_active_user(user):
            return False
        if request.method in SAFE_METHODS:
            return user.has_perm("governance.view_webhook") or user.has_perm(
                "governance.change_webhook")
        if user.has_perm(f"governance.{ACTIONS.get(request.method, 'change')}_webhook"):
            return True
        raise PermissionDenied("You may not change the webhooks: that needs the webhook "
                               "permissions (ask an administrator).")


class WebhookSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EventType.choices), required=False,
        max_length=len(EventType.values), help_text="The event types wanted; empty: all.")
    url = serializers.URLField(max_length=500)

    class Meta:
        model = Webhook
        fields = ["id", "name", "url", "events", "is_active", "secret", "created_at"]
        read_only_fields = ["secret", "created_at"]


class DeliverySerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="event_id")
    type = serializers.CharField(source="event.type")
    happened = serializers.DateTimeField(source="event.created_at")

    class Meta:
        model = Delivery
        fields = ["id", "event", "type", "happened", "state", "attempts", "next_attempt_at",
                  "delivered_at", "response_status", "error"]


@extend_schema_view(
    create=extend_schema(responses={201: WebhookSerializer, **error_responses(400, 403)}),
    partial_update=extend_schema(responses={200: WebhookSerializer,
                                            **error_responses(400, 403)}),
    destroy=extend_schema(responses={204: None, **error_responses(403)}),
)
class WebhookViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Subscriptions: list, create (its secret is made then), read, change, delete; and
    `deliveries/`, the latest first."""

    permission_classes = [WebhookAccess]
    serializer_class = WebhookSerializer
    renderer_classes = [ORJSONRenderer]
    filter_backends = []
    lookup_value_regex = r"[0-9]{1,18}"
    lookup_url_kwarg = "id"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return Webhook.objects.order_by("name", "id")

    def create(self, request, *args, **kwargs):
        payload = WebhookSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        webhook = webhook_save(Webhook(**payload.validated_data))
        return Response(WebhookSerializer(webhook).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        webhook = self.get_object()
        payload = WebhookSerializer(webhook, data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        for field, value in payload.validated_data.items():
            setattr(webhook, field, value)
        return Response(WebhookSerializer(webhook_save(webhook)).data)

    def destroy(self, request, *args, **kwargs):
        webhook_delete(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={200: DeliverySerializer(many=True)})
    @action(detail=True, methods=["get"])
    def deliveries(self, request, *args, **kwargs):
        webhook = self.get_object()
        page = self.paginate_queryset(
            webhook.deliveries.select_related("event").order_by("-id"))
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)
