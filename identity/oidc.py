"""Single sign-on with OpenID Connect (mozilla-django-oidc), on when OIDC_ISSUER is set.

Only the issuer is configured: the provider's endpoints come from its discovery document,
read once and kept in the cache. Every refusal brings the person back to the login page with
the reason, never an error page: a provider that cannot be reached, an ID token from another
issuer, for another client or expired, a deactivated person (docs/sso.md).
"""

import hashlib
import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from identity.oidc_accounts import Refused, signed_in

logger = logging.getLogger(__name__)

# How long the provider's discovery document is kept: its endpoints seldom move, and its
# signing keys (jwks_uri) are read again at every sign-in.
DISCOVERY_SECONDS = 3600
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")


class ProviderUnavailable(Exception):
    """The provider's discovery document cannot be read."""


def unavailable_message():
    return _("Single sign-on is unavailable now: the identity provider cannot be reached. "
             "Try again later, or log in with a local account.")


def _endpoints_read(issuer):
    """The endpoints in `issuer`'s discovery document; ProviderUnavailable when it cannot be
    fetched or lacks one of them."""
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT,
                                verify=getattr(settings, "OIDC_VERIFY_SSL", True))
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("Single sign-on: %s cannot be read: %s", url, error)
        raise ProviderUnavailable from error
    names = (*ENDPOINTS, "userinfo_endpoint")
    endpoints = {name: document.get(name) for name in names} if isinstance(document, dict) else {}
    if not all(isinstance(endpoints.get(name), str) and endpoints[name] for name in ENDPOINTS):
        logger.warning("Single sign-on: %s lacks one of %s", url, ", ".join(ENDPOINTS))
        raise ProviderUnavailable
    if str(document.get("issuer", "")).rstrip("/") != issuer:
        # The ID tokens' issuer is what is checked; this only tells the operator early.
        logger.warning("Single sign-on: %s names the issuer %r, not OIDC_ISSUER %r", url,
                       document.get("issuer"), issuer)
    return endpoints


def provider_endpoints():
    """The authorization, token, keys and userinfo (may be None) endpoints of OIDC_ISSUER's
    provider, from its discovery document, cached; ProviderUnavailable when it cannot be read
    (not cached, so the next sign-in tries again)."""
    issuer = settings.OIDC_ISSUER
    key = "identity.oidc.discovery:" + hashlib.sha256(issuer.encode()).hexdigest()
    endpoints = cache.get(key)
    if endpoints is None:
        endpoints = _endpoints_read(issuer)
        cache.set(key, endpoints, DISCOVERY_SECONDS)
    return endpoints


class RegistryOIDCBackend(OIDCAuthenticationBackend):
    """Signs in the person whose address the provider vouches for, once the ID token's
    signature, issuer, audience, expiry and nonce are checked; a refusal's reason is left on
    the request (`oidc_refusal`) for the callback view to show."""

    def __init__(self, *args, **kwargs):
        # No discovery here: the backend is built for every local login and every request's
        # session too, which must not wait for (or fail with) the provider.
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.OIDC_OP_TOKEN_ENDPOINT = self.OIDC_OP_USER_ENDPOINT = None
        self.OIDC_OP_JWKS_ENDPOINT = None
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        """The signed-in user at the end of the code flow, or None (with the reason on the
        request) when refused; None at once for anything but the provider's callback."""
        if not (settings.OIDC_ISSUER and request is not None
                and request.path == reverse("oidc_authentication_callback")
                and request.GET.get("code") and request.GET.get("state")):
            return None
        try:
            endpoints = provider_endpoints()
            self.OIDC_OP_TOKEN_ENDPOINT = endpoints["token_endpoint"]
            self.OIDC_OP_USER_ENDPOINT = endpoints["userinfo_endpoint"]
            self.OIDC_OP_JWKS_ENDPOINT = endpoints["jwks_uri"]
            return super().authenticate(request, **kwargs)
        except Refused as refusal:
            reason = str(refusal)
        except ProviderUnavailable:
            reason = unavailable_message()
        except requests.RequestException as error:
            logger.warning("Single sign-on: the provider failed: %s", error)
            reason = _("The identity provider did not complete the sign-in. Try again, or log "
                       "in with a local account.")
        except (SuspiciousOperation, jwt.PyJWTError, ValidationError, DatabaseError, KeyError,
                ValueError) as error:
            logger.warning("Single sign-on: refused: %r", error)
            reason = _("The identity provider's answer could not be verified, so it was "
                       "refused. Sign in again.")
        logger.info("Single sign-on refused: %s", reason)
        request.oidc_refusal = reason
        return None

    def _signing_key(self, token):
        """The key the ID token must be signed with: the provider's published key for RS/ES,
        the client secret for HS."""
        if self.OIDC_RP_SIGN_ALGO.startswith(("RS", "ES", "PS")):
            return self.retrieve_matching_jwk(token)
        return self.OIDC_RP_CLIENT_SECRET

    def verify_token(self, token, **kwargs):
        """The ID token's claims once its signature, algorithm, issuer (OIDC_ISSUER), audience
        (the client id), times and nonce are checked; Refused with the reason otherwise. A
        signed userinfo answer (no nonce asked) only has its signature checked."""
        if "nonce" not in kwargs:
            return super().verify_token(token, **kwargs)
        if jwt.get_unverified_header(token).get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise Refused(_("The identity provider signed its answer with another algorithm "
                            "than the registry expects (OIDC_SIGN_ALGO), so it was refused."))
        try:
            payload = jwt.decode(
                token, self._signing_key(token), algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID, leeway=settings.OIDC_CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"], "verify_iss": False})
        except jwt.ExpiredSignatureError:
            raise Refused(_("The identity provider's answer had expired, so it was refused. "
                            "Sign in again; if this keeps happening, the clocks of the registry "
                            "and the provider disagree.")) from None
        except jwt.InvalidAudienceError:
            raise Refused(_("The identity provider's answer was meant for another application "
                            "than the registry, so it was refused.")) from None
        # Compared here rather than by PyJWT: issuers are written with or without a final /.
        if str(payload["iss"]).rstrip("/") != settings.OIDC_ISSUER:
            logger.warning("Single sign-on: an ID token from %r, not OIDC_ISSUER %r",
                           payload["iss"], settings.OIDC_ISSUER)
            raise Refused(_("The answer did not come from the identity provider the registry "
                            "is set up for, so it was refused."))
        if settings.OIDC_USE_NONCE and kwargs["nonce"] != payload.get("nonce"):
            raise Refused(_("The identity provider's answer was not for this sign-in, so it was "
                            "refused. Sign in again."))
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims with the userinfo endpoint's over them (when the provider
        has one); Refused when the two speak of different subjects."""
        if not self.OIDC_OP_USER_ENDPOINT:
            return payload
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if not isinstance(userinfo, dict) or userinfo.get("sub") != payload.get("sub"):
            raise Refused(_("The identity provider's answer could not be verified, so it was "
                            "refused. Sign in again."))
        return {**payload, **userinfo}

    def get_or_create_user(self, access_token, id_token, payload):
        """The login of the person the claims' email address names (identity.oidc_accounts)."""
        claims = self.get_userinfo(access_token, id_token, payload)
        claim = settings.OIDC_EMAIL_CLAIM
        email = str(claims.get(claim) or "").strip()
        try:
            validate_email(email)
        except ValidationError:
            raise Refused(_("The identity provider did not send your email address (the "
                            "“%(claim)s” claim), so the registry cannot tell who you are.")
                          % {"claim": claim}) from None
        if claims.get("email_verified") is False:
            raise Refused(_("The identity provider says your email address is not verified, so "
                            "the registry cannot tell who you are."))
        name = str(claims.get(settings.OIDC_NAME_CLAIM) or "").strip()
        return signed_in(email=email, name=name)

    def get_user(self, user_id):
        """The session's user, unless it was deactivated since it signed in."""
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class SingleSignOnOnly(View):
    """404 unless single sign-on is configured (OIDC_ISSUER)."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ISSUER:
            raise Http404(_("Single sign-on is not set up."))
        return super().dispatch(request, *args, **kwargs)


def login_page(next_url=None):
    """A redirect to the login page, keeping where the person was going."""
    url = resolve_url(settings.LOGIN_REDIRECT_URL_FAILURE)
    return HttpResponseRedirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


class RegistryAuthenticateView(SingleSignOnOnly, OIDCAuthenticationRequestView):
    """Sends the browser to the provider's authorization endpoint; back to the login page,
    saying so, when the provider cannot be reached."""

    def __init__(self, **kwargs):
        # mozilla-django-oidc reads the endpoint from settings here; it comes from discovery.
        View.__init__(self, **kwargs)

    def get(self, request):
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_endpoints()["authorization_endpoint"]
        except ProviderUnavailable:
            messages.error(request, unavailable_message())
            return login_page(request.GET.get("next"))
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class RegistryCallbackView(SingleSignOnOnly, OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: signs the person in, or returns them to the
    login page with the reason of the refusal."""

    def get(self, request):
        if request.GET.get("error"):
            # The provider did not sign the person in. Unlike mozilla-django-oidc, whoever is
            # logged in stays so: a link to this address must not log anyone out.
            request.session.get("oidc_states", {}).pop(request.GET.get("state"), None)
            request.session.modified = True
            return self.login_failure()
        try:
            return super().get(request)
        except SuspiciousOperation:
            # The state is not this browser's: a callback replayed, or from another window.
            request.oidc_refusal = _("This sign-in was started in another window or has "
                                     "already been used. Sign in again.")
            return self.login_failure()

    def login_failure(self):
        refusal = getattr(self.request, "oidc_refusal", None)
        messages.error(self.request, refusal or _(
            "The identity provider did not sign you in. Try again, or log in with a local "
            "account."))
        return login_page(self.request.session.get("oidc_login_next"))
