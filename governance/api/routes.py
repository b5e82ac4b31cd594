"""The proposals' part of /api/v1/ (no app_name: the root URLconf puts every app's endpoints
in one `api` namespace)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from governance.api.campaigns import CampaignViewSet
from governance.api.evidence import EvidenceView
from governance.api.views import ProposalViewSet
from governance.api.webhooks import WebhookViewSet

router = SimpleRouter()
router.register("proposals", ProposalViewSet, basename="proposal")
router.register("webhooks", WebhookViewSet, basename="webhook")
router.register("campaigns", CampaignViewSet, basename="campaign")

urlpatterns = [*router.urls, path("evidence/", EvidenceView.as_view(), name="evidence")]
