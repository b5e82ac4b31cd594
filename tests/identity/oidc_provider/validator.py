"""The test provider's claims: each user's email address (verified) and full name; the ID
tokens of the application named "expired" are issued already expired an hour ago."""

from datetime import timedelta

from django.utils import timezone
from oauth2_provider.oauth2_validators import OAuth2Validator

EXPIRED_CLIENT = "expired"


class Validator(OAuth2Validator):
    def get_additional_claims(self, request):
        return {"email": request.user.email, "email_verified": True,
                "name": request.user.get_full_name()}

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        if request.client.name == EXPIRED_CLIENT:
            expiration_time = timezone.now() - timedelta(hours=1)
            claims["exp"] = int(expiration_time.timestamp())
        return claims, expiration_time
