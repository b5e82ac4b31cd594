"""The matrix as it stood at a moment, what changed between two, and the change feed."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from responsibilities.models import Assignment, Raci
from responsibilities.selectors.changes import ChangeFilters, change_list
from responsibilities.selectors.current_matrix import matrix_read
from responsibilities.selectors.past_matrix import _touched_duties, matrix_as_of, matrix_diff
from tests.factories import DepartmentFactory, DutyFactory, ProcessFactory, RoleFactory

pytestmark = pytest.mark.django_db


def as_user(obj, user):
    obj._history_user = user
    return obj


@pytest.fixture
def story(make_user):
    """Three moments: alice builds a duty's cells, bob reorganises them, alice renames."""
    alice, bob = make_user("alice"), make_user("bob")
    tech = DepartmentFactory(code="tech")
    support = DepartmentFactory(code="support")
    lead = RoleFactory(code="lead", department=support)
    duty = DutyFactory(code="feedback", title="Handle feedback", process=ProcessFactory())
    as_user(Assignment(duty=duty, department=tech, raci=Raci.RESPONSIBLE), alice).save()
    as_user(Assignment(duty=duty, department=tech, raci=Raci.ACCOUNTABLE), alice).save()
    first = timezone.now()
    as_user(Assignment.objects.get(department=tech, raci=Raci.ACCOUNTABLE), bob).delete()
    as_user(Assignment(duty=duty, role=lead, raci=Raci.ACCOUNTABLE), bob).save()
    second = timezone.now()
    as_user(duty, alice).title = "Handle user feedback"
    duty.save()
    as_user(Assignment(duty=duty, department=support, raci=Raci.INFORMED), alice).save()
    return {"first": first, "second": second, "duty": duty, "alice": alice, "bob": bob}


def test_the_matrix_as_of_a_moment_shows_the_letters_of_then(story):
    then = matrix_as_of(moment=story["first"], axis="role")
    assert then.cells == {"feedback": {"department:tech": "AR"}}
    assert then.duties[0].title == "Handle feedback"
    middle = matrix_as_of(moment=story["second"], axis="role")
    assert middle.cells == {"feedback": {"department:tech": "R", "role:lead": "A"}}


def test_the_matrix_as_of_now_equals_the_live_matrix(story):
    for axis in ("role", "department"):
        now, live = matrix_as_of(moment=timezone.now(), axis=axis), matrix_read(axis=axis)
        assert (now.duties, now.parties, now.cells) == (live.duties, live.parties, live.cells)


def test_before_anything_existed_the_matrix_is_empty(story):
    long_ago = story["first"].replace(year=2000)
    assert matrix_as_of(moment=long_ago).duties == []


def test_the_diff_lists_each_changed_cell_with_who_and_when(story):
    changes = matrix_diff(start=story["first"], end=timezone.now())
    assert [(c["party"], c["before"], c["after"], c["who"]) for c in changes] == [
        ("department:support", "", "I", "alice"),
        ("department:tech", "AR", "R", "bob"),
        ("role:lead", "", "A", "bob"),
    ]
    assert all(story["first"] < change["when"] for change in changes)


def test_the_diff_of_a_quiet_period_is_empty(story):
    assert matrix_diff(start=timezone.now(), end=timezone.now()) == []


def test_the_feed_says_who_did_what_newest_first(story):
    total, entries = change_list(filters=ChangeFilters(duty="feedback"))
    assert total == 7  # the duty created and renamed, five letters added or removed
    assert entries[0]["object"] == "feedback · department:support · I"
    renamed = next(e for e in entries if e["model"] == "duty" and e["action"] == "changed")
    assert renamed["changes"] == {"title_en": ["Handle feedback", "Handle user feedback"]}
    assert renamed["who"] == "alice"


def test_the_feed_filters_by_user_and_since(story):
    _total, entries = change_list(filters=ChangeFilters(user="bob"))
    assert {(e["action"], e["object"]) for e in entries} == {
        ("deleted", "feedback · department:tech · A"), ("created", "feedback · role:lead · A")}
    total, _entries = change_list(filters=ChangeFilters(since=story["second"]))
    assert total == 2


def test_the_feed_of_a_department_includes_its_roles_letters(story):
    _total, entries = change_list(filters=ChangeFilters(department="support"))
    objects = {e["object"] for e in entries}
    assert "feedback · role:lead · A" in objects
    assert "feedback · department:tech · R" not in objects


def test_the_feed_pages_without_overlap(story):
    _total, first = change_list(limit=3)
    _total, second = change_list(limit=3, offset=3)
    assert not {e["object"] + e["action"] for e in first} & {
        e["object"] + e["action"] for e in second}


def test_an_unknown_filter_code_is_a_validation_error(story):
    with pytest.raises(ValidationError) as error:
        change_list(filters=ChangeFilters(process="nowhere"))
    assert "process" in error.value.message_dict


def test_the_feed_runs_a_fixed_number_of_queries(story, django_assert_max_num_queries):
    # per model: a page and a count (14); previous versions of changed rows; the codes of
    # referenced objects (one per labelled model)
    with django_assert_max_num_queries(26):
        change_list(limit=50)


def test_a_letter_moved_to_another_duty_shows_on_both_in_the_diff(story):
    other = DutyFactory(code="other-duty")
    untouched = DutyFactory(code="untouched")
    Assignment.objects.create(duty=untouched, department=DepartmentFactory(), raci=Raci.INFORMED)
    start = timezone.now()
    letter = Assignment.objects.get(duty=story["duty"], department__code="tech")
    letter.duty = other
    letter.save()
    changes = {(cell["duty"], cell["party"]): (cell["before"], cell["after"])
               for cell in matrix_diff(start=start, end=timezone.now())}
    assert changes == {("feedback", "department:tech"): ("R", ""),
                       ("other-duty", "department:tech"): ("", "R")}


def test_the_diff_reads_only_the_duties_changed_in_its_window(story):
    DutyFactory.create_batch(5)
    start = timezone.now()
    Assignment.objects.create(duty=story["duty"], department=DepartmentFactory(code="late"),
                              raci=Raci.CONSULTED)
    assert _touched_duties(start, timezone.now()) == {story["duty"].pk}


def test_a_history_row_that_changes_no_cell_leaves_the_diff_empty():
    from datetime import timedelta

    from registry.services import record_update
    from tests.factories import AssignmentFactory

    letter = AssignmentFactory(raci=Raci.ACCOUNTABLE)
    start = timezone.now()
    record_update(user=None, instance=letter, data={"note": "only the note"})
    assert matrix_diff(start=start, end=timezone.now() + timedelta(seconds=1)) == []
    record_update(user=None, instance=letter, data={"raci": Raci.RESPONSIBLE})
    [cell] = matrix_diff(start=start, end=timezone.now() + timedelta(seconds=1))
    assert (cell["before"], cell["after"]) == ("A", "R")
