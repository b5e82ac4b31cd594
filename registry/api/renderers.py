"""JSON through orjson: the matrix and the findings are big reads."""

import decimal

import orjson
from django.utils.functional import Promise
from rest_framework.renderers import BaseRenderer


def _default(value):
    """What orjson leaves to us: lazy translations, decimals, sets and other iterables."""
    if isinstance(value, Promise | decimal.Decimal):
        return str(value)
    if hasattr(value, "__iter__"):
        return list(value)
    raise TypeError(f"Type is not JSON serializable: {type(value).__name__}")


class ORJSONRenderer(BaseRenderer):
    """application/json, encoded by orjson (dataclasses and dict/list subclasses included)."""

    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        indent = (renderer_context or {}).get("indent") or _accepted_indent(accepted_media_type)
        option = orjson.OPT_NON_STR_KEYS | (orjson.OPT_INDENT_2 if indent else 0)
        return orjson.dumps(data, default=_default, option=option)


def _accepted_indent(accepted_media_type):
    return accepted_media_type and "indent=" in accepted_media_type
