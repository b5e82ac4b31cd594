"""The gate of /scim/v2/ (django-scim2's AUTH_CHECK_MIDDLEWARE, docs/scim.md): only
`Authorization: Bearer <token>` with a token made by `create_scim_token` gets in, as the
token's service user; a browser session or an API token does not (401). Each write is one
transaction, recorded for the sync report (identity.scim_sync) when it changed something."""

import json

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django_scim import exceptions
from django_scim.constants import SCIM_CONTENT_TYPE
from django_scim.middleware import SCIMAuthCheckMiddleware
from django_scim.settings import scim_settings

from identity.scim_sync import recording
from identity.selectors import token_found
from identity.services import token_digest
from registry.changes import write_transaction

READS = ("GET", "HEAD", "OPTIONS")
# The most Users or Groups one list answers.
PAGE_MAX = 200


def _error(error):
    response = HttpResponse(json.dumps(error.to_dict()), content_type=SCIM_CONTENT_TYPE,
                            status=error.status)
    if error.status == 401:
        response["WWW-Authenticate"] = scim_settings.WWW_AUTHENTICATE_HEADER
    return response


def request_token(request):
    """The ScimToken of the request's bearer token, or None."""
    scheme, _space, token = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token_found(token_digest(token.strip()))


def _not_an_object(request):
    """True when a write's body is not a JSON object (django-scim2 expects one); a body that
    is not JSON at all django-scim2 refuses itself (400)."""
    try:
        body = json.loads(request.body.decode() or "{}")
    except UnicodeDecodeError:
        return True
    except ValueError:
        return False
    return not isinstance(body, dict)


def _page_bounded(request):
    """At most PAGE_MAX resources a page, whatever `count` asks (RFC 7644 lets the service
    provider answer fewer)."""
    count = request.GET.get("count", "")
    if count.isdigit() and int(count) > PAGE_MAX:
        request.GET = request.GET.copy()
        request.GET["count"] = str(PAGE_MAX)


class ScimTokenCheck(SCIMAuthCheckMiddleware):
    """Wraps each SCIM view: the bearer token, then the view, a write in one transaction."""

    def __call__(self, request, *args, **kwargs):
        token = request_token(request)
        if token is None:
            return _error(exceptions.AuthorizationError(
                "Send the token made for the identity provider as 'Authorization: Bearer "
                "<token>'."))
        request.user = token.user
        if request.method in READS:
            _page_bounded(request)
            return self.get_response(request, *args, **kwargs)
        if _not_an_object(request):
            return _error(exceptions.BadRequestError("The body must be a JSON object.",
                                                     scim_type="invalidSyntax"))
        try:
            return self._write(token, request, *args, **kwargs)
        except ValidationError as error:
            return _error(exceptions.BadRequestError(" ".join(error.messages)))
        except IntegrityError:
            return _error(exceptions.IntegrityError(
                "This conflicts with what the registry holds.", scim_type="uniqueness"))

    def _write(self, token, request, *args, **kwargs):
        """The view's answer; its writes kept only when it succeeded, and recorded."""
        with transaction.atomic(), recording(token, request) as record:
            with write_transaction():
                response = self.get_response(request, *args, **kwargs)
                if response.status_code >= 400:
                    transaction.set_rollback(True)
            if response.status_code < 400 and (record.changes or record.actions):
                record.save()
        return response
