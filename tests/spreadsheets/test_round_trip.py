"""An export seeds an empty registry: exported to xlsx, then imported with create_missing into a
registry holding nothing, any matrix comes back with the same cells, the same processes with
their steps in order and the same party names."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from departments.models import Department, Role
from responsibilities.models import Assignment, Duty, Process
from responsibilities.selectors.current_matrix import matrix_read
from spreadsheets.services import matrix_import
from spreadsheets.writing import matrix_xlsx
from tests import factories

pytestmark = pytest.mark.django_db

NAMES = (st.text(alphabet="abcdefgh 客服部門&/()", min_size=1, max_size=12)
         .map(str.strip).filter(bool))


def snapshot():
    """What must survive the round trip, by code: cells, processes and steps, names (in
    whichever language the sheet's text goes to)."""
    return {
        "cells": matrix_read(axis="role").cells,
        "steps": sorted(((duty.process and duty.process.code, duty.process and duty.process.name,
                          duty.step, duty.code, duty.title)
                         for duty in Duty.objects.select_related("process")), key=repr),
        "departments": sorted((department.code, department.name) for department in
                              Department.objects.filter(pk__in=_holding("department"))),
        "roles": sorted((role.code, role.name, role.department.code, role.department.name)
                        for role in Role.objects.filter(pk__in=_holding("role"))
                        .select_related("department")),
    }


def _holding(kind):
    parties = Assignment.objects.values_list(f"{kind}_id", flat=True)
    if kind == "department":  # a role's department comes along with the role
        return {*parties, *Assignment.objects.values_list("role__department_id", flat=True)}
    return set(parties)


def wipe():
    for model in (Assignment, Duty, Process, Role, Department):
        model.objects.all().delete()


@st.composite
def organisations(draw):
    departments = draw(st.lists(NAMES, min_size=1, max_size=3, unique=True))
    roles = draw(st.lists(st.tuples(NAMES, st.integers(0, 2)), max_size=3))
    processes = draw(st.lists(NAMES, max_size=2, unique=True))
    duties = draw(st.lists(st.tuples(NAMES, st.integers(-1, 1)), min_size=1, max_size=6))
    letters = draw(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5),
                                      st.sampled_from(["A", "R", "C", "I", "AR", "RC"])),
                            min_size=1, max_size=12))
    return departments, roles, processes, duties, letters


def build(departments, roles, processes, duties, letters):
    made = [factories.DepartmentFactory(name=name) for name in departments]
    parties = list(made) + [factories.RoleFactory(name=name, department=made[d % len(made)])
                            for name, d in roles]
    made_processes = [factories.ProcessFactory(name=name, owner=None) for name in processes]
    made_duties = [
        factories.DutyFactory(title=title, process=made_processes[p % len(made_processes)]
                              if made_processes and p >= 0 else None)
        for title, p in duties]
    for duty, party, cell in letters:
        party = parties[party % len(parties)]
        for letter in cell:
            fields = {"role": party, "department": None} if isinstance(party, Role) else {
                "department": party}
            Assignment.objects.get_or_create(duty=made_duties[duty % len(made_duties)],
                                             raci=letter, **fields)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(organisation=organisations())
def test_an_export_imported_into_an_empty_registry_gives_back_the_same_matrix(organisation):
    with transaction.atomic():
        build(*organisation)
        before = snapshot()
        exported = matrix_xlsx(matrix_read(axis="role"))
        wipe()
        result = matrix_import(content=exported, filename="matrix.xlsx", create_missing=True)
        assert result.as_dict()["problems"] == []
        assert snapshot() == before
        transaction.set_rollback(True)
