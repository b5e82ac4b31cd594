"""lookup/?q=: “who owns this?” for other systems (ticketing, incident tools)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import BaseRenderer

from registry.api.access import ReadAccess
from registry.api.pagination import RegistryPagination
from registry.api.renderers import ORJSONRenderer
from registry.api.schemas import error_responses
from responsibilities.api.schemas import LookupResponseSerializer
from responsibilities.models import RACI_ORDER
from responsibilities.selectors.lookup import (
    PEOPLE_SHOWN,
    LookupResults,
    lookup_answer,
    lookup_cards,
    lookup_question,
)

NEED_QUERY = _("Say what to look for: ?q=<words from a duty's code, title, description or "
               "process>.")


def _holders_payload(entry):
    party = entry.party
    return {
        "party": party.key, "kind": party.kind, "code": party.code, "name": party.name,
        "department": party.department_code, "department_name": party.department_name,
        "chat": party.chat, "email": party.email, "is_active": party.is_active,
        "people": [{"name": person.name, "email": person.email, "phone": person.phone,
                    "chat": person.chat} for person in entry.people[:PEOPLE_SHOWN]],
        "people_count": entry.held_by,
    }


def lookup_payload(cards):
    """The LookupDuty cards as LookupDutySerializer describes them."""
    return [
        {"code": card.code, "title": card.title, "description": card.description,
         "out_of_scope": card.out_of_scope, "process": card.process,
         "process_name": card.process_name, "process_channel": card.process_channel,
         "step": card.step,
         "raci": {letter: [_holders_payload(entry) for entry in entries]
                  for letter, entries in card.raci.items()},
         "other_title": card.other_title, "reasons": card.reasons, "not_ours": card.not_ours,
         "asks": [{"party": key, "name": name} for key, name in card.asks]}
        for card in cards
    ]


def _answer_payload(answer):
    if answer is None:
        return None
    return {"kind": answer.kind, "name": answer.name,
            "roles": [party.key for party in answer.roles],
            "accountable": [card.code for card in answer.accountable],
            "responsible": [card.code for card in answer.responsible]}


class LookupQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=200, help_text="A question or words: from a duty's code, title, description, "
                                  "what it does not cover, its process, its parties or the "
                                  "people holding them; English or Chinese (either script).",
        error_messages={"required": NEED_QUERY, "blank": NEED_QUERY},
    )


class LookupPagination(RegistryPagination):
    """The page and the count of LookupResults in one query. An answer is read from the top:
    ten results unless `limit` asks for more (at most 100), each with its parties and people."""

    default_limit = 10
    max_limit = 100

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        rows = queryset[self.offset:self.offset + self.limit]
        self.count = queryset.count()  # known from the page's query unless it is empty
        return rows


class LookupTextRenderer(BaseRenderer):
    """?format=text: a few plain lines per duty, for chat bots and terminals."""

    media_type = "text/plain"
    format = "text"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if not isinstance(data, dict) or "results" not in data:  # an error
            return "".join(f"{key}: {_flat(value)}\n" for key, value in (data or {}).items())
        lines = []
        for result in data["results"]:
            step = _("step %(step)s") % {"step": result["step"]} if result["step"] else ""
            where = (f" · {result['process_name']}" + (f", {step}" if step else "")
                     if result["process"] else "")
            lines.append(f"{result['title']} [{result['code']}]{where}")
            for letter in RACI_ORDER:
                if result["raci"][letter]:
                    lines.append(f"  {letter}: {_text_parties(result['raci'][letter])}")
            if result["not_ours"]:
                lines.append(f"  {_('Not ours')}: {result['out_of_scope']}")
        lines.append(_("%(shown)s of %(count)s") % {"shown": len(data["results"]),
                                                     "count": data["count"]})
        return "\n".join(lines) + "\n"


def _flat(value):
    return " ".join(map(str, value)) if isinstance(value, list) else str(value)


def _text_parties(parties):
    return "; ".join(
        party["name"] + (f" ({', '.join(person['name'] for person in party['people'][:3])})"
                         if party["people"] else "")
        for party in parties)


class LookupView(GenericAPIView):
    """Duties answering a question, best first (see the ranking in the docs), each with the
    reason it matched, its A/R/C/I parties, the people holding them today and how to reach
    them; the person or post the question names, if any. `?format=text` answers in plain
    text."""

    permission_classes = [ReadAccess]
    serializer_class = LookupResponseSerializer
    # JSON or text: the browsable API needs a queryset these read models do not have.
    renderer_classes = [ORJSONRenderer, LookupTextRenderer]
    pagination_class = LookupPagination
    filter_backends = []

    @extend_schema(parameters=[LookupQuerySerializer],
                   responses={(200, "application/json"): LookupResponseSerializer,
                              (200, "text/plain"): OpenApiTypes.STR,
                              **error_responses(400)})
    def get(self, request):
        query = LookupQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        question = lookup_question(query.validated_data["q"])
        rows = self.paginate_queryset(LookupResults(question))
        cards = lookup_cards(duties=rows, question=question)
        answer = lookup_answer(question=question, cards=cards) if not self.paginator.offset \
            else None
        response = self.get_paginated_response(lookup_payload(cards))
        response.data = {**{key: response.data[key] for key in ("count", "next", "previous")},
                         "corrected": question.corrected, "answer": _answer_payload(answer),
                         "results": response.data["results"]}
        return response
