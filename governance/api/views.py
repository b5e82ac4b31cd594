"""proposals/: changes of matrix cells put to every department they touch (docs/proposals.md).

Anyone logged in proposes; only the author revises, submits, reopens, refreshes or withdraws
(PATCH); each department asked answers through `answers/`. Every rule is
`governance.services`'; these views parse, call it and answer.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from governance.api.representation import (
    answer_dict,
    cells_prefetch,
    proposal_detail_dict,
    proposal_dict,
)
from governance.api.serializers import (
    AnsweredSerializer,
    AnswerInputSerializer,
    AnswerSerializer,
    ProposalChangeSerializer,
    ProposalDetailSerializer,
    ProposalInputSerializer,
    ProposalQuerySerializer,
    ProposalSerializer,
)
from governance.models import Proposal, ProposalState
from governance.selectors import answer_list, proposal_cells, proposal_get, proposal_list
from governance.services import (
    proposal_answer,
    proposal_create,
    proposal_open,
    proposal_revise,
    proposal_withdraw,
)
from registry.api.access import ReadAccess
from registry.api.renderers import ORJSONRenderer
from registry.api.schemas import error_responses
from registry.changes import write_transaction


class NumberedViewSet(viewsets.GenericViewSet):
    """The shape of governance's resources: addressed by id, read by anyone who may read,
    created with POST and changed with PATCH (never replaced nor deleted), answered by the
    views' own dicts."""

    permission_classes = [ReadAccess]
    renderer_classes = [ORJSONRenderer]
    filter_backends = []
    lookup_value_regex = r"[0-9]{1,18}"
    lookup_url_kwarg = "id"
    http_method_names = ["get", "post", "patch", "head", "options"]


@extend_schema_view(
    list=extend_schema(parameters=[ProposalQuerySerializer],
                       responses={200: ProposalSerializer(many=True), **error_responses(400)}),
    create=extend_schema(request=ProposalInputSerializer,
                         responses={201: ProposalDetailSerializer, **error_responses(400, 403)}),
    retrieve=extend_schema(responses={200: ProposalDetailSerializer}),
    partial_update=extend_schema(request=ProposalChangeSerializer,
                                 responses={200: ProposalDetailSerializer,
                                            **error_responses(400, 403)}),
)
class ProposalViewSet(NumberedViewSet):
    """Proposals, newest first: list (filtered), propose, read (with each department's answer
    and the findings), revise or change state (the author), and answers/."""

    serializer_class = ProposalInputSerializer

    def get_queryset(self):
        return proposal_list()

    def get_object(self):
        try:
            proposal = proposal_get(self.kwargs["id"])
        except Proposal.DoesNotExist:
            raise NotFound(_("There is no proposal #%(id)s.") % {"id": self.kwargs["id"]}) \
                from None
        self.check_object_permissions(self.request, proposal)
        return proposal

    def _detail(self, proposal):
        return proposal_detail_dict(proposal, proposal_cells(proposal), user=self.request.user)

    def list(self, request, *args, **kwargs):
        """Proposals, newest first, filtered by state, department, duty and author."""
        query = ProposalQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(proposal_list(**query.filters()))
        cells_prefetch(page)
        return self.get_paginated_response(
            [proposal_dict(proposal, proposal.cells.all()) for proposal in page])

    def create(self, request, *args, **kwargs):
        """Propose a change of cells: put to the departments at once, or kept as a draft."""
        payload = ProposalInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        proposal = proposal_create(user=request.user, **payload.validated_data)
        return Response(self._detail(proposal_get(proposal.pk)),
                        status=status.HTTP_201_CREATED)

    def retrieve(self, request, *args, **kwargs):
        """A proposal, each department's answer to its round, and its findings."""
        return Response(self._detail(self.get_object()))

    def partial_update(self, request, *args, **kwargs):
        """The revision (title, reason, cells) first, then the state asked for, all or nothing.
        New cells that put the proposal to the departments again (a new round) already open
        it: `"open"` then asks for nothing more."""
        proposal = self.get_object()
        payload = ProposalChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        revision = dict(payload.validated_data)
        state, round_before = revision.pop("state", None), proposal.round
        with write_transaction():
            if revision or state is None:
                proposal = proposal_revise(user=request.user, proposal=proposal, **revision)
            if state == ProposalState.WITHDRAWN:
                proposal_withdraw(user=request.user, proposal=proposal)
            elif state == ProposalState.OPEN and proposal.round == round_before:
                proposal_open(user=request.user, proposal=proposal)
        return Response(self._detail(proposal_get(proposal.pk)))

    @extend_schema(methods=["GET"], responses={200: AnswerSerializer(many=True)})
    @extend_schema(methods=["POST"], request=AnswerInputSerializer,
                   responses={201: AnsweredSerializer, **error_responses(400, 403)})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def answers(self, request, id=None):
        """Every answer to the proposal, all rounds, oldest first; POST: a department's answer
        to the open round (the last consent applies the proposal, an objection rejects it)."""
        proposal = self.get_object()
        if request.method != "POST":  # GET and HEAD
            return Response([answer_dict(answer) for answer in answer_list(proposal)])
        payload = AnswerInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        answer = proposal_answer(user=request.user, proposal=proposal,
                                 department=data["department"], verdict=data["answer"],
                                 reason=data["reason"])
        return Response({**answer_dict(answer), "proposal_state": answer.proposal.state},
                        status=status.HTTP_201_CREATED)
