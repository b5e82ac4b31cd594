"""The stored findings: after every write they equal a full analysis of the organisation, and
they remember when each finding appeared and was resolved."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from departments.models import Department, Membership, Person, Role
from findings.engine import analyse
from findings.loading import findings_data_load
from findings.models import FindingsState, StoredFinding
from findings.selectors import findings_list, findings_over_time, findings_time_to_resolve
from findings.store import finding_key, findings_current, findings_refresh
from registry.changes import take
from registry.services import record_create, record_delete, record_update
from responsibilities.models import Assignment, Duty, Process
from responsibilities.services.cells import CellChange, cells_set
from tests import factories

pytestmark = pytest.mark.django_db

LETTERS = ["", "A", "R", "AR", "C", "I", "RC", "AI"]


def build():
    """Three departments with a staffed and an unstaffed role, two processes of four steps (each
    with a Responsible, in departments 0, 1, 0, 2: moving a step changes who hands off to whom)
    and two loose duties (one held by a department alone), with a few more letters."""
    today = timezone.localdate()
    for d in range(3):
        department = factories.DepartmentFactory(code=f"d{d}")
        staffed = factories.RoleFactory(code=f"r{d}", department=department)
        factories.RoleFactory(code=f"v{d}", department=department)
        factories.MembershipFactory(role=staffed, start_date=today - timedelta(days=30))
    for p in range(2):
        process = factories.ProcessFactory(code=f"p{p}", owner=Department.objects.get(code=f"d{p}"))
        for step in range(4):
            factories.DutyFactory(code=f"p{p}s{step}", process=process)
    for loose in range(2):
        factories.DutyFactory(code=f"x{loose}")
    cells_set(changes=[
        *(CellChange(f"p{p}s{step}", f"role:r{d}", "R")
          for p in range(2) for step, d in enumerate([0, 1, 0, 2])),
        CellChange("p0s0", "department:d0", "A"), CellChange("p1s2", "department:d2", "A"),
        CellChange("x0", "role:v1", "AR"), CellChange("x1", "department:d1", "AR")], user=None)


def expected():
    state = FindingsState.objects.get()
    found = analyse(findings_data_load(), today=state.as_of,
                    max_accountable=state.max_accountable, max_consulted=state.max_consulted)
    return {(finding_key(f), tuple(sorted(dict(f.details).items()))) for f in found}


def stored():
    rows = StoredFinding.objects.filter(resolved_at=None).values_list("key", "details")
    return {(key, tuple(sorted(details.items()))) for key, details in rows}


def pick(model, index, **filters):
    rows = list(model.objects.filter(**filters).order_by("pk"))
    return rows[index % len(rows)] if rows else None


def _update(instance, **data):
    if instance is not None:
        record_update(user=None, instance=instance, data=data)


def set_cell(i, j, k):
    duty = pick(Duty, i)
    party = pick(Role, j) if k % 2 else pick(Department, j)
    kind = "role" if k % 2 else "department"
    if duty is not None:
        cells_set(changes=[CellChange(duty.code, f"{kind}:{party.code}", LETTERS[k % 8])],
                  user=None)


def toggle(model):
    def run(i, j, k):
        instance = pick(model, i)
        _update(instance, is_active=not instance.is_active)
    return run


def move_duty(i, j, k):
    duty = pick(Duty, i)
    if duty is None:
        return
    process = None if k % 3 == 0 else pick(Process, j)
    step = None if process is None else 10 + k
    _update(duty, process=process, step=step)


def review(i, j, k):
    _update(pick(Duty, i), review_by=timezone.localdate() + timedelta(days=k - 4))


def own(i, j, k):
    _update(pick(Process, i), owner=None if k % 2 else pick(Department, j))


def move_role(i, j, k):
    _update(pick(Role, i), department=pick(Department, j))


def rename(i, j, k):
    model = (Role, Department, Duty, Process)[k % 4]
    instance = pick(model, i)
    if instance is not None:
        _update(instance, code=f"{instance.code}-{k}")


def staff(i, j, k):
    today = timezone.localdate()
    membership = pick(Membership, i)
    if k % 3 == 0 and membership is not None:
        _update(membership, end_date=today - timedelta(days=1))
    elif k % 3 == 1 and membership is not None:
        _update(membership.person, is_active=not membership.person.is_active)
    elif membership is not None and k % 2:
        _update(membership, role=pick(Role, j))
    else:
        person = record_create(user=None, instance=Person(name=f"New {i}{j}{k}"))
        record_create(user=None, instance=Membership(person=person, role=pick(Role, j),
                                                     start_date=today))


def delete(i, j, k):
    model = (Assignment, Duty, Membership)[k % 3]
    instance = pick(model, i)
    if instance is not None:
        record_delete(user=None, instance=instance)


def add_duty(i, j, k):
    process = pick(Process, j) if k % 2 else None
    record_create(user=None, instance=Duty(code=f"new-{i}-{j}-{k}", title="New", process=process,
                                           step=None if process is None else 20 + i))


OPERATIONS = [set_cell, set_cell, set_cell, toggle(Duty), toggle(Process), toggle(Role),
              toggle(Department), move_duty, review, own, move_role, rename, staff, delete,
              add_duty]

operations = st.lists(
    st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 7), st.integers(0, 7),
              st.integers(0, 8)),
    max_size=12,
)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=operations)
def test_after_every_write_the_stored_findings_equal_a_full_analysis(steps, settings):
    settings.RACI_MAX_ACCOUNTABLE = 1
    settings.RACI_MAX_CONSULTED = 1
    with transaction.atomic():
        build()
        findings_current()
        for operation, i, j, k in steps:
            try:
                with transaction.atomic():
                    operation(i, j, k)
            except ValidationError:
                continue  # a step already taken, a code in use: the write changed nothing
            assert not take(), "every service hands its writes on"
            assert stored() == expected(), operation.__name__
        transaction.set_rollback(True)


def test_a_write_touching_many_duties_recomputes_everything(monkeypatch):
    build()
    findings_current()
    monkeypatch.setattr("findings.store.SLICE_AT_MOST", 1)
    cells_set(changes=[CellChange("p0s0", "department:d1", "A"),
                       CellChange("p1s0", "department:d1", "R")], user=None)
    assert stored() == expected()


def test_a_found_finding_keeps_when_it_appeared_until_it_is_resolved():
    build()
    findings_current()
    opened = StoredFinding.objects.get(rule="no-accountable", duty="p0s1")
    cells_set(changes=[CellChange("p0s1", "role:r1", "AR")], user=None)
    opened.refresh_from_db()
    assert opened.resolved_at is not None and opened.resolved_at >= opened.opened_at
    assert not StoredFinding.objects.filter(rule="no-accountable", duty="p0s1",
                                            resolved_at=None).exists()
    cells_set(changes=[CellChange("p0s1", "role:r1", "R")], user=None)
    again = StoredFinding.objects.get(rule="no-accountable", duty="p0s1", resolved_at=None)
    assert again.pk != opened.pk, "found again, it is a new finding with its own dates"


def test_a_failed_write_leaves_the_stored_findings_as_they_were():
    build()
    findings_current()
    before = stored()
    with pytest.raises(ValidationError):
        cells_set(changes=[CellChange("p0s1", "role:r1", "AR"),
                           CellChange("p0s1", "role:nobody", "R")], user=None)
    assert stored() == before


def test_a_new_day_refreshes_the_date_driven_findings():
    build()
    today = timezone.localdate()
    record_update(user=None, instance=Duty.objects.get(code="x1"),
                  data={"review_by": today + timedelta(days=1)})
    assert not [f for f in findings_list(rule="review-overdue")]
    later = list(findings_list(rule="review-overdue", today=today + timedelta(days=2)))
    assert [f.duty for f in later] == ["x1"]
    assert FindingsState.objects.get().as_of == today + timedelta(days=2)


def test_refresh_is_idempotent():
    build()
    findings_refresh()
    delta = findings_refresh()
    assert (delta.opened, delta.resolved) == ([], [])


def test_open_findings_over_time_and_time_to_resolve():
    build()
    findings_current()
    now = timezone.now()
    StoredFinding.objects.filter(duty="p0s1").update(opened_at=now - timedelta(days=3))
    cells_set(changes=[CellChange("p0s1", "role:r1", "AR")], user=None)
    series = findings_over_time(days=5)
    assert [day for day, _count in series][-1] == timezone.localdate()
    counts = [count for _day, count in series]
    assert counts[0] < counts[-2], "findings opened 3 days ago are counted from then"
    assert counts[-1] == len(stored())
    resolved = findings_time_to_resolve(days=30)
    count, mean = resolved["d1"]
    assert count >= 1 and timedelta(days=2) < mean < timedelta(days=4)


def test_a_one_cell_write_updates_its_findings_in_the_same_queries_at_any_size():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from findings.services import cells_set_reporting

    def one_write(letters):
        with CaptureQueriesContext(connection) as queries:
            cells_set_reporting(changes=[CellChange("p0s2", "role:r1", letters)], user=None)
        return len(queries)

    build()
    findings_current()
    small = one_write("A")
    cells_set(changes=[CellChange("p0s2", "role:r1", "")], user=None)
    for n in range(30):  # more departments, processes, duties and letters elsewhere
        department = factories.DepartmentFactory(code=f"more-{n}")
        duty = factories.DutyFactory(process=factories.ProcessFactory(owner=department))
        factories.AssignmentFactory(duty=duty, department=department, raci="R")
    findings_current()
    assert one_write("A") == small


def test_a_reader_finding_the_findings_refreshed_meanwhile_does_not_refresh_again(
        django_assert_max_num_queries):
    build()
    findings_refresh()
    # as a second process would, once the first had refreshed while it waited for the lock:
    # a savepoint, the lock (PostgreSQL), the state, the release; no analysis
    with django_assert_max_num_queries(4):
        delta = findings_refresh(unless_current=True)
    assert (delta.opened, delta.resolved) == ([], [])
