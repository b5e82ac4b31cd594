"""handover/: hand a role's, a department's or a person's letters to successors."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from findings.api.schemas import CellsConflictSerializer, FindingSerializer
from findings.handover import handover_run
from registry.api.access import ReadAccess
from registry.api.exceptions import Conflict
from registry.api.schemas import error_responses
from responsibilities.handover import cells_before
from responsibilities.services.cells import CellConflict


class SeenCellSerializer(serializers.Serializer):
    duty = serializers.CharField(max_length=100)
    party = serializers.CharField(max_length=120)
    raci = serializers.CharField(max_length=40, allow_blank=True)


class HandoverInputSerializer(serializers.Serializer):
    party = serializers.CharField(max_length=120, required=False,
                                  help_text="The role or department handed over: "
                                            "role:<code> or department:<code>.")
    person = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1,
                                      help_text="Or a person: the roles they hold today.")
    to = serializers.CharField(max_length=120, allow_blank=True, default="",
                               help_text="Who takes over every duty not named in `duties`.")
    duties = serializers.DictField(child=serializers.CharField(max_length=120, allow_blank=True),
                                   required=False, default=dict,
                                   help_text='{duty code: party key} for duties going elsewhere; '
                                             '"" keeps the duty where it is.')
    expect = SeenCellSerializer(many=True, required=False, default=list,
                                help_text="The cells as you last saw them (a dry run's `cells`); "
                                          "409 if one differs.")
    dry_run = serializers.BooleanField(default=False, help_text="Preview: change nothing.")

    def validate(self, data):
        if ("party" in data) == ("person" in data):
            raise serializers.ValidationError(
                {"party": _("Give either a party or a person to hand over.")})
        return data


class MoveSerializer(serializers.Serializer):
    duty = serializers.CharField()
    duty_title = serializers.CharField()
    source = serializers.CharField(help_text="The party handing the letters over.")
    letters = serializers.CharField()
    successor = serializers.CharField(help_text='Who takes them over ("": kept).')
    successor_letters = serializers.CharField(help_text="The successor's letters before.")


class HandoverOutcomeSerializer(serializers.Serializer):
    applied = serializers.BooleanField()
    sources = serializers.ListField(child=serializers.CharField())
    moves = MoveSerializer(many=True)
    cells = SeenCellSerializer(many=True, help_text="The cells the handover changes, as they "
                                                    "stand before it: send them back as "
                                                    "`expect`.")
    introduced = FindingSerializer(many=True)
    resolved = FindingSerializer(many=True)


class HandoverView(APIView):
    """Hand over letters in one batch: all of them, or (400, 403, 409) none."""

    permission_classes = [ReadAccess]

    @extend_schema(request=HandoverInputSerializer,
                   responses={200: HandoverOutcomeSerializer, 409: CellsConflictSerializer,
                              **error_responses(400, 403)})
    def post(self, request):
        payload = HandoverInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        seen = {(cell["duty"], cell["party"]): cell["raci"] for cell in data["expect"]}
        try:
            outcome = handover_run(
                user=request.user, party=data.get("party"), person=data.get("person"),
                successor=data["to"], per_duty=data["duties"], seen=seen,
                dry_run=data["dry_run"])
        except CellConflict as conflict:
            raise Conflict({"detail": str(conflict), "cells": conflict.cells}) from conflict
        return Response({
            "applied": outcome.applied, "sources": outcome.sources,
            "moves": [vars(move) for move in outcome.moves],
            "cells": cells_before(outcome.moves),
            "introduced": [finding.as_dict() for finding in outcome.introduced],
            "resolved": [finding.as_dict() for finding in outcome.resolved],
        })
