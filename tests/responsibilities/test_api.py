"""processes/, duties/ and assignments/: writes, their refusals and filters."""

import pytest
from guardian.shortcuts import assign_perm

from responsibilities.models import Assignment, Duty, Process, Raci
from tests.api_world import HistoryWatch
from tests.factories import AssignmentFactory, RoleFactory

pytestmark = pytest.mark.django_db


def test_duty_lists_its_letters_accountable_first(world, api_client_as):
    AssignmentFactory(duty=world.own_duty, role=world.own_role, raci=Raci.ACCOUNTABLE)
    AssignmentFactory(duty=world.own_duty, role=world.own_role, raci=Raci.INFORMED)
    body = api_client_as("viewer").get("/api/v1/duties/own-duty/").json()
    assert body["code"] == "own-duty" and body["process"] == "own-process"
    assert body["assignments"] == [
        {"party": "role:own-role", "raci": "A"},
        {"party": "department:own-dept", "raci": "R"},
        {"party": "role:own-role", "raci": "I"},
    ]


def test_process_editor_adds_a_duty_to_own_process_with_history(world, api_client_as,
                                                                process_editor):
    watch = HistoryWatch()
    response = api_client_as("process_editor").post("/api/v1/duties/", {
        "code": "triage", "title": "Triage", "process": "own-process", "step": 2},
        format="json")
    assert response.status_code == 201
    assert response.json()["assignments"] == []
    assert Duty.objects.get(code="triage").process == world.own_process
    assert watch.users() == [process_editor]


def test_process_editor_cannot_add_a_duty_to_another_process(world, api_client_as):
    response = api_client_as("process_editor").post("/api/v1/duties/", {
        "code": "sneak", "title": "Sneak", "process": "far-process"}, format="json")
    assert response.status_code == 403
    assert not Duty.objects.filter(code="sneak").exists()


def test_process_editor_cannot_move_a_duty_into_another_process(world, api_client_as):
    response = api_client_as("process_editor").patch("/api/v1/duties/own-duty/",
                                                 {"process": "far-process", "step": 9},
                                                 format="json")
    assert response.status_code == 403
    assert Duty.objects.get(code="own-duty").process == world.own_process


def test_process_editor_cannot_delete_the_process_itself(world, api_client_as):
    assert api_client_as("process_editor").delete("/api/v1/processes/own-process/").status_code \
        == 403
    assert Process.objects.filter(code="own-process").exists()


def test_change_duty_on_one_duty_lets_a_user_edit_it_and_its_letters_only(
    world, api_client_as, viewer
):
    assign_perm("responsibilities.change_duty", viewer, world.far_duty)
    client = api_client_as("viewer")
    assert client.patch("/api/v1/duties/far-duty/", {"title": "Mine"},
                        format="json").status_code == 200
    assert client.post("/api/v1/assignments/", {"duty": "far-duty", "department": "far-dept",
                                                "raci": "C"}, format="json").status_code == 201
    assert client.patch("/api/v1/duties/own-duty/", {"title": "Not mine"},
                        format="json").status_code == 403


@pytest.mark.parametrize(("payload", "field"), [
    ({"code": "own-duty", "title": "Twice"}, "code"),
    ({"code": "d2", "title": "Step taken", "process": "own-process", "step": 1},
     "non_field_errors"),
    ({"code": "d2", "title": "Step without process", "step": 3}, "non_field_errors"),
    ({"code": "d2", "title": "No such process", "process": "nowhere"}, "process"),
    ({"code": "d2", "title": "Step zero", "process": "own-process", "step": 0},
     "non_field_errors"),
    ({"code": "d2", "title": "x" * 301}, "title"),
    ({"code": "d2", "title": "Bad date", "review_by": "soon"}, "review_by"),
])
def test_invalid_duty_is_a_field_error_and_creates_nothing(world, api_client_as, payload, field):
    count = Duty.objects.count()
    response = api_client_as("editor").post("/api/v1/duties/", payload, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert Duty.objects.count() == count


@pytest.mark.parametrize(("payload", "field"), [
    ({"duty": "own-duty", "department": "own-dept", "role": "own-role", "raci": "C"},
     "non_field_errors"),
    ({"duty": "own-duty", "raci": "C"}, "non_field_errors"),
    ({"duty": "own-duty", "department": "own-dept", "raci": "X"}, "raci"),
    ({"duty": "own-duty", "department": "own-dept", "raci": "R"}, "non_field_errors"),
    ({"duty": "nowhere", "department": "own-dept", "raci": "R"}, "duty"),
    ({"duty": "own-duty", "role": "nobody", "raci": "R"}, "role"),
    ({"duty": "own-duty", "department": "own-dept", "raci": "C", "note": "n" * 501}, "note"),
])
def test_invalid_assignment_is_a_field_error_and_creates_nothing(world, api_client_as, payload,
                                                                  field):
    count = Assignment.objects.count()
    response = api_client_as("editor").post("/api/v1/assignments/", payload, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert Assignment.objects.count() == count


def test_assignment_names_its_party_as_a_key(world, api_client_as):
    body = api_client_as("viewer").get(f"/api/v1/assignments/{world.far_assignment.pk}/").json()
    assert body == {"id": world.far_assignment.pk, "duty": "far-duty", "party": "role:far-role",
                    "department": None, "role": "far-role", "raci": "A", "note": ""}


def test_process_owner_is_a_department_code(world, api_client_as):
    response = api_client_as("editor").patch("/api/v1/processes/own-process/",
                                         {"owner": "far-dept", "kind": "playbook"},
                                         format="json")
    assert response.status_code == 200
    assert response.json()["owner"] == "far-dept"
    assert Process.objects.get(code="own-process").kind == "playbook"


def test_process_kind_outside_the_choices_is_a_field_error(world, api_client_as):
    response = api_client_as("editor").patch("/api/v1/processes/own-process/", {"kind": "saga"},
                                         format="json")
    assert response.status_code == 400
    assert "kind" in response.json()


@pytest.mark.parametrize(("url", "expected"), [
    ("/api/v1/duties/?process=own-process", ["own-duty"]),
    ("/api/v1/duties/?process=far-process&is_active=true", ["far-duty"]),
    ("/api/v1/duties/?is_active=false", []),
    ("/api/v1/processes/?owner=far-dept", ["far-process"]),
    ("/api/v1/assignments/?duty=far-duty&raci=A", ["far-duty"]),
    ("/api/v1/assignments/?department=own-dept", ["own-duty"]),
    ("/api/v1/assignments/?role=far-role&process=far-process", ["far-duty"]),
    ("/api/v1/assignments/?raci=C", []),
])
def test_lists_filter_by_fields_and_reference_codes(world, api_client_as, url, expected):
    results = api_client_as("viewer").get(url).json()["results"]
    assert [row.get("duty", row.get("code")) for row in results] == expected


def test_deleting_a_duty_deletes_its_letters_each_on_record(world, api_client_as, process_editor):
    AssignmentFactory(duty=world.own_duty, role=RoleFactory(), raci=Raci.ACCOUNTABLE)
    watch = HistoryWatch()
    assert api_client_as("process_editor").delete("/api/v1/duties/own-duty/").status_code == 204
    assert not Assignment.objects.filter(duty__code="own-duty").exists()
    assert sorted(row.history_type for row in watch.rows()) == ["-", "-", "-"]
    assert set(watch.users()) == {process_editor}


def test_put_needs_every_required_field(world, api_client_as):
    response = api_client_as("process_editor").put("/api/v1/duties/own-duty/", {"code": "own-duty"},
                                               format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["title"]


def test_process_editor_cannot_take_a_duty_out_of_every_process(world, api_client_as):
    response = api_client_as("process_editor").put("/api/v1/duties/own-duty/", {
        "code": "own-duty", "title": "Free", "process": None, "step": None}, format="json")
    assert response.status_code == 403
    assert Duty.objects.get(code="own-duty").process == world.own_process
