"""One factory per model; codes are unique sequences so factories never collide."""

import factory

from departments.models import Department, Membership, Person, Role
from responsibilities.models import Assignment, Duty, Process, Raci


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"dept-{n}")
    name = factory.Sequence(lambda n: f"Department {n}")
    chat = factory.LazyAttribute(lambda o: f"#{o.code}")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    code = factory.Sequence(lambda n: f"role-{n}")
    name = factory.Sequence(lambda n: f"Role {n}")
    department = factory.SubFactory(DepartmentFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    role = factory.SubFactory(RoleFactory)


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    code = factory.Sequence(lambda n: f"process-{n}")
    name = factory.Sequence(lambda n: f"Process {n}")
    owner = factory.SubFactory(DepartmentFactory)


class DutyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Duty

    code = factory.Sequence(lambda n: f"duty-{n}")
    title = factory.Sequence(lambda n: f"Duty {n}")
    process = None
    # A step exactly when there is a process, numbered past its existing steps.
    step = factory.LazyAttribute(
        lambda o: (o.process.duties.count() + 1) if o.process is not None else None
    )


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A department's letter by default; pass `role=` for a role's letter instead."""

    class Meta:
        model = Assignment

    duty = factory.SubFactory(DutyFactory)
    role = None
    department = factory.Maybe(
        "role", yes_declaration=None, no_declaration=factory.SubFactory(DepartmentFactory)
    )
    raci = Raci.RESPONSIBLE
