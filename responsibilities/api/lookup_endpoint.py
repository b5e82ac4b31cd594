"""lookup/?q=: “who owns this?” for other systems (ticketing, incident tools)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView

from registry.api.access import ReadAccess
from registry.api.renderers import ORJSONRenderer
from registry.api.schemas import error_responses
from responsibilities.api.schemas import LookupDutySerializer
from responsibilities.selectors.lookup import lookup_cards, lookup_duties

NEED_QUERY = _("Say what to look for: ?q=<words from a duty's code, title, description or "
               "process>.")


# People listed per party: a department held by hundreds would make each answer megabytes.
PEOPLE_SHOWN = 5


def _holders_payload(entry):
    party = entry.party
    return {
        "party": party.key, "kind": party.kind, "code": party.code, "name": party.name,
        "department": party.department_code, "department_name": party.department_name,
        "chat": party.chat, "email": party.email, "is_active": party.is_active,
        "people": [{"name": person.name, "email": person.email, "phone": person.phone,
                    "chat": person.chat} for person in entry.people[:PEOPLE_SHOWN]],
        "people_count": len(entry.people),
    }


def lookup_payload(cards):
    """The LookupDuty cards as LookupDutySerializer describes them."""
    return [
        {"code": card.code, "title": card.title, "description": card.description,
         "out_of_scope": card.out_of_scope, "process": card.process,
         "process_name": card.process_name, "process_channel": card.process_channel,
         "step": card.step,
         "raci": {letter: [_holders_payload(entry) for entry in entries]
                  for letter, entries in card.raci.items()}}
        for card in cards
    ]


class LookupQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=200, help_text="Words from a duty's code, title, description or process "
                                  "name; Chinese works too.",
        error_messages={"required": NEED_QUERY, "blank": NEED_QUERY},
    )


class LookupView(GenericAPIView):
    """Matching active duties, best first (exact code, code, title, description, process),
    each with its A/R/C/I parties, the people holding them today and how to reach them."""

    permission_classes = [ReadAccess]
    serializer_class = LookupDutySerializer
    # JSON only: the browsable API needs a queryset these read models do not have.
    renderer_classes = [ORJSONRenderer]
    filter_backends = []

    @extend_schema(parameters=[LookupQuerySerializer],
                   responses={200: LookupDutySerializer(many=True), **error_responses(400)})
    def get(self, request):
        query = LookupQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(lookup_duties(q=query.validated_data["q"]))
        return self.get_paginated_response(lookup_payload(lookup_cards(duties=page)))
