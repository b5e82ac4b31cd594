"""The admin follows the same object permissions as the API (docs/permissions.md)."""

import pytest
from django.urls import reverse

from departments.models import Department, Role
from responsibilities.models import Duty

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, request):
    def login(role):
        user = request.getfixturevalue(role)
        user.is_staff = True
        user.save()
        client.force_login(user)
        return client

    return login


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def department_form(department, **changes):
    return {"code": department.code, "name_en": department.name, "is_active": "on",
            "roles-TOTAL_FORMS": 0, "roles-INITIAL_FORMS": 0, **changes}


def test_department_admin_renames_own_department_in_the_admin(world, staff_client):
    client = staff_client("dept_admin")
    response = client.post(change_url(world.own_department),
                           department_form(world.own_department, name_en="Renamed"))
    assert response.status_code == 302
    assert Department.objects.get(code="own-dept").name == "Renamed"


def test_department_admin_only_reads_another_department_in_the_admin(world, staff_client):
    client = staff_client("dept_admin")
    page = client.get(change_url(world.far_department))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = client.post(change_url(world.far_department),
                           department_form(world.far_department, name_en="Taken"))
    assert response.status_code == 403
    assert Department.objects.get(code="far-dept").name == "Far department"


def test_department_admin_may_add_roles_only_to_own_department(world, staff_client):
    client = staff_client("dept_admin")
    url = reverse("admin:departments_role_add")
    form = {"code": "spy", "name_en": "Spy", "is_active": "on", "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0}
    refused = client.post(url, {**form, "department": world.far_department.pk})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert client.post(url, {**form, "department": world.own_department.pk}).status_code == 302
    assert Role.objects.get(code="spy").department == world.own_department


def test_process_editor_cannot_take_a_duty_out_of_its_process_in_the_admin(world,
                                                                          staff_client):
    client = staff_client("process_editor")
    response = client.post(change_url(world.own_duty), {
        "code": "own-duty", "title_en": "Free", "process": "", "is_active": "on",
        "assignments-TOTAL_FORMS": 0, "assignments-INITIAL_FORMS": 0})
    assert response.status_code == 403
    assert Duty.objects.get(code="own-duty").process == world.own_process


def test_process_editor_deletes_a_duty_of_own_process_but_not_of_another(world,
                                                                        staff_client):
    client = staff_client("process_editor")
    delete = "admin:responsibilities_duty_delete"
    far = client.post(reverse(delete, args=[world.far_duty.pk]), {"post": "yes"})
    own = client.post(reverse(delete, args=[world.own_duty.pk]), {"post": "yes"})
    assert (far.status_code, own.status_code) == (403, 302)
    assert list(Duty.objects.values_list("code", flat=True)) == ["far-duty"]


def test_staff_without_permissions_read_the_admin_but_add_nothing(world, staff_client):
    client = staff_client("viewer")
    assert client.get(reverse("admin:responsibilities_duty_changelist")).status_code == 200
    assert client.get(change_url(world.own_duty)).status_code == 200
    assert client.get(reverse("admin:responsibilities_duty_add")).status_code == 403
