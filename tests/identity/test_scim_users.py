"""SCIM Users as Entra ID and Okta send them (the recorded requests of their documentation):
people created or linked by email, probed by userName, updated, deactivated and deleted; every
change in the history with the identity provider as its author; bad bodies a SCIM 400."""

import pytest
from django.utils import timezone

from departments.models import Membership, Person
from identity.models import ScimIdentity
from tests.identity.test_scim_world import *  # noqa: F403  (the fixtures)
from tests.identity.test_scim_world import recorded

pytestmark = pytest.mark.django_db

ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def created(scim, name="entra_create_user", **ids):
    response = scim.post("Users", recorded(name, **ids))
    assert response.status_code == 201, response.content
    return response.json()


def test_entra_creates_a_person_from_its_user_with_the_enterprise_extension(scim, token):
    user = created(scim)

    person = Person.objects.get(
        email="Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com")
    assert person.name_en == "givenName familyName"
    assert person.is_active
    identity = person.scim_identity
    assert str(identity.scim_id) == user["id"]
    assert identity.external_id == "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"
    assert user["userName"] == "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1"
    assert user["emails"] == [{"value": person.email, "type": "work", "primary": True}]
    assert user["active"] is True
    assert user["meta"]["location"].endswith(f"/scim/v2/Users/{user['id']}")
    assert person.history.get().history_user == token.user


def test_entra_probes_by_user_name_before_it_creates_and_finds_the_user_after(scim):
    probe = 'Users?filter=userName eq "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1"'
    assert scim.get(probe).json()["totalResults"] == 0
    user = created(scim)

    found = scim.get(probe.replace("Test_User_ab", "test_user_AB")).json()

    assert found["totalResults"] == 1
    assert found["Resources"][0]["id"] == user["id"]
    assert scim.get(f"Users/{user['id']}").json()["displayName"] == "givenName familyName"


def test_a_user_whose_email_a_person_has_already_is_linked_to_that_person(scim):
    someone = Person.objects.create(name_en="Old name", email="test.user@okta.local",
                                    phone="123")

    created(scim, "okta_create_user")

    someone.refresh_from_db()
    assert Person.objects.count() == 1
    assert someone.name_en == "Test User"
    assert someone.phone == "123"
    assert someone.scim_identity.user_name == "test.user@okta.local"


def test_entra_replaces_the_work_email_and_a_part_of_the_name(scim):
    user = created(scim)

    response = scim.patch(f"Users/{user['id']}", recorded("entra_update_user"))

    assert response.status_code == 200, response.content
    identity = ScimIdentity.objects.get(scim_id=user["id"])
    assert identity.person.email == "updatedEmail@microsoft.com"
    assert identity.family_name == "updatedFamilyName"
    assert response.json()["name"]["familyName"] == "updatedFamilyName"


def test_okta_puts_the_whole_user_back(scim):
    user = created(scim, "okta_create_user")

    response = scim.put(f"Users/{user['id']}", recorded("okta_update_user", user=user["id"]))

    assert response.status_code == 200, response.content
    identity = ScimIdentity.objects.get(scim_id=user["id"])
    assert identity.given_name == "Another"
    assert identity.external_id == "00u1dhhb1fkIGP7RL1d8"
    assert identity.person.name_en == "Another User"
    assert identity.person.is_active


@pytest.mark.parametrize("request_name", ["entra_disable_user", "okta_deactivate_user"])
def test_deactivating_a_user_deactivates_the_person_and_ends_their_memberships_today(
        scim, token, org, request_name):
    user = created(scim, "okta_create_user")
    person = Person.objects.get(scim_identity__scim_id=user["id"])
    Membership.objects.create(person=person, role=org.agent)

    response = scim.patch(f"Users/{user['id']}", recorded(request_name))

    assert response.status_code == 200, response.content
    assert response.json()["active"] is False
    person.refresh_from_db()
    assert not person.is_active
    membership = Membership.objects.get(person=person)
    assert membership.end_date == timezone.localdate()
    assert membership.history.first().history_user == token.user
    assert person.history.first().history_user == token.user


def test_entra_s_string_false_deactivates_too(scim):
    user = created(scim)
    body = recorded("entra_disable_user")
    body["Operations"][0]["value"] = "False"

    assert scim.patch(f"Users/{user['id']}", body).status_code == 200
    assert not Person.objects.get(scim_identity__scim_id=user["id"]).is_active


def test_deleting_a_user_keeps_the_person_deactivated_with_their_history(scim, token, org):
    user = created(scim, "okta_create_user")
    person = Person.objects.get(scim_identity__scim_id=user["id"])
    Membership.objects.create(person=person, role=org.agent)

    response = scim.delete(f"Users/{user['id']}")

    assert response.status_code == 204
    person.refresh_from_db()
    assert not person.is_active
    assert Membership.objects.get(person=person).end_date == timezone.localdate()
    assert scim.get(f"Users/{user['id']}").status_code == 404
    assert person.history.count() == 2
    assert ScimIdentity.history.filter(history_type="-").get().history_user == token.user


def test_a_second_user_with_a_taken_user_name_or_email_is_a_conflict(scim):
    created(scim, "okta_create_user")

    again = scim.post("Users", recorded("okta_create_user"))
    other = recorded("okta_create_user")
    other["userName"] = "someone.else@okta.local"
    same_email = scim.post("Users", other)

    assert again.status_code == same_email.status_code == 409
    assert again.json()["scimType"] == "uniqueness"
    assert Person.objects.count() == 1


@pytest.mark.parametrize("body, detail", [
    ({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}, "userName"),
    ({"userName": "a@b.example", "active": "maybe"}, "active"),
    ({"userName": "a@b.example", "emails": [{"value": "not an address"}]}, "email"),
    ({"userName": "a@b.example", "emails": 42}, "emails"),
    ({"userName": ["a@b.example"]}, "userName"),
    ({"userName": "a@b.example", "name": "A B"}, "name"),
    ({"userName": "a@b.example", "displayName": "x" * 201}, "200"),
])
def test_a_user_the_registry_cannot_take_is_a_scim_400_and_creates_nobody(scim, body, detail):
    response = scim.post("Users", body)

    assert response.status_code == 400, response.content
    assert response.json()["schemas"] == [ERROR]
    assert detail in response.json()["detail"]
    assert not Person.objects.exists()


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '"text"'])
def test_a_body_that_is_not_a_json_object_is_a_scim_400(scim, raw):
    user = created(scim)

    for response in (scim.post("Users", raw=raw), scim.patch(f"Users/{user['id']}", raw=raw),
                     scim.put(f"Users/{user['id']}", raw=raw)):
        assert response.status_code == 400, response.content
        assert response.json()["schemas"] == [ERROR]


@pytest.mark.parametrize("operations", [
    [],
    "replace",
    [{"op": "Swap", "path": "active", "value": False}],
    [{"op": "Replace", "path": "active", "value": "perhaps"}],
    [{"op": "Remove"}],
    [{"op": "Replace", "value": False}],
    [{"op": "Remove", "path": "userName"}],
    [{"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "nope"}],
])
def test_a_patch_the_registry_cannot_take_is_a_scim_400_and_changes_nothing(scim, operations):
    user = created(scim)
    body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": operations}

    response = scim.patch(f"Users/{user['id']}", body)

    assert response.status_code == 400, response.content
    assert response.json()["schemas"] == [ERROR]
    assert Person.objects.get().is_active


def test_an_unknown_or_malformed_user_id_is_a_scim_404(scim):
    for path in ("Users/6b0e0f0e-0000-4000-8000-000000000000", "Users/42", "Users/x'--"):
        response = scim.get(path)
        assert response.status_code == 404, response.content
        assert scim.patch(path, recorded("entra_disable_user")).status_code == 404
        assert scim.delete(path).status_code == 404


@pytest.mark.parametrize("query", ['userName sw "a"', 'title eq "x"', "userName eq",
                                   'userName eq "a" or userName eq "b"'])
def test_a_filter_the_registry_does_not_read_is_a_scim_400(scim, query):
    response = scim.get(f"Users?filter={query}")

    assert response.status_code == 400, response.content
    assert response.json()["schemas"] == [ERROR]
