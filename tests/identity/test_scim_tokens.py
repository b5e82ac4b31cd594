"""The identity provider's token: made by `create_scim_token`, kept only as a digest; it opens
/scim/v2/ and nothing else, and nothing else opens /scim/v2/."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from identity.models import ScimToken
from identity.services import token_digest
from tests.identity.test_scim_world import *  # noqa: F403  (the fixtures)
from tests.identity.test_scim_world import Scim, recorded

pytestmark = pytest.mark.django_db


def test_create_scim_token_prints_the_token_once_and_keeps_only_its_digest():
    out = StringIO()

    call_command("create_scim_token", "--name", "entra", stdout=out, stderr=StringIO())

    secret = out.getvalue().strip()
    found = ScimToken.objects.get(name="entra")
    assert found.digest == token_digest(secret) != secret
    assert secret not in str(ScimToken.objects.values_list())
    assert found.user.username == "scim-entra"
    assert not found.user.is_active and not found.user.has_usable_password()
    assert Scim(secret).get("Users").status_code == 200


def test_a_new_token_for_the_same_provider_replaces_the_old_one():
    first, second = StringIO(), StringIO()
    call_command("create_scim_token", "--name", "okta", stdout=first, stderr=StringIO())
    call_command("create_scim_token", "--name", "okta", stdout=second, stderr=StringIO())

    assert Scim(first.getvalue().strip()).get("Users").status_code == 401
    assert Scim(second.getvalue().strip()).get("Users").status_code == 200
    assert ScimToken.objects.count() == 1


def test_a_provider_name_that_is_not_a_code_is_refused():
    with pytest.raises(CommandError):
        call_command("create_scim_token", "--name", "Entra ID!", stdout=StringIO(),
                     stderr=StringIO())
    assert not ScimToken.objects.exists()


def test_a_scim_token_is_refused_by_the_rest_of_the_api(token):
    client = Client()

    for path in ("/api/v1/people/", "/api/v1/findings/", "/api/v1/lookup/?q=a"):
        response = client.get(path, headers={"Authorization": f"Bearer {token.secret}"})
        assert response.status_code == 401, path
    written = client.post("/api/v1/people/", {"name_en": "Mallory"},
                          content_type="application/json",
                          headers={"Authorization": f"Bearer {token.secret}"})
    assert written.status_code == 401
    as_api_token = client.get("/api/v1/people/",
                              headers={"Authorization": f"Token {token.secret}"})
    assert as_api_token.status_code == 401


def test_an_api_token_a_session_or_a_wrong_token_is_refused_by_scim(token, superuser):
    api_key = Token.objects.create(user=superuser).key
    session = Client()
    session.force_login(superuser)

    refused = [
        Scim(None, authorization=f"Token {api_key}").get("Users"),
        Scim(api_key).get("Users"),
        Scim(None, authorization=f"Basic {token.secret}").get("Users"),
        Scim(f"{token.secret}x").get("Users"),
        Scim(None, authorization="Bearer ").get("Users"),
        session.get("/scim/v2/Users"),
        session.post("/scim/v2/Users", recorded("okta_create_user"),
                     content_type="application/scim+json"),
        Client().get("/scim/v2/ServiceProviderConfig"),
    ]

    assert [response.status_code for response in refused] == [401] * len(refused)
    assert refused[0]["WWW-Authenticate"] == 'Bearer realm="scim"'
    assert refused[0].json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


def test_the_token_opens_the_service_s_own_description(scim):
    for path in ("ServiceProviderConfig", "ResourceTypes", "Schemas"):
        assert scim.get(path).status_code == 200, path
