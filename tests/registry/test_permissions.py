"""registry.permissions (docs/permissions.md) as the API, the admin and the pages ask it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from guardian.shortcuts import assign_perm

from departments.models import Department, Membership, Person, Role
from registry.permissions import (
    can_change,
    can_create,
    can_create_any,
    can_delete,
    can_read,
    changeable,
)
from responsibilities.models import Assignment, Duty, Process
from responsibilities.selectors.records import duties_editable

pytestmark = pytest.mark.django_db


def objects(world):
    return {
        "department": world.own_department, "role": world.own_role,
        "membership": world.own_membership, "process": world.own_process,
        "duty": world.own_duty, "assignment": world.own_assignment, "person": world.own_person,
    }


@pytest.mark.parametrize(("role", "may_change"), [
    ("viewer", set()),
    ("dept_admin", {"department", "role", "membership"}),
    ("process_editor", {"process", "duty", "assignment"}),
    ("outsider", set()),
    ("editor", {"department", "role", "membership", "process", "duty", "assignment", "person"}),
    ("superuser", {"department", "role", "membership", "process", "duty", "assignment",
                   "person"}),
])
def test_each_user_may_change_exactly_what_design_section_6_gives_them(world, request, role,
                                                                        may_change):
    user = request.getfixturevalue(role)
    assert {name for name, obj in objects(world).items() if can_change(user, obj)} == may_change


def test_an_object_permission_covers_contents_but_not_deleting_the_container(
    world, dept_admin, process_editor
):
    assert can_delete(dept_admin, world.own_role) and not can_delete(dept_admin,
                                                                      world.own_department)
    assert can_delete(process_editor, world.own_duty)
    assert not can_delete(process_editor, world.own_process)


def test_new_objects_may_only_be_placed_inside_what_the_user_may_change(world, dept_admin,
                                                                       process_editor):
    assert can_create(dept_admin, Role(department=world.own_department))
    assert not can_create(dept_admin, Role(department=world.far_department))
    assert not can_create(dept_admin, Department())
    assert can_create(process_editor, Duty(process=world.own_process))
    assert not can_create(process_editor, Duty(process=None))
    assert can_create(process_editor, Assignment(duty=world.own_duty))
    assert not can_create(process_editor, Assignment(duty=world.far_duty))


def test_who_may_add_anything_at_all(world, viewer, dept_admin, process_editor):
    assert not can_create_any(viewer, Role)
    assert can_create_any(dept_admin, Membership) and not can_create_any(dept_admin, Duty)
    assert can_create_any(process_editor, Assignment)
    assert not can_create_any(process_editor, Person)
    assert not can_create_any(process_editor, Process)


def test_changeable_filters_a_queryset_to_what_the_user_may_change(world, dept_admin,
                                                                  process_editor):
    assert list(changeable(dept_admin, Membership.objects.all())) == [world.own_membership]
    assert list(changeable(process_editor, Assignment.objects.all())) == [world.own_assignment]
    assert not changeable(AnonymousUser(), Duty.objects.all()).exists()


def test_duties_editable_answers_for_many_duties_in_one_query(
    world, process_editor, django_assert_num_queries
):
    assign_perm("responsibilities.change_duty", process_editor, world.far_duty)
    process_editor.has_perm("responsibilities.change_duty")  # load the global permissions
    with django_assert_num_queries(1):
        editable = duties_editable(user=process_editor, duties=["own-duty", "far-duty", "x"])
    assert editable == {"own-duty", "far-duty"}


def test_duties_editable_takes_a_queryset_and_knows_global_editors(world, editor, viewer):
    assert duties_editable(user=editor, duties=Duty.objects.all()) == {"own-duty", "far-duty"}
    assert duties_editable(user=viewer, duties=Duty.objects.all()) == set()


def test_reading_needs_a_login_unless_the_registry_is_public(viewer, settings):
    assert can_read(viewer) and not can_read(AnonymousUser())
    settings.REGISTRY_PUBLIC_READ = True
    assert can_read(AnonymousUser())


def test_inactive_users_may_do_nothing(world, editor):
    editor.is_active = False
    assert not can_change(editor, world.own_duty)
    assert not can_create_any(editor, Duty)
