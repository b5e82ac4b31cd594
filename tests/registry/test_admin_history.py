"""Every change made in the admin is in the history with the user who made it: what the
database would otherwise change on its own (cascaded deletes, references set to NULL)
included, and nothing recorded twice or for an object left as it was."""

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from departments.models import Department
from responsibilities.models import Duty
from tests import factories
from tests.api_world import HistoryWatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(client, superuser):
    client.force_login(superuser)
    return superuser


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}",
                   args=args)


def form_data(client, url):
    """The POST body of the admin form at `url` exactly as it shows: the object's fields and
    every inline row, unchanged."""
    context = client.get(url).context
    forms, data = [context["adminform"].form], {}
    for inline in context.get("inline_admin_formsets", []):
        management = inline.formset.management_form
        data.update({management.add_prefix(name): value
                     for name, value in management.initial.items()})
        forms.extend(inline.formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                data[form.add_prefix(name)] = "on"
            elif value not in (None, False):
                data[form.add_prefix(name)] = value
    return data


def recorded(watch):
    """(model, object id, +/~/-, user) of each history row written since `watch` began."""
    return sorted((row.instance_type.__name__, row.id, row.history_type, row.history_user)
                  for row in watch.rows())


def test_deleting_a_department_keeps_its_process_and_records_who_unlinked_it(client,
                                                                              admin_user):
    process = factories.ProcessFactory()
    department = process.owner
    response = client.post(admin_url(Department, "delete", department.pk), {"post": "yes"})
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.owner is None
    unlinked = process.history.first()
    assert (unlinked.history_type, unlinked.owner_id, unlinked.history_user) == (
        "~", None, admin_user)
    assert Department.history.get(id=department.pk, history_type="-").history_user == admin_user


def test_deleting_a_login_keeps_its_person_and_records_who_unlinked_it(client, admin_user,
                                                                       make_user):
    login = make_user("leaver")
    person = factories.PersonFactory(user=login)
    response = client.post(admin_url(type(login), "delete", login.pk), {"post": "yes"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user is None
    unlinked = person.history.first()
    assert (unlinked.history_type, unlinked.user_id, unlinked.history_user) == (
        "~", None, admin_user)


def test_bulk_deleting_duties_records_each_duty_and_each_cascaded_assignment(client,
                                                                             admin_user):
    duties = factories.DutyFactory.create_batch(2)
    assignments = [factories.AssignmentFactory(duty=duty) for duty in duties for _ in range(2)]
    watch = HistoryWatch()
    response = client.post(admin_url(Duty, "changelist"), {
        "action": "delete_selected", "_selected_action": [duty.pk for duty in duties],
        "post": "yes"})
    assert response.status_code == 302
    assert not Duty.objects.filter(pk__in=[duty.pk for duty in duties]).exists()
    assert recorded(watch) == sorted(
        [("Assignment", assignment.pk, "-", admin_user) for assignment in assignments]
        + [("Duty", duty.pk, "-", admin_user) for duty in duties])


def test_adding_a_role_records_one_row_naming_the_user(client, admin_user):
    department = factories.DepartmentFactory()
    url = admin_url(department.roles.model, "add")
    data = {**form_data(client, url), "code": "new-role", "name_en": "New role",
            "department": department.pk}
    watch = HistoryWatch()
    assert client.post(url, data).status_code == 302
    role = department.roles.get(code="new-role")
    assert recorded(watch) == [("Role", role.pk, "+", admin_user)]


def test_renaming_a_role_records_one_row_and_none_for_its_unchanged_members(client,
                                                                            admin_user):
    role = factories.MembershipFactory().role
    url = admin_url(type(role), "change", role.pk)
    data = {**form_data(client, url), "name_en": "Renamed"}
    watch = HistoryWatch()
    assert client.post(url, data).status_code == 302
    role.refresh_from_db()
    assert role.name == "Renamed"
    assert recorded(watch) == [("Role", role.pk, "~", admin_user)]


def test_adding_a_duty_with_an_assignment_records_one_row_for_each(client, admin_user):
    department = factories.DepartmentFactory()
    url = admin_url(Duty, "add")
    data = {**form_data(client, url), "code": "new-duty", "title_en": "New duty",
            "assignments-0-raci": "A", "assignments-0-department": department.pk}
    watch = HistoryWatch()
    assert client.post(url, data).status_code == 302
    duty = Duty.objects.get(code="new-duty")
    assignment = duty.assignments.get(department=department, raci="A")
    assert recorded(watch) == [("Assignment", assignment.pk, "+", admin_user),
                               ("Duty", duty.pk, "+", admin_user)]


def test_changing_a_duty_and_one_of_its_letters_records_one_row_for_each(client, admin_user):
    duty = factories.DutyFactory(process=factories.ProcessFactory())
    changed = factories.AssignmentFactory(duty=duty, raci="R")
    untouched = factories.AssignmentFactory(duty=duty)
    url = admin_url(Duty, "change", duty.pk)
    data = form_data(client, url)
    row = next(key for key, value in data.items() if key.endswith("-id") and value == changed.pk)
    data.update({"title_en": "Retitled", row.replace("-id", "-raci"): "C"})
    watch = HistoryWatch()
    assert client.post(url, data).status_code == 302
    assert (Duty.objects.get(pk=duty.pk).title, duty.assignments.get(pk=changed.pk).raci) == (
        "Retitled", "C")
    assert duty.assignments.get(pk=untouched.pk).raci == "R"
    assert recorded(watch) == [("Assignment", changed.pk, "~", admin_user),
                               ("Duty", duty.pk, "~", admin_user)]


@pytest.fixture
def staff_process_editor(client, process_editor):
    process_editor.is_staff = True
    process_editor.save()
    client.force_login(process_editor)
    return client


@pytest.mark.parametrize("attempt", ["change", "delete", "bulk delete"])
def test_a_staff_process_editor_cannot_touch_another_process_duty_in_the_admin(
        staff_process_editor, attempt):
    duty = factories.DutyFactory(code="far-duty", title="Far duty",
                                 process=factories.ProcessFactory())
    factories.AssignmentFactory(duty=duty)
    watch = HistoryWatch()
    url, data = {
        "change": (admin_url(Duty, "change", duty.pk), {
            "code": "far-duty", "title_en": "Taken", "process": duty.process.pk,
            "assignments-TOTAL_FORMS": 0, "assignments-INITIAL_FORMS": 0}),
        "delete": (admin_url(Duty, "delete", duty.pk), {"post": "yes"}),
        "bulk delete": (admin_url(Duty, "changelist"), {
            "action": "delete_selected", "_selected_action": [duty.pk], "post": "yes"}),
    }[attempt]
    assert staff_process_editor.post(url, data).status_code == 403
    assert Duty.objects.get(pk=duty.pk).title == "Far duty"
    assert duty.assignments.count() == 1
    assert watch.rows() == []


def revert_url(obj, version):
    return admin_url(type(obj), "simple_history", obj.pk, version.history_id)


def test_reverting_in_the_admin_brings_the_old_version_back_naming_the_user(client,
                                                                            admin_user):
    role = factories.RoleFactory(name="Old name")
    old = role.history.latest()
    role.name = "New name"
    role.save()
    url = revert_url(role, old)
    response = client.post(url, form_data(client, url))
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.name == "Old name"
    assert role.history.latest().history_user == admin_user


def test_a_department_editor_cannot_revert_a_role_out_of_another_department(
        client, make_user, own_department):
    editor = make_user("reverter", is_staff=True)
    assign_perm("departments.change_department", editor, own_department)
    role = factories.RoleFactory(department=own_department)
    in_ours = role.history.latest()
    role.department = factories.DepartmentFactory(code="elsewhere")
    role.save()
    client.force_login(editor)
    url = revert_url(role, in_ours)
    data = {"code": role.code, "name_en": role.name, "department": own_department.pk,
            "is_active": "on", "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0}
    response = client.post(url, data)
    assert response.status_code == 403
    role.refresh_from_db()
    assert role.department.code == "elsewhere"


def test_a_duty_deleted_in_the_admin_is_restored_there_with_its_letters(client, admin_user):
    duty = factories.DutyFactory(code="pay-fix", title="Fix payments")
    for letter in "AR":
        factories.AssignmentFactory(duty=duty, department=factories.DepartmentFactory(),
                                    raci=letter)
    pk = duty.pk
    client.post(admin_url(Duty, "delete", pk), {"post": "yes"})
    listing = client.get(admin_url(Duty, "deleted"))
    assert "Fix payments" in listing.content.decode()
    response = client.post(admin_url(Duty, "deleted"), {"id": pk})
    assert response.status_code == 302
    restored = Duty.objects.get(pk=pk)
    assert sorted(restored.assignments.values_list("raci", flat=True)) == ["A", "R"]
    assert restored.history.latest("history_id").history_user == admin_user
    assert f'name="id" value="{pk}"' not in client.get(admin_url(Duty, "deleted")).content.decode()


@pytest.mark.parametrize("given", ["", "abc", "99999999", "99999999999999999999999"])
def test_restoring_nothing_in_the_admin_says_so_and_changes_nothing(client, admin_user, given):
    watch = HistoryWatch()
    response = client.post(admin_url(Duty, "deleted"), {"id": given}, follow=True)
    assert response.status_code == 200
    assert "There is no deleted duty" in response.content.decode() or (
        "expected a number" in response.content.decode())
    assert watch.rows() == []


def test_a_department_admin_cannot_restore_a_duty_of_another_process(client, dept_admin):
    duty = factories.DutyFactory(code="far")
    pk = duty.pk
    duty.delete()
    dept_admin.is_staff = True
    dept_admin.save()
    client.force_login(dept_admin)
    response = client.post(admin_url(Duty, "deleted"), {"id": pk})
    assert response.status_code == 403
    assert not Duty.objects.filter(pk=pk).exists()
