"""Shared values in the cache stay only as long as the rows they come from."""

import pytest

from departments.models import Department
from findings.selectors import findings_summary_load
from registry.caching import cached_while, history_version
from registry.services import record_delete, record_update
from responsibilities.models import Assignment, Raci
from responsibilities.selectors.indexes import department_index
from responsibilities.services.cells import CellChange, cells_set
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_version_moves_with_every_write_and_delete_of_the_tables_named():
    department = factories.DepartmentFactory(code="ops")
    first = history_version([Department])
    assert history_version([Department]) == first
    record_update(user=None, instance=department, data={"name": "Operations"})
    second = history_version([Department])
    record_delete(user=None, instance=department)
    assert len({first, second, history_version([Department])}) == 3


def test_a_value_is_computed_again_only_when_its_version_moves():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached_while("key", "v1", compute) == 1
    assert cached_while("key", "v1", compute) == 1
    assert cached_while("key", "v2", compute) == 2


def test_department_counts_and_the_findings_summary_follow_a_write():
    duty = factories.DutyFactory(code="pay")
    department = factories.DepartmentFactory(code="ops")
    cells_set(changes=[CellChange("pay", "department:ops", "R")], user=None)
    [ops] = [d for d in department_index() if d.code == "ops"]
    summary = findings_summary_load()
    assert (ops.accountable_count, ops.responsible_count) == (0, 1)
    assert summary["by_rule"]["no-accountable"] == 1
    cells_set(changes=[CellChange("pay", "department:ops", "AR")], user=None)
    [ops] = [d for d in department_index() if d.code == "ops"]
    assert (ops.accountable_count, ops.responsible_count) == (1, 1)
    assert findings_summary_load()["by_rule"]["no-accountable"] == 0
    assert Assignment.objects.filter(duty=duty, department=department, raci=Raci.ACCOUNTABLE)
