"""What the SCIM adapters share (docs/scim.md): reading the values Entra ID and Okta send, in
their different spellings, into plain Python, with a SCIM error (400, `invalidValue` and the
like) for anything else. The adapters are identity.scim_users and identity.scim_groups; the
token check is identity.scim_auth; the filters identity.scim_filters."""

import re
import uuid
from urllib.parse import urljoin

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django_scim import exceptions
from django_scim.utils import get_base_scim_location_getter

OPS = ("add", "replace", "remove")
# Strings Entra ID sends for booleans in a PATCH (before its aadOptscim062020 flag).
BOOLEANS = {"true": True, "false": False}


def bad(detail, scim_type="invalidValue"):
    """The SCIM error of a request the registry cannot take (400)."""
    return exceptions.BadRequestError(detail, scim_type=scim_type)


def conflict(detail):
    """The SCIM error of a name already taken (409 uniqueness)."""
    return exceptions.IntegrityError(detail, scim_type="uniqueness")


def boolean(value, attribute):
    """`value` as a bool: JSON true/false, or "True"/"False" as Entra ID sends them."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in BOOLEANS:
        return BOOLEANS[value.strip().lower()]
    raise bad(f'"{attribute}" must be true or false.')


def text(value, attribute):
    """`value` as a stripped string ("" for null)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise bad(f'"{attribute}" must be a string.')
    return value.strip()


def body_dict(body):
    """`body` if it is a JSON object, else a 400."""
    if not isinstance(body, dict):
        raise bad("The body must be a JSON object.")
    return body


def scim_uuid(value, attribute):
    """`value` as a UUID (a SCIM id the registry gave), else a 400."""
    try:
        return uuid.UUID(text(value, attribute))
    except ValueError:
        raise bad(f'"{attribute}" is not an id this service gave: {value!r}.') from None


def plain_path(path, schema):
    """`path` in lower case without its core schema's URN prefix ("" for none)."""
    path = text(path, "path").lower()
    prefix = f"{schema.lower()}:"
    return path[len(prefix):] if path.startswith(prefix) else path


def operations(body, schema):
    """[(op, path, value)] of a PATCH body, op in lower case and path plain (plain_path); an
    operation without a path and with an object value becomes one per key."""
    ops = body_dict(body).get("Operations")
    if not isinstance(ops, list) or not ops:
        raise bad("A PATCH needs a non-empty \"Operations\" list.", "invalidSyntax")
    found = []
    for operation in ops:
        if not isinstance(operation, dict):
            raise bad("Each operation must be a JSON object.", "invalidSyntax")
        op = text(operation.get("op"), "op").lower()
        if op not in OPS:
            raise bad(f'Unknown PATCH op "{operation.get("op")}": use add, replace or remove.',
                      "invalidSyntax")
        path, value = plain_path(operation.get("path"), schema), operation.get("value")
        if path:
            found.append((op, path, value))
        elif op == "remove":
            raise bad('A "remove" operation needs a "path".', "noTarget")
        elif isinstance(value, dict):
            found.extend((op, plain_path(key, schema), item) for key, item in value.items())
        else:
            raise bad("An operation without a path needs an object as its value.",
                      "invalidSyntax")
    return found


FILTERED_VALUE = re.compile(r"^(?P<attr>[a-z]+)\[.*\]\.value$")


def attribute_of(path):
    """`emails[type eq "work"].value` and `emails.value` read as `emails.value`."""
    match = FILTERED_VALUE.match(path)
    return f"{match['attr']}.value" if match else path


def saved(write):
    """Run `write` (a callable), a registry ValidationError becoming a SCIM 400 and a database
    conflict a 409."""
    try:
        return write()
    except ValidationError as error:
        raise bad(" ".join(error.messages)) from None
    except IntegrityError:
        raise conflict("This conflicts with what the registry holds.") from None


def location(url_name, scim_id, request):
    """The absolute address of a SCIM resource."""
    return urljoin(get_base_scim_location_getter()(request),
                   reverse(url_name, kwargs={"uuid": str(scim_id)}))
