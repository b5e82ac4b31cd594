"""Two re-parentings at once cannot make a cycle (PostgreSQL: SQLite writes one at a time)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from departments.models import Department
from registry.services import record_update
from tests.factories import DepartmentFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="only PostgreSQL runs two writing transactions at once"),
    pytest.mark.django_db(transaction=True),
]


def move(code, parent_code):
    department = Department.objects.get(code=code)
    record_update(user=None, instance=department,
                  data={"parent": Department.objects.get(code=parent_code)})


def waiting_on_a_lock():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                       " AND datname = current_database()")
        return cursor.fetchone()[0]


def test_crossed_reparentings_leave_one_applied_and_no_cycle():
    DepartmentFactory(code="a")
    DepartmentFactory(code="b")
    held, release, outcomes = threading.Event(), threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                move("a", "b")
                held.set()
                release.wait(10)
            outcomes["a under b"] = "moved"
        finally:
            connection.close()

    def second():
        try:
            move("b", "a")
            outcomes["b under a"] = "moved"
        except ValidationError:
            outcomes["b under a"] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert held.wait(10)
    threads[1].start()
    # The second must queue behind the first's open transaction; give up after 5 s.
    deadline = time.monotonic() + 5
    while threads[1].is_alive() and not waiting_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)
    release.set()
    for thread in threads:
        thread.join(10)
    assert outcomes == {"a under b": "moved", "b under a": "refused"}
    parents = dict(Department.objects.values_list("code", "parent__code"))
    assert parents == {"a": "b", "b": None}
