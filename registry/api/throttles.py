"""Limits on how fast one client may call the API, beyond DRF's per-user and per-address rates.

Throttles run after authentication, so a wrong token never reaches them: the failed token
logins of an address are counted here, by the token authentication itself.
"""

from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication as DRFTokenAuthentication
from rest_framework.authentication import get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.throttling import SimpleRateThrottle


class FailedTokenThrottle(SimpleRateThrottle):
    """The failed token logins of one address, at the `token_failure` rate."""

    scope = "token_failure"

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def is_blocked(self, request):
        """Whether the address has used up its failures for the current window."""
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        self.history = [
            moment for moment in self.cache.get(self.key, []) if moment > self.now - self.duration
        ]
        return len(self.history) >= self.num_requests

    def record_failure(self):
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class TokenAuthentication(DRFTokenAuthentication):
    """DRF's token authentication that refuses every token from an address, right or wrong,
    once it has sent too many wrong ones (429), so keys cannot be guessed at speed."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        throttle = FailedTokenThrottle()
        if throttle.is_blocked(request):
            raise Throttled(
                wait=throttle.wait(),
                detail=_("Too many wrong tokens were sent from your address. Try again later "
                         "with the right token."),
            )
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            throttle.record_failure()
            raise
