"""Restoring a deleted duty, process or department: as it was, with what its deletion took."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from departments.models import Department, Membership, Role
from registry.services import RESTORED, RESTORED_ALONG, record_delete, record_restore
from responsibilities.models import Assignment, Duty, Process, Raci
from tests import factories

pytestmark = pytest.mark.django_db


def letters(code):
    return sorted(Assignment.objects.filter(duty__code=code).values_list("raci", flat=True))


@pytest.fixture
def deleted_duty(world, editor):
    """own-duty with three letters, deleted by the editor."""
    factories.AssignmentFactory(duty=world.own_duty, role=world.own_role, raci=Raci.ACCOUNTABLE)
    factories.AssignmentFactory(duty=world.own_duty, role=world.own_role, raci=Raci.CONSULTED)
    pk = world.own_duty.pk
    record_delete(user=editor, instance=world.own_duty)
    assert letters("own-duty") == []
    return pk


def test_a_restored_duty_comes_back_with_every_letter_it_had(deleted_duty, editor):
    restored = record_restore(user=editor, model=Duty, code="own-duty")
    assert restored.pk == deleted_duty
    assert Duty.objects.get(code="own-duty").title == "Own duty"
    assert letters("own-duty") == ["A", "C", "R"]


def test_the_restore_is_in_the_history_with_the_user(deleted_duty, editor):
    record_restore(user=editor, model=Duty, code="own-duty")
    duty_row = Duty.history.filter(code="own-duty").latest("history_id")
    assert (duty_row.history_type, duty_row.history_user, duty_row.history_change_reason) == (
        "+", editor, RESTORED)
    letter_rows = Assignment.history.filter(duty_id=deleted_duty, history_type="+",
                                            history_change_reason=RESTORED_ALONG)
    assert {row.history_user for row in letter_rows} == {editor}
    assert letter_rows.count() == 3


def test_only_the_letters_of_the_last_deletion_come_back(deleted_duty, editor):
    record_restore(user=editor, model=Duty, code="own-duty")
    record_delete(user=editor, instance=Assignment.objects.get(duty__code="own-duty",
                                                               raci=Raci.CONSULTED))
    record_delete(user=editor, instance=Duty.objects.get(code="own-duty"))
    record_restore(user=editor, model=Duty, code="own-duty")
    assert letters("own-duty") == ["A", "R"]


def test_a_restored_department_owns_its_processes_again(world, editor):
    process = factories.ProcessFactory(code="owned", owner=world.empty_department)
    record_delete(user=editor, instance=world.empty_department)
    assert Process.objects.get(code="owned").owner is None
    record_restore(user=editor, model=Department, code="empty-dept")
    assert Process.objects.get(pk=process.pk).owner.code == "empty-dept"


def test_a_restored_role_has_its_memberships_again(world, editor):
    role = factories.RoleFactory(code="spare", department=world.own_department)
    factories.MembershipFactory(role=role, person=world.own_person)
    record_delete(user=editor, instance=role)
    record_restore(user=editor, model=Role, code="spare")
    assert Membership.objects.filter(role__code="spare", person=world.own_person).count() == 1


def test_a_deleted_process_comes_back(world, editor):
    record_delete(user=editor, instance=world.empty_process)
    record_restore(user=editor, model=Process, code="empty-process")
    assert Process.objects.filter(code="empty-process").exists()


@pytest.mark.parametrize(("code", "message"), [
    ("never-was", "There is no deleted duty by that name."),
    ("far-duty", "There is no deleted duty by that name."),  # it exists
])
def test_what_is_not_deleted_cannot_be_restored(world, editor, code, message):
    with pytest.raises(ValidationError, match=message):
        record_restore(user=editor, model=Duty, code=code)


def test_a_code_taken_since_refuses_the_restore_and_changes_nothing(deleted_duty, editor):
    factories.DutyFactory(code="own-duty", title="Newcomer")
    with pytest.raises(ValidationError):
        record_restore(user=editor, model=Duty, code="own-duty")
    assert Duty.objects.get(code="own-duty").title == "Newcomer"
    assert letters("own-duty") == []


def test_a_duty_whose_process_is_gone_cannot_come_back(world, editor):
    duty = factories.DutyFactory(code="lonely", process=world.empty_process)
    record_delete(user=editor, instance=duty)
    record_delete(user=editor, instance=world.empty_process)
    with pytest.raises(ValidationError):
        record_restore(user=editor, model=Duty, code="lonely")
    assert not Duty.objects.filter(code="lonely").exists()


def test_a_process_editor_restores_in_their_process_only(world, editor, process_editor):
    far_duty = world.far_duty.pk
    record_delete(user=editor, instance=world.own_duty)
    record_delete(user=editor, instance=world.far_duty)
    record_restore(user=process_editor, model=Duty, code="own-duty")
    with pytest.raises(PermissionDenied):
        record_restore(user=process_editor, model=Duty, code="far-duty")
    assert not Duty.objects.filter(code="far-duty").exists()
    assert not Assignment.objects.filter(duty_id=far_duty).exists()


def test_the_api_restores_by_code_and_answers_with_the_duty(deleted_duty, editor, api_as):
    response = api_as(editor).post("/api/v1/duties/own-duty/restore/")
    assert response.status_code == 200
    assert sorted(item["raci"] for item in response.json()["assignments"]) == ["A", "C", "R"]


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), (None, 401)])
def test_the_api_refuses_a_restore_to_who_may_not_and_changes_nothing(
        deleted_duty, api_as, request, who, status):
    user = request.getfixturevalue(who) if who else None
    response = api_as(user).post("/api/v1/duties/own-duty/restore/")
    assert response.status_code == status
    assert not Duty.objects.filter(code="own-duty").exists()


def test_the_api_says_why_a_restore_is_refused(world, editor, api_as):
    response = api_as(editor).post("/api/v1/duties/far-duty/restore/")
    assert response.status_code == 400
    assert "There is no deleted duty" in str(response.json())
