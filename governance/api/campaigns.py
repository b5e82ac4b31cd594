"""campaigns/: confirmation campaigns, their tasks and answers, and their evidence pack
(docs/campaigns.md).

Who may open one over a department or a process is who may edit it; the whole organisation
needs the permission to add campaigns. Each person asked answers for themselves. Every rule is
`governance.campaigns`'; these views parse, call it and answer.
"""

import tempfile

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from departments.models import Department
from governance.api.evidence import LoginAccess
from governance.api.serializers import StringField
from governance.api.views import NumberedViewSet
from governance.campaign_selectors import (
    STATES,
    campaign_items,
    campaign_list,
    campaign_progress,
    campaign_read,
)
from governance.campaigns import campaign_answer, campaign_change, campaign_open
from governance.evidence import CONTENT_TYPE, campaign_day, evidence_filename, evidence_write
from governance.models import REASON_MAX, ItemAnswer, Proposal
from governance.selectors import proposal_get
from registry.api.fields import code_reference
from registry.api.schemas import error_responses
from responsibilities.models import Duty, Process


class CampaignInputSerializer(serializers.Serializer):
    title = StringField(max_length=200)
    deadline = serializers.DateField(input_formats=["iso-8601"],
                                     help_text="The day answers are due (after today).")
    department = code_reference(Department, required=False, allow_null=True,
                                help_text="Ask about the duties this department (or one of its "
                                          "roles) is Accountable or Responsible for.")
    process = code_reference(Process, required=False, allow_null=True,
                             help_text="Ask about the steps of this process. Neither: every "
                                       "duty.")


class CampaignChangeSerializer(serializers.Serializer):
    title = StringField(max_length=200, required=False)
    deadline = serializers.DateField(input_formats=["iso-8601"], required=False)


class ProgressSerializer(serializers.Serializer):
    department = serializers.CharField(allow_null=True, help_text="Department code; null for "
                                                                  "the whole campaign.")
    name = serializers.CharField()
    total = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    others = serializers.IntegerField(help_text="Confirmed by another owner of the duty.")
    proposed = serializers.IntegerField()
    disowned = serializers.IntegerField()
    waiting = serializers.IntegerField(help_text="Not answered.")


class CampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    department = serializers.CharField(allow_null=True)
    process = serializers.CharField(allow_null=True)
    deadline = serializers.DateField()
    opened_by = serializers.CharField()
    opened_at = serializers.DateTimeField()
    reminded_on = serializers.DateField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    is_open = serializers.BooleanField()
    items = serializers.IntegerField(help_text="Duties asked about, one per person asked.")
    answered = serializers.IntegerField(help_text="Items answered, or settled by another "
                                                  "owner's confirmation.")


class CampaignDetailSerializer(CampaignSerializer):
    progress = ProgressSerializer(many=True, help_text="The whole campaign, then each "
                                                       "department.")


class TaskSerializer(serializers.Serializer):
    duty = serializers.CharField()
    duty_title = serializers.CharField()
    person = serializers.IntegerField()
    person_name = serializers.CharField()
    department = serializers.CharField()
    answer = serializers.CharField(help_text='"confirmed", "proposed", "disowned", or "" '
                                             '(not answered).')
    reason = serializers.CharField()
    proposal = serializers.IntegerField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    confirmed_by_another = serializers.BooleanField()


class TaskQuerySerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1,
                                      help_text="One person's task (their id).")


class CampaignAnswerSerializer(serializers.Serializer):
    duty = code_reference(Duty)
    answer = serializers.ChoiceField(choices=ItemAnswer.choices)
    reason = StringField(max_length=REASON_MAX, required=False, allow_blank=True, default="",
                         help_text='Why the duty is not yours ("disowned").')
    proposal = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1,
                                        help_text='Your proposal that changes it ("proposed").')

    def validate_proposal(self, value):
        try:
            return proposal_get(value)
        except Proposal.DoesNotExist:
            raise serializers.ValidationError(_("There is no proposal #%(id)s.")
                                              % {"id": value}) from None


def campaign_dict(campaign):
    return {"id": campaign.pk, "title": campaign.title,
            "department": campaign.department.code if campaign.department else None,
            "process": campaign.process.code if campaign.process else None,
            "deadline": campaign.deadline, "opened_by": campaign.opened_by.get_username(),
            "opened_at": campaign.opened_at, "reminded_on": campaign.reminded_on,
            "closed_at": campaign.closed_at, "is_open": campaign.is_open,
            "items": campaign.item_count, "answered": campaign.answered_count}


def _progress_dict(progress):
    return {"department": progress.code or None, "name": progress.name, "total": progress.total,
            **{str(state): progress.counts[state] for state in STATES}}


def task_dict(item):
    return {"duty": item.duty.code, "duty_title": item.duty.title, "person": item.person_id,
            "person_name": item.person.name, "department": item.department.code,
            "answer": item.answer, "reason": item.reason, "proposal": item.proposal_id,
            "answered_at": item.answered_at, "confirmed_by_another": item.settled_by_others}


@extend_schema_view(
    list=extend_schema(responses={200: CampaignSerializer(many=True)}),
    create=extend_schema(request=CampaignInputSerializer,
                         responses={201: CampaignDetailSerializer, **error_responses(400, 403)}),
    retrieve=extend_schema(responses={200: CampaignDetailSerializer}),
    partial_update=extend_schema(request=CampaignChangeSerializer,
                                 responses={200: CampaignDetailSerializer,
                                            **error_responses(400, 403)}),
)
class CampaignViewSet(NumberedViewSet):
    """Confirmation campaigns, newest first: list, open, read (with progress per department),
    rename or move the deadline, tasks/, answers/ and evidence/."""

    serializer_class = CampaignInputSerializer

    def get_queryset(self):
        return campaign_list()

    def get_object(self):
        campaign = campaign_read(self.kwargs["id"])
        if campaign is None:
            raise NotFound(_("There is no confirmation campaign #%(id)s.")
                           % {"id": self.kwargs["id"]})
        self.check_object_permissions(self.request, campaign)
        return campaign

    def _detail(self, campaign):
        campaign = campaign_read(campaign.pk)
        whole, departments = campaign_progress(campaign)
        return {**campaign_dict(campaign),
                "progress": [_progress_dict(part) for part in (whole, *departments)]}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(campaign_list())
        return self.get_paginated_response([campaign_dict(campaign) for campaign in page])

    def create(self, request, *args, **kwargs):
        """Open a campaign: each person holding an A or R post on a duty in scope is asked."""
        payload = CampaignInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        campaign = campaign_open(user=request.user, **payload.validated_data)
        return Response(self._detail(campaign), status=status.HTTP_201_CREATED)

    def retrieve(self, request, *args, **kwargs):
        return Response(self._detail(self.get_object()))

    def partial_update(self, request, *args, **kwargs):
        """Rename an open campaign or move its deadline."""
        campaign = self.get_object()
        payload = CampaignChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        campaign = campaign_change(user=request.user, campaign=campaign,
                                   **payload.validated_data)
        return Response(self._detail(campaign))

    @extend_schema(parameters=[TaskQuerySerializer],
                   responses={200: TaskSerializer(many=True), **error_responses(400)})
    @action(detail=True, methods=["get"])
    def tasks(self, request, id=None):
        """Every duty asked about, for each person asked, with their answer."""
        campaign = self.get_object()
        query = TaskQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(campaign_items(campaign, **query.validated_data))
        return self.get_paginated_response([task_dict(item) for item in page])

    @extend_schema(request=CampaignAnswerSerializer,
                   responses={201: TaskSerializer, **error_responses(400, 403)})
    @action(detail=True, methods=["post"])
    def answers(self, request, id=None):
        """Your answer on one duty the campaign asks you about: "confirmed", "disowned" with a
        reason, or "proposed" with your proposal that changes it."""
        campaign = self.get_object()
        payload = CampaignAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = campaign_answer(user=request.user, campaign=campaign, **payload.validated_data)
        item = campaign_items(campaign).get(pk=item.pk)
        return Response(task_dict(item), status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, CONTENT_TYPE): OpenApiResponse(
        OpenApiTypes.BINARY, description="evidence-campaign-N-YYYY-MM-DD.xlsx: sheets "
                                         "Campaign, Matrix, Owners, Confirmations, Findings and "
                                         "Waivers.")})
    @action(detail=True, methods=["get"], permission_classes=[LoginAccess])
    def evidence(self, request, id=None):
        """The campaign's evidence pack: its answers, then the registry on the day of its
        deadline (today while it is open)."""
        campaign = self.get_object()
        day = campaign_day(campaign)
        file = tempfile.TemporaryFile(prefix="evidence-")
        evidence_write(day=day, target=file, campaign=campaign)
        file.seek(0)
        return FileResponse(file, as_attachment=True,
                            filename=evidence_filename(day, campaign),
                            content_type=CONTENT_TYPE)
