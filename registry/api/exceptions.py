"""The one exception handler of the API: every refusal becomes a DRF-shaped 4xx body.

Services raise Django's ValidationError; deleting something still referred to raises
ProtectedError; a race past validation may still raise IntegrityError. None of them may
surface as a 500.
"""

import logging
from collections import Counter

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class Conflict(exceptions.APIException):
    """409: the request is valid but clashes with the data as it stands."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the registry.")
    default_code = "conflict"

    def __init__(self, detail=None, code=None):
        if isinstance(detail, dict):
            self.detail = detail  # a structured body stays as given: numbers stay numbers
        else:
            super().__init__(detail, code)


def validation_detail(error):
    """A Django ValidationError as DRF's body: {"field": ["message"]}."""
    if hasattr(error, "error_dict"):
        return {
            api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
            for field, messages in error.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}


def in_use_message(error):
    """“Cannot delete: still used by 2 roles, 1 assignment.” from a Protected/RestrictedError."""
    objects = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
    counts = Counter(type(obj) for obj in objects)
    users = ", ".join(
        f"{count} {(model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural)}"
        for model, count in counts.items()
    )
    return _("Cannot delete: still used by %(users)s. Remove or move those first.") % {
        "users": users}


def exception_handler(exc, context):
    """DRF's handler, after mapping Django's validation and database refusals to 400/409."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_detail(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict(in_use_message(exc))
    elif isinstance(exc, IntegrityError):
        # Services validate first; this is a concurrent write that won the race.
        logger.warning("IntegrityError turned into 409: %s", exc)
        exc = Conflict(_("Someone else changed the same data at the same time; reload and retry."))
    return drf_exception_handler(exc, context)
