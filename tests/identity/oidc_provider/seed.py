"""Seeds the test provider: `python -m tests.identity.oidc_provider.seed <redirect URI>` adds
its people and one confidential application per client in CLIENTS (authorization code, RS256,
no consent screen), and prints nothing. The test knows the secrets: they are written here."""

import sys

import django

PASSWORD = "provider-pw"
# (username, email, first name, last name)
PEOPLE = [
    ("newhire", "NewHire@Example.com", "New", "Hire"),
    ("stranger", "stranger@example.com", "Sam", "Stranger"),
    ("nomail", "", "No", "Mail"),
]
# name: (client id, client secret)
CLIENTS = {
    "registry": ("registry-client", "registry-secret"),
    "expired": ("expired-client", "expired-secret"),
}


def main(redirect_uri):
    django.setup()
    from django.contrib.auth import get_user_model
    from oauth2_provider.models import Application

    for username, email, first, last in PEOPLE:
        get_user_model().objects.create_user(username, email, PASSWORD, first_name=first,
                                             last_name=last)
    for name, (client_id, secret) in CLIENTS.items():
        Application.objects.create(
            name=name, client_id=client_id, client_secret=secret,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=redirect_uri, algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True)


if __name__ == "__main__":
    main(sys.argv[1])
