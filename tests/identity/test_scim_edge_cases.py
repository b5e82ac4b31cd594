"""SCIM edge cases an identity provider meets in real use: a member taken out and put back the
same day, a person reactivated and sent to their groups again, a group name with "and" in it,
a body that is not UTF-8, and a leaver's login."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from departments.models import Person
from tests.identity.test_scim_groups import group_id, held, user_created
from tests.identity.test_scim_world import *  # noqa: F403  (the fixtures)
from tests.identity.test_scim_world import recorded

pytestmark = pytest.mark.django_db


def test_a_member_taken_out_and_put_back_the_same_day_keeps_the_role(scim, org):
    user = user_created(scim)
    person = Person.objects.get(scim_identity__scim_id=user)
    group = group_id(scim, "cs-managers")
    for body in ("entra_add_member", "entra_remove_member", "entra_add_member"):
        assert scim.patch(f"Groups/{group}", recorded(body, user=user)).status_code == 200
    assert held(person, org.manager)
    assert person.memberships.filter(role=org.manager).count() == 1


def test_a_reactivated_person_sent_to_their_group_again_holds_its_role_again(scim, org):
    user = user_created(scim)
    person = Person.objects.get(scim_identity__scim_id=user)
    group = group_id(scim, "cs-managers")
    scim.patch(f"Groups/{group}", recorded("okta_add_member", user=user))
    scim.patch(f"Users/{user}", recorded("okta_deactivate_user"))
    assert not held(person, org.manager)

    reactivate = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                  "Operations": [{"op": "replace", "value": {"active": True}}]}
    assert scim.patch(f"Users/{user}", reactivate).status_code == 200
    assert scim.patch(f"Groups/{group}", recorded("okta_add_member", user=user)).status_code == 200
    assert held(person, org.manager)


def test_a_group_name_with_and_in_it_is_found_by_its_name(scim, org):
    body = recorded("entra_create_group") | {"displayName": "Sales and Marketing",
                                             "externalId": "sales-and-marketing"}
    assert scim.post("Groups", body).status_code == 201
    found = scim.get('Groups?filter=displayName eq "Sales and Marketing"')
    assert found.status_code == 200, found.content
    assert [group["displayName"] for group in found.json()["Resources"]] == [
        "Sales and Marketing"]


def test_a_body_that_is_not_utf_8_is_a_scim_error_not_a_server_error(scim, org):
    response = scim.post("Users", raw=b"\xff\xfe{}")
    assert response.status_code == 400
    assert response.json()["scimType"] == "invalidSyntax"


def test_a_leavers_login_and_api_token_stop_working(scim, org):
    user = user_created(scim)
    person = Person.objects.get(scim_identity__scim_id=user)
    login = get_user_model().objects.create_user("leaver", person.email)
    person.user = login
    person.save()
    Token.objects.create(user=login)

    scim.patch(f"Users/{user}", recorded("entra_disable_user"))

    login.refresh_from_db()
    assert not login.is_active
    assert not Token.objects.filter(user=login).exists()


def test_a_page_of_groups_runs_as_many_queries_for_many_groups_as_for_few(scim, org):
    user = user_created(scim)
    for group in ("cs-managers", "team-leads", "all-staff"):
        scim.patch(f"Groups/{group_id(scim, group)}", recorded("okta_add_member", user=user))
    with CaptureQueriesContext(connection) as few:
        assert scim.get("Groups?count=500").status_code == 200
    for number in range(5):
        scim.post("Groups", recorded("entra_create_group") | {
            "displayName": f"extra-{number}", "externalId": f"extra-{number}"})
    with CaptureQueriesContext(connection) as more:
        page = scim.get("Groups?count=500").json()
    assert len(page["Resources"]) == 8
    assert len(more.captured_queries) == len(few.captured_queries)


def test_a_patch_of_one_name_part_keeps_the_other_and_the_display_name(scim, org):
    created = scim.post("Users", recorded("okta_create_user") | {"displayName": "Tess of Support"})
    user = created.json()["id"]
    person = Person.objects.get(scim_identity__scim_id=user)
    assert person.name == "Tess of Support"
    body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "value": {"name": {"givenName": "Si"}}}]}

    assert scim.patch(f"Users/{user}", body).status_code == 200

    person.refresh_from_db()
    assert person.name == "Tess of Support"  # given whole by the provider: unchanged
    sent = scim.get(f"Users/{user}").json()["name"]
    assert (sent["givenName"], sent["familyName"]) == ("Si", "User")


def test_a_name_made_of_its_parts_follows_them(scim, org):
    user = user_created(scim)  # displayName "Test User", the parts joined
    body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "name.familyName", "value": "Userson"}]}

    assert scim.patch(f"Users/{user}", body).status_code == 200

    assert Person.objects.get(scim_identity__scim_id=user).name == "Test Userson"
