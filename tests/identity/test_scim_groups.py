"""SCIM Groups as Entra ID and Okta send them: a group stands for the role an administrator
mapped it to, so its members start and end their memberships with it; an unmapped group is kept
and changes nothing. And the done-when of leavers: deactivating a person over SCIM gives exactly
one grouped vacancy item per role they leave, and the Accountable of each process concerned is
told, with the link to hand the letters over."""

import pytest
from django.utils import timezone

from departments.models import Membership, Person
from governance.mail import mail_for
from governance.models import Notification, NotificationKind
from identity.models import ScimGroup, ScimGroupMember
from tests.identity.test_scim_world import *  # noqa: F403  (the fixtures)
from tests.identity.test_scim_world import recorded, vacancy_items

pytestmark = pytest.mark.django_db

ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def user_created(scim, name="okta_create_user"):
    response = scim.post("Users", recorded(name))
    assert response.status_code == 201, response.content
    return response.json()["id"]


def group_id(scim, name):
    found = scim.get(f'Groups?excludedAttributes=members&filter=displayName eq "{name}"').json()
    assert found["totalResults"] == 1
    return found["Resources"][0]["id"]


def held(person, role):
    return Membership.objects.filter(person=person, role=role, end_date=None).exists()


def test_entra_creating_a_group_an_administrator_mapped_takes_that_group(scim, org):
    response = scim.post("Groups", recorded("entra_create_group"))

    assert response.status_code == 201, response.content
    group = ScimGroup.objects.get(display_name="cs-managers")
    assert group.role == org.manager
    assert group.external_id == "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"
    assert response.json()["id"] == str(group.scim_id)
    assert ScimGroup.objects.count() == 3


@pytest.mark.parametrize("add, remove", [("entra_add_member", "entra_remove_member"),
                                         ("okta_add_member", "okta_remove_member")])
def test_joining_a_mapped_group_starts_the_membership_and_leaving_it_ends_it_today(
        scim, token, org, add, remove):
    user = user_created(scim)
    person = Person.objects.get(scim_identity__scim_id=user)
    group = group_id(scim, "cs-managers")

    joined = scim.patch(f"Groups/{group}", recorded(add, user=user))

    assert joined.status_code == 200, joined.content
    assert [member["value"] for member in joined.json()["members"]] == [user]
    membership = Membership.objects.get(person=person, role=org.manager)
    assert (membership.start_date, membership.end_date) == (timezone.localdate(), None)
    assert membership.history.get().history_user == token.user
    assert scim.get(f"Users/{user}").json()["groups"][0]["display"] == "cs-managers"

    left = scim.patch(f"Groups/{group}", recorded(remove, user=user))

    assert left.status_code == 200, left.content
    assert left.json()["members"] == []
    membership.refresh_from_db()
    assert membership.end_date == timezone.localdate()
    assert membership.history.first().history_user == token.user


def test_an_unmapped_group_is_kept_with_its_members_and_changes_no_membership(scim, org):
    user = user_created(scim)
    created = scim.post("Groups", recorded("okta_create_group") | {"displayName": "Test SCIMv2"})
    assert created.status_code == 201, created.content
    group = created.json()["id"]

    response = scim.patch(f"Groups/{group}", recorded("okta_add_member", user=user))

    assert response.status_code == 200, response.content
    assert ScimGroupMember.objects.filter(group__scim_id=group).count() == 1
    assert not Membership.objects.filter(person__scim_identity__scim_id=user).exists()


def test_okta_renames_a_group_and_the_mapping_stays(scim, org):
    group = group_id(scim, "team-leads")

    response = scim.patch(f"Groups/{group}", recorded("okta_rename_group", group=group))

    assert response.status_code == 200, response.content
    renamed = ScimGroup.objects.get(scim_id=group)
    assert (renamed.display_name, renamed.role) == ("Test SCIMv2", org.lead)


def test_a_person_in_two_groups_of_one_role_keeps_it_until_they_leave_both(scim, org):
    user = user_created(scim)
    person = Person.objects.get(scim_identity__scim_id=user)
    other = ScimGroup.objects.create(display_name="cs-managers-east", role=org.manager)
    for group in (group_id(scim, "cs-managers"), str(other.scim_id)):
        scim.patch(f"Groups/{group}", recorded("okta_add_member", user=user))

    scim.patch(f"Groups/{other.scim_id}", recorded("okta_remove_member", user=user))

    assert Membership.objects.filter(person=person, role=org.manager).count() == 1
    assert held(person, org.manager)


def test_deleting_a_group_ends_the_memberships_it_gave(scim, org):
    user = user_created(scim)
    group = group_id(scim, "cs-managers")
    scim.patch(f"Groups/{group}", recorded("okta_add_member", user=user))

    assert scim.delete(f"Groups/{group}").status_code == 204

    membership = Membership.objects.get(person__scim_identity__scim_id=user)
    assert membership.end_date == timezone.localdate()
    assert scim.get(f"Groups/{group}").status_code == 404


@pytest.mark.parametrize("value", [[{"value": "6b0e0f0e-0000-4000-8000-000000000000"}],
                                   [{"value": "42"}], "someone", [["x"]]])
def test_adding_a_member_nobody_is_is_a_scim_400_and_changes_nothing(scim, org, value):
    group = group_id(scim, "cs-managers")
    body = recorded("entra_add_member", user="x")
    body["Operations"][0]["value"] = value

    response = scim.patch(f"Groups/{group}", body)

    assert response.status_code == 400, response.content
    assert response.json()["schemas"] == [ERROR]
    assert not ScimGroupMember.objects.exists()


def test_a_group_without_a_name_or_under_a_taken_one_is_refused(scim, org):
    nameless = scim.post("Groups", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"]})
    ours = scim.post("Groups", recorded("entra_create_group"))
    theirs = scim.post("Groups", recorded("entra_create_group") | {"externalId": "another"})

    assert nameless.status_code == 400
    assert ours.status_code == 201
    assert theirs.status_code == 409
    assert theirs.json()["scimType"] == "uniqueness"


@pytest.mark.parametrize("deactivation", ["entra_disable_user", "okta_deactivate_user",
                                          "delete"])
def test_deactivating_a_person_gives_exactly_one_grouped_vacancy_per_role_they_leave(
        scim, org, deactivation):
    user = user_created(scim)
    person = Person.objects.get(scim_identity__scim_id=user)
    for group in ("cs-managers", "team-leads", "all-staff"):
        scim.patch(f"Groups/{group_id(scim, group)}", recorded("okta_add_member", user=user))
    assert vacancy_items() == {}

    if deactivation == "delete":
        response = scim.delete(f"Users/{user}")
    else:
        response = scim.patch(f"Users/{user}", recorded(deactivation))

    assert response.status_code in (200, 204), response.content
    items = vacancy_items()
    assert sorted(items) == ["role:cs-manager", "role:team-lead"]
    assert [len(found) for found in items.values()] == [1, 1]
    manager, lead = items["role:cs-manager"][0], items["role:team-lead"][0]
    assert manager.is_group and len(manager.findings) == 3
    assert lead.is_group and len(lead.findings) == 2
    assert "Customer service manager is vacant: 3 duties" in manager.message
    assert not held(person, org.manager) and not held(person, org.lead)


def test_the_accountable_of_each_process_concerned_is_told_with_the_handover_link(
        scim, org, settings):
    settings.SITE_URL = "https://raci.example.com"
    user = user_created(scim)
    person = Person.objects.get(scim_identity__scim_id=user)
    for group in ("cs-managers", "team-leads"):
        scim.patch(f"Groups/{group_id(scim, group)}", recorded("okta_add_member", user=user))

    scim.patch(f"Users/{user}", recorded("okta_deactivate_user"))

    told = Notification.objects.filter(kind=NotificationKind.PERSON_LEFT)
    assert sorted(told.values_list("person__name_en", flat=True)) == ["Fred Finance",
                                                                     "Hana Head"]
    hana = told.get(person=org.hana)
    assert hana.payload["processes"] == [["Complaint handling", ""]]
    assert hana.payload["handover"] == f"/handover/?person={person.pk}"
    mail = mail_for(org.hana, [hana], digest=False)
    assert mail.subject == "Test User has left: their letters need someone"
    assert f"https://raci.example.com/handover/?person={person.pk}" in mail.body
    assert "You are Accountable in: Complaint handling" in mail.body


def test_a_person_made_inactive_by_hand_is_a_leaver_too(org, superuser):
    from registry.services import record_update

    record_update(user=superuser, instance=org.ann, data={"is_active": False})

    membership = Membership.objects.get(person=org.ann)
    assert membership.end_date == timezone.localdate()
    assert membership.history.first().history_user == superuser
    assert Notification.objects.filter(kind=NotificationKind.PERSON_LEFT,
                                       person=org.hana).exists()
