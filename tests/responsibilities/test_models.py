"""The database itself refuses rows that break the RACI invariants."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from simple_history.models import HistoricalChanges

from responsibilities.lookup_index import SEARCH_INDEX
from responsibilities.models import Assignment, Duty, Process, Raci
from tests import factories

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_step_is_unique_within_a_process():
    process = factories.ProcessFactory()
    factories.DutyFactory(process=process, step=1)
    refused(lambda: Duty.objects.create(code="again", title="Again", process=process, step=1))


def test_the_same_step_in_two_processes_is_fine():
    factories.DutyFactory(process=factories.ProcessFactory(), step=1)
    factories.DutyFactory(process=factories.ProcessFactory(), step=1)
    assert Duty.objects.filter(step=1).count() == 2


def test_a_step_needs_a_process():
    refused(lambda: Duty.objects.create(code="loose", title="Loose", step=3))


def test_duty_code_must_be_a_slug():
    refused(lambda: Duty.objects.create(code="投诉", title="投诉"))


def test_process_kind_must_be_known():
    refused(lambda: Process.objects.create(code="p", name="P", kind="ritual"))


def test_assignment_needs_exactly_one_party():
    duty = factories.DutyFactory()
    refused(lambda: Assignment.objects.create(duty=duty, raci=Raci.ACCOUNTABLE))
    refused(lambda: Assignment.objects.create(
        duty=duty, raci=Raci.ACCOUNTABLE, department=factories.DepartmentFactory(),
        role=factories.RoleFactory()
    ))


def test_assignment_letter_must_be_raci():
    refused(lambda: Assignment.objects.create(
        duty=factories.DutyFactory(), department=factories.DepartmentFactory(), raci="X"
    ))


def test_a_party_holds_each_letter_once_per_duty():
    first = factories.AssignmentFactory(raci=Raci.ACCOUNTABLE)
    refused(lambda: Assignment.objects.create(
        duty=first.duty, department=first.department, raci=Raci.ACCOUNTABLE
    ))
    role_letter = factories.AssignmentFactory(duty=first.duty, role=factories.RoleFactory(),
                                              raci=Raci.CONSULTED)
    refused(lambda: Assignment.objects.create(
        duty=first.duty, role=role_letter.role, raci=Raci.CONSULTED
    ))


def test_accountable_and_responsible_are_two_rows_of_one_cell():
    first = factories.AssignmentFactory(raci=Raci.ACCOUNTABLE)
    factories.AssignmentFactory(duty=first.duty, department=first.department, raci=Raci.RESPONSIBLE)
    assert sorted(first.duty.assignments.values_list("raci", flat=True)) == ["A", "R"]


def test_full_clean_reports_a_broken_invariant_as_a_message():
    duty = factories.DutyFactory()
    with pytest.raises(ValidationError) as error:
        Assignment(duty=duty, raci=Raci.RESPONSIBLE).full_clean()
    assert "either a department or a role" in str(error.value)


# Every model of the registry with its factory, named by hand: losing a model's history, or
# adding a model, must fail a test below.
TRACKED = {
    "departments.Department": factories.DepartmentFactory,
    "departments.Role": factories.RoleFactory,
    "departments.Person": factories.PersonFactory,
    "departments.Membership": factories.MembershipFactory,
    "responsibilities.Process": factories.ProcessFactory,
    "responsibilities.Duty": factories.DutyFactory,
    "responsibilities.Assignment": factories.AssignmentFactory,
}


def test_the_registry_apps_hold_exactly_the_seven_tracked_models():
    found = {
        model._meta.label for label in ("departments", "responsibilities")
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, HistoricalChanges) and model not in SEARCH_INDEX
    }
    assert found == set(TRACKED)


@pytest.mark.parametrize("label", TRACKED)
def test_every_model_keeps_history(label):
    model = apps.get_model(label)
    obj = TRACKED[label]()
    obj.save()
    pk = obj.pk
    obj.delete()
    kept = model.history.filter(id=pk).order_by("history_id")
    assert list(kept.values_list("history_type", flat=True)) == ["+", "~", "-"]
