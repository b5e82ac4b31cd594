"""The database itself refuses rows that break the department invariants."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from departments.models import Department, Membership, Person, Role
from tests.factories import DepartmentFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_department_code_is_unique():
    DepartmentFactory(code="tech")
    refused(lambda: Department.objects.create(code="tech", name="Again"))


@pytest.mark.parametrize("code", ["has space", "技术", "", "a/b"])
def test_department_code_must_be_a_slug(code):
    refused(lambda: Department.objects.create(code=code, name="Bad"))


def test_department_cannot_be_its_own_parent_in_the_database():
    department = DepartmentFactory()
    department.parent_id = department.pk
    refused(department.save)


def test_department_cycle_is_refused_by_validation():
    top = DepartmentFactory()
    child = DepartmentFactory(parent=top)
    top.parent = child
    with pytest.raises(ValidationError) as error:
        top.full_clean()
    assert "parent" in error.value.message_dict


def test_role_code_is_unique_across_departments():
    RoleFactory(code="lead")
    refused(lambda: Role.objects.create(code="lead", name="Lead", department=DepartmentFactory()))


def test_person_email_is_unique_ignoring_case():
    PersonFactory(email="li.na@example.com")
    refused(lambda: Person.objects.create(name="Other", email="Li.Na@Example.com"))


def test_people_without_email_do_not_clash():
    Person.objects.create(name="One")
    Person.objects.create(name="Two")
    assert Person.objects.filter(email="").count() == 2


def test_membership_cannot_end_before_it_starts():
    refused(lambda: Membership.objects.create(
        person=PersonFactory(), role=RoleFactory(),
        start_date=datetime.date(2026, 5, 1), end_date=datetime.date(2026, 4, 1),
    ))


def test_deleting_a_department_with_roles_is_refused():
    role = RoleFactory()
    with pytest.raises(Exception) as error, transaction.atomic():
        role.department.delete()
    assert "protected" in type(error.value).__name__.lower()
    assert Role.objects.filter(pk=role.pk).exists()
