"""The error bodies every endpoint may answer with, for the OpenAPI document."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong.")


# A 400 names each rejected field with its messages, or says what went wrong in `detail`.
INVALID_INPUT = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong."}},
    "additionalProperties": {
        "description": "A rejected field (or `cells`, `non_field_errors`) and its messages.",
        "type": "array", "items": {"type": "string"},
    },
}


ERROR_DESCRIPTIONS = {
    400: "Invalid input: {\"field\": [\"message\"]}, or {\"detail\": \"message\"}.",
    401: "Not logged in (send `Authorization: Token <key>`).",
    403: "Logged in, but not allowed to change this part of the registry; nothing changed.",
    404: "No such object.",
    409: "The request conflicts with the data as it stands; nothing changed.",
}


def error_responses(*codes):
    """{status: OpenApiResponse} for the given error codes."""
    return {code: OpenApiResponse(INVALID_INPUT if code == 400 else ErrorSerializer,
                                  description=ERROR_DESCRIPTIONS[code])
            for code in codes}
