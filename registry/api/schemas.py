"""The error bodies every endpoint may answer with, for the OpenAPI document."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong.")


# A 400 names each rejected field with its messages, or says what went wrong in `detail`.
INVALID_INPUT = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong."}},
    "additionalProperties": {
        "description": "A rejected field (or `cells`, `non_field_errors`) and its messages; "
                       "for a list or an object of fields, the messages of each item by its "
                       "index or field.",
        "anyOf": [
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ],
    },
}


ERROR_DESCRIPTIONS = {
    400: "Invalid input: {\"field\": [\"message\"]}, or {\"detail\": \"message\"}.",
    401: "Not logged in (send `Authorization: Token <key>`).",
    403: "Logged in, but not allowed to change this part of the registry; nothing changed.",
    404: "No such object.",
    409: "The request conflicts with the data as it stands; nothing changed.",
    429: "Too many requests from this user or address: wait the seconds `Retry-After` says.",
}


def error_responses(*codes):
    """{status: OpenApiResponse} for the given error codes."""
    return {code: OpenApiResponse(INVALID_INPUT if code == 400 else ErrorSerializer,
                                  description=ERROR_DESCRIPTIONS[code])
            for code in codes}


class RegistrySchema(AutoSchema):
    """Every operation documents, beside its success, the errors it can answer with: 400, 401,
    403 and 409 (writes), 404 (one object), 429 (throttled). An endpoint's own declarations win."""

    def get_response_serializers(self):
        responses = super().get_response_serializers()
        if not isinstance(responses, dict):
            if self.method == "DELETE":
                responses = {204: None}
            elif self._is_create_operation():
                responses = {201: responses}
            else:
                responses = {200: responses}
        declared = {int(code[0] if isinstance(code, tuple) else code) for code in responses}
        codes = [400, 401, 429]
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            codes += [403, 409]
        if "{" in self.path:
            codes.append(404)
        return {**error_responses(*(code for code in codes if code not in declared)),
                **responses}
