"""manage.py create_scim_token --name entra: a bearer token for an identity provider's SCIM
client, printed once (docs/scim.md)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from identity.services import token_create


class Command(BaseCommand):
    help = ("Make the bearer token an identity provider sends to /scim/v2/ and print it once; "
            "a provider that had one gets a new one, and the old one stops working.")

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True,
                            help="The identity provider, as a code (entra, okta): its service "
                                 "user scim-<name> is the author of its changes.")

    def handle(self, *args, name, **options):
        try:
            token, found = token_create(name.strip())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(f"Token for {found.name} (changes are made as {found.user}); "
                          "it is not shown again:")
        self.stdout.write(token)
