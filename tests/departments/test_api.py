"""departments/, roles/, people/ and memberships/: writes, their refusals and filters."""

import pytest
from guardian.shortcuts import assign_perm

from departments.models import Department, Membership, Person, Role
from responsibilities.models import Process
from tests.api_world import HistoryWatch
from tests.factories import AssignmentFactory, DepartmentFactory, PersonFactory
from tests.module_world import user_make

pytestmark = pytest.mark.django_db


def test_editor_creates_a_department_under_a_parent_named_by_code(world, api_client_as, editor):
    client = api_client_as("editor")
    watch = HistoryWatch()
    response = client.post("/api/v1/departments/", {"code": "legal", "name": "Legal",
                                                    "parent": "own-dept"}, format="json")
    assert response.status_code == 201
    assert response.json()["parent"] == "own-dept"
    assert response.json()["id"] == Department.objects.get(code="legal").pk
    assert watch.users() == [editor]


def test_department_representation_carries_id_code_and_channels(world, api_client_as):
    body = api_client_as("viewer").get("/api/v1/departments/own-dept/").json()
    assert body == {
        "id": world.own_department.pk, "code": "own-dept", "name": "Own department",
        "name_en": "Own department", "name_zh_hans": "", "parent": None, "description": "",
        "description_en": "", "description_zh_hans": "", "email": "", "chat": "#own-dept",
        "is_active": True,
    }


@pytest.mark.parametrize(("payload", "field"), [
    ({"code": "own-dept", "name": "Twice"}, "code"),
    ({"code": "legal", "name": "Legal", "parent": "nowhere"}, "parent"),
    ({"code": "has space", "name": "Legal"}, "code"),
    ({"code": "legal", "name": "x" * 201}, "name"),
    ({"code": "legal", "name": "Legal", "email": "not-an-email"}, "email"),
    ({"code": "legal"}, "name"),
    ({"code": "legal", "name": ""}, "name_en"),
    ({"code": "legal", "name_en": "", "name_zh_hans": ""}, "name_en"),
    ({"code": "legal", "name_zh_hans": "法" * 201}, "name_zh_hans"),
])
def test_invalid_department_is_a_field_error_and_creates_nothing(world, api_client_as, payload,
                                                                  field):
    count = Department.objects.count()
    response = api_client_as("editor").post("/api/v1/departments/", payload, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert Department.objects.count() == count


def test_department_cannot_be_moved_under_its_own_sub_department(world, api_client_as):
    DepartmentFactory(code="child", parent=world.own_department)
    response = api_client_as("editor").patch("/api/v1/departments/own-dept/", {"parent": "child"},
                                         format="json")
    assert response.status_code == 400
    assert "cannot be inside itself" in response.json()["parent"][0]
    world.own_department.refresh_from_db()
    assert world.own_department.parent is None


def test_department_cannot_be_its_own_parent(world, api_client_as):
    response = api_client_as("editor").patch("/api/v1/departments/own-dept/",
                                         {"parent": "own-dept"}, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()


def test_malformed_json_is_a_400_with_a_message(world, api_client_as):
    response = api_client_as("editor").generic("POST", "/api/v1/departments/", '{"code": ',
                                           content_type="application/json")
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_deleting_a_department_that_still_has_roles_is_a_409_and_deletes_nothing(
    world, api_client_as
):
    response = api_client_as("superuser").delete("/api/v1/departments/own-dept/")
    assert response.status_code == 409
    assert "still used by" in response.json()["detail"]
    assert Department.objects.filter(code="own-dept").exists()
    assert Process.objects.get(code="own-process").owner == world.own_department


def test_deleting_a_department_leaves_its_processes_without_owner_on_record(
    world, api_client_as, editor
):
    lonely = DepartmentFactory(code="lonely")
    world.own_process.owner = lonely
    world.own_process.save()
    watch = HistoryWatch()
    assert api_client_as("editor").delete("/api/v1/departments/lonely/").status_code == 204
    world.own_process.refresh_from_db()
    assert world.own_process.owner is None
    assert sorted(row.instance_type.__name__ for row in watch.rows()) == ["Department",
                                                                          "Process"]
    assert set(watch.users()) == {editor}


def test_department_admin_edits_own_department_but_not_another(world, api_client_as):
    client = api_client_as("dept_admin")
    own = client.patch("/api/v1/departments/own-dept/", {"name": "Ours"}, format="json")
    far = client.patch("/api/v1/departments/far-dept/", {"name": "Mine now"}, format="json")
    assert (own.status_code, far.status_code) == (200, 403)
    assert Department.objects.get(code="far-dept").name == "Far department"


def test_department_admin_cannot_delete_own_department(world, api_client_as):
    assert api_client_as("dept_admin").delete("/api/v1/departments/empty-dept/").status_code == 403
    assert api_client_as("dept_admin").delete("/api/v1/departments/own-dept/").status_code == 403
    assert Department.objects.filter(code__in=["own-dept", "empty-dept"]).count() == 2


def test_department_admin_adds_roles_only_to_own_department(world, api_client_as):
    client = api_client_as("dept_admin")
    own = client.post("/api/v1/roles/", {"code": "clerk", "name": "Clerk",
                                         "department": "own-dept"}, format="json")
    far = client.post("/api/v1/roles/", {"code": "spy", "name": "Spy",
                                         "department": "far-dept"}, format="json")
    assert (own.status_code, far.status_code) == (201, 403)
    assert not Role.objects.filter(code="spy").exists()


def test_department_admin_marks_a_role_of_own_department_as_its_approver(world, api_client_as):
    client = api_client_as("dept_admin")
    own = client.patch("/api/v1/roles/own-role/", {"is_approver": True}, format="json")
    assert (own.status_code, own.json()["is_approver"]) == (200, True)
    assert Role.objects.get(code="own-role").is_approver
    assert client.get("/api/v1/roles/own-role/").json()["is_approver"] is True


def test_a_role_editor_cannot_make_the_role_its_departments_approver(world, api_client):
    editor = user_make("role-editor")
    assign_perm("departments.change_role", editor, world.own_role)
    api_client.force_authenticate(editor)
    url = "/api/v1/roles/own-role/"
    assert api_client.patch(url, {"is_approver": True}, format="json").status_code == 403
    assert not Role.objects.get(code="own-role").is_approver
    assert api_client.patch(url, {"name": "Clerk"}, format="json").status_code == 200


def test_department_admin_cannot_move_a_role_out_to_another_department(world, api_client_as):
    response = api_client_as("dept_admin").patch("/api/v1/roles/own-role/",
                                             {"department": "far-dept"}, format="json")
    assert response.status_code == 403
    assert Role.objects.get(code="own-role").department == world.own_department


def test_deleting_a_role_that_holds_letters_is_a_409(world, api_client_as):
    AssignmentFactory(duty=world.own_duty, role=world.own_role)
    response = api_client_as("editor").delete("/api/v1/roles/own-role/")
    assert response.status_code == 409
    assert "assignment" in response.json()["detail"]
    assert Role.objects.filter(code="own-role").exists()


def test_department_admin_manages_memberships_of_own_roles_only(world, api_client_as):
    client = api_client_as("dept_admin")
    person = world.own_person.pk
    own = client.post("/api/v1/memberships/", {"person": person, "role": "own-role"},
                      format="json")
    far = client.post("/api/v1/memberships/", {"person": person, "role": "far-role"},
                      format="json")
    ended = client.patch(f"/api/v1/memberships/{world.far_membership.pk}/",
                         {"end_date": "2020-01-01"}, format="json")
    assert (own.status_code, far.status_code, ended.status_code) == (201, 403, 403)
    assert Membership.objects.get(pk=world.far_membership.pk).end_date is None


def test_membership_ending_before_it_starts_is_refused(world, api_client_as):
    response = api_client_as("editor").post("/api/v1/memberships/", {
        "person": world.own_person.pk, "role": "own-role",
        "start_date": "2026-01-10", "end_date": "2026-01-01"}, format="json")
    assert response.status_code == 400
    assert "end date cannot be before" in response.json()["non_field_errors"][0]


def test_membership_of_an_unknown_role_or_person_is_a_field_error(world, api_client_as):
    response = api_client_as("editor").post("/api/v1/memberships/",
                                        {"person": 999999, "role": "nowhere"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"person", "role"}
    assert "no role “nowhere”" in response.json()["role"][0]


def test_two_people_cannot_share_an_email_whatever_its_case(world, api_client_as):
    response = api_client_as("editor").post("/api/v1/people/", {"name": "Olive again",
                                                            "email": "OLIVE@example.com"},
                                        format="json")
    assert response.status_code == 400
    assert Person.objects.filter(email__iexact="olive@example.com").count() == 1


def test_person_is_linked_to_a_login_by_username(world, api_client_as, viewer):
    response = api_client_as("editor").patch(f"/api/v1/people/{world.own_person.pk}/",
                                         {"user": "viewer"}, format="json")
    assert response.status_code == 200
    assert Person.objects.get(pk=world.own_person.pk).user == viewer


def test_department_admin_cannot_edit_people(world, api_client_as):
    response = api_client_as("dept_admin").patch(f"/api/v1/people/{world.own_person.pk}/",
                                             {"phone": "110"}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize(("url", "expected"), [
    ("/api/v1/departments/?parent=own-dept", []),
    ("/api/v1/roles/?department=own-dept", ["own-role"]),
    ("/api/v1/roles/?department=far-dept&is_active=true", ["far-role"]),
    ("/api/v1/memberships/?department=own-dept", ["own-role"]),
    ("/api/v1/memberships/?role=far-role", ["far-role"]),
])
def test_lists_filter_by_reference_codes(world, api_client_as, url, expected):
    results = api_client_as("viewer").get(url).json()["results"]
    assert [row.get("role", row.get("code")) for row in results] == expected


def test_people_filter_by_email_ignoring_case(world, api_client_as):
    PersonFactory(email="someone@example.com")
    results = api_client_as("viewer").get("/api/v1/people/?email=OLIVE@example.com").json()
    assert [person["name"] for person in results["results"]] == ["Olive Own"]


def test_lists_paginate_with_limit_and_offset(world, api_client_as):
    DepartmentFactory.create_batch(3)
    body = api_client_as("viewer").get("/api/v1/departments/?limit=2&offset=1").json()
    assert body["count"] == Department.objects.count()
    assert len(body["results"]) == 2
    assert "offset=3" in body["next"] and body["previous"].endswith("limit=2")



def test_a_name_written_in_chinese_goes_to_the_chinese_column_and_reads_back(
        world, api_client_as):
    client = api_client_as("editor")
    response = client.post("/api/v1/departments/", {"code": "legal", "name": "法务部"},
                           format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 201
    legal = Department.objects.get(code="legal")
    assert (legal.name_en, legal.name_zh_hans) == ("", "法务部")
    # read in English, the name falls back to the only language it has
    assert client.get("/api/v1/departments/legal/").json()["name"] == "法务部"
