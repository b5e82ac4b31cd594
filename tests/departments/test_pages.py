"""The organisation's pages as a manager uses them: the department tree, the add and edit forms
of departments, roles, people and processes, appointing people and ending memberships.

Who may open each page and how many queries it costs are in tests/page_access.py and
tests/registry/test_page_query_counts.py; these tests say what the pages do.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from departments.models import Department, Membership, Role
from responsibilities.models import Process
from tests.api_world import HistoryWatch
from tests.factories import DepartmentFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def form_data(client, url, **changes):
    """What the form at `url` would send untouched, with `changes` applied (None: an unticked
    box or an emptied field)."""
    form = client.get(url).context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        data[field.html_name] = "on" if value is True else value
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def errors_of(response, field):
    """The error messages the page shows on `field` (the form is re-shown with status 200)."""
    assert response.status_code == 200
    return " ".join(response.context["form"].errors.get(field, []))


# The department tree


def test_department_list_shows_a_sub_department_right_under_its_parent_indented(
        page_world, client_as):
    # "Aardvark" sorts first by name: only the tree puts it under its parent.
    DepartmentFactory(code="sub-dept", name="Aardvark desk", parent=page_world.far_department)
    html = client_as("viewer").get("/departments/").content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    order = [next(code for code in ("own-dept", "far-dept", "sub-dept")
                  if f'href="/departments/{code}/"' in row) for row in rows]
    assert order == ["far-dept", "sub-dept", "own-dept"]
    sub_row = rows[order.index("sub-dept")]
    assert 'class="depth-1"' in sub_row and "part of Far department" in sub_row
    assert 'class="depth-0"' in rows[order.index("far-dept")]


def test_add_a_department_is_offered_to_an_editor_not_to_a_viewer(page_world, client_as):
    assert "Add a department" in client_as("editor").get("/departments/").content.decode()
    assert "Add a department" not in client_as("viewer").get("/departments/").content.decode()


# Departments: codes from names, errors


def department_post(client, **fields):
    return client.post("/new/department/", {"name_en": "", "name_zh_hans": "", "code": "",
                                            "parent": "", "is_active": "on", **fields})


def test_a_department_named_only_in_chinese_gets_a_pinyin_code_and_the_next_one_a_number(
        page_world, client_as):
    client = client_as("editor")
    first = department_post(client, name_zh_hans="客服部")
    assert first.status_code == 302 and first["Location"] == "/departments/ke-fu-bu/"
    second = department_post(client, name_zh_hans="客服部")
    assert second.status_code == 302 and second["Location"] == "/departments/ke-fu-bu-2/"
    assert set(Department.objects.filter(name_zh_hans="客服部").values_list("code", flat=True)) \
        == {"ke-fu-bu", "ke-fu-bu-2"}


def test_a_department_without_a_name_is_a_field_error_and_nothing_is_made(
        page_world, client_as):
    before = Department.objects.count()
    response = department_post(client_as("editor"), email="desk@example.com")
    assert "Give the name in English or in Chinese" in errors_of(response, "name_en")
    assert "Give the name in English or in Chinese" in response.content.decode()
    assert Department.objects.count() == before


def test_a_department_cannot_be_put_inside_its_own_sub_department(page_world, client_as):
    child = DepartmentFactory(code="child-dept", name="Child", parent=page_world.own_department)
    client = client_as("editor")
    url = "/departments/own-dept/edit/"
    response = client.post(url, form_data(client, url, parent=child.pk))
    assert "cannot be inside itself or its own sub-department" in errors_of(response, "parent")
    page_world.own_department.refresh_from_db()
    assert page_world.own_department.parent is None


# Roles


def test_a_dept_admin_is_offered_only_their_own_department_for_a_new_role(
        page_world, client_as):
    form = client_as("dept_admin").get("/new/role/?department=own-dept").context["form"]
    assert list(form.fields["department"].queryset) == [page_world.own_department]
    assert form["department"].value() == page_world.own_department.pk


def test_a_dept_admin_posting_another_department_gets_a_form_error_and_no_role(
        page_world, client_as):
    before = Role.objects.count()
    response = client_as("dept_admin").post("/new/role/", {
        "name_en": "Night desk", "code": "", "department": page_world.far_department.pk,
        "is_active": "on"})
    assert "Select a valid choice" in errors_of(response, "department")
    assert Role.objects.count() == before
    assert not Role.objects.filter(name_en="Night desk").exists()


def test_unticking_active_on_a_role_keeps_it_and_the_role_list_marks_it_inactive(
        page_world, client_as):
    client = client_as("editor")
    url = "/roles/own-role/edit/"
    response = client.post(url, form_data(client, url, is_active=None))
    assert response.status_code == 302 and response["Location"] == "/roles/own-role/"
    role = Role.objects.get(code="own-role")
    assert role.is_active is False
    html = client.get("/roles/?q=own-role").content.decode()
    row = html.split('href="/roles/own-role/"')[1].split("</th>")[0]
    assert "inactive" in row
    far_row = client.get("/roles/?q=far-role").content.decode().split(
        'href="/roles/far-role/"')[1].split("</th>")[0]
    assert "inactive" not in far_row


# People


@pytest.fixture
def alice(page_world):
    """Alice holds own-role today and held far-role until yesterday."""
    alice = PersonFactory(name="Alice Wongsakul", email="alice.w@example.org")
    MembershipFactory(person=alice, role=page_world.own_role)
    MembershipFactory(person=alice, role=page_world.far_role,
                      start_date=date(2025, 1, 1),
                      end_date=timezone.localdate() - timedelta(days=1))
    return alice


def person_row(html, person):
    return html.split(f'href="/people/{person.pk}/"')[1].split("</tr>")[0]


def test_people_list_finds_a_person_by_part_of_the_name_and_by_email(alice, client_as):
    client = client_as("viewer")
    for query in ("wongsa", "alice.w@example"):
        html = client.get("/people/", {"q": query}).content.decode()
        assert f'href="/people/{alice.pk}/"' in html
        assert html.count('<th scope="row">') == 1
    assert "Nobody matches." in client.get("/people/?q=zzz-nobody").content.decode()


def test_people_list_shows_the_roles_held_today_not_one_that_ended(alice, client_as):
    html = client_as("viewer").get("/people/?q=Wongsakul").content.decode()
    row = person_row(html, alice)
    assert 'href="/roles/own-role/"' in row and "Own role" in row
    assert "far-role" not in row and "Far role" not in row


# Appointing people


def appoint(client, person, *, role_code="own-role"):
    role = Role.objects.get(code=role_code)
    return client.post(f"/new/membership/?role={role_code}", {
        "person": person, "role": role.pk, "is_primary": "on",
        "start_date": timezone.localdate().isoformat(), "end_date": ""})


def test_appoint_page_for_a_role_shows_the_role_chosen(page_world, client_as):
    response = client_as("dept_admin").get("/new/membership/?role=own-role")
    html = response.content.decode()
    assert "Who holds Own role in Own department?" in html
    assert response.context["form"]["role"].value() == page_world.own_role.pk
    assert f'<option value="{page_world.own_role.pk}" selected>' in html


def test_appointing_an_unknown_name_says_nobody_is_called_that(page_world, client_as):
    before = Membership.objects.count()
    response = appoint(client_as("dept_admin"), "Zed Nobody")
    assert "Nobody in the registry is called “Zed Nobody”" in errors_of(response, "person")
    assert Membership.objects.count() == before


def test_appointing_a_name_two_people_share_asks_for_the_email(page_world, client_as):
    PersonFactory(name="Sam Lee", email="sam.one@example.org")
    PersonFactory(name="Sam Lee", email="sam.two@example.org")
    before = Membership.objects.count()
    response = appoint(client_as("dept_admin"), "sam lee")
    assert "Several people are called “sam lee”" in errors_of(response, "person")
    assert Membership.objects.count() == before


def test_appointing_by_email_picks_that_person_and_shows_them_on_the_role_page(
        page_world, client_as):
    PersonFactory(name="Sam Lee", email="sam.one@example.org")
    two = PersonFactory(name="Sam Lee", email="sam.two@example.org")
    client = client_as("dept_admin")
    response = appoint(client, "Sam.Two@example.org")
    assert response.status_code == 302 and response["Location"] == "/roles/own-role/"
    assert Membership.objects.get(role=page_world.own_role, person=two).end_date is None
    holders = client.get("/roles/own-role/").content.decode().split("Held today by")[1].split(
        "</section>")[0]
    assert "Sam Lee" in holders


# Ending memberships


def end_membership(client, membership, day):
    return client.post(f"/memberships/{membership.pk}/end/", {"end_date": day.isoformat()})


def test_an_end_before_the_start_is_a_field_error_and_nothing_changes(page_world, client_as):
    membership = page_world.own_role.memberships.get()
    membership.start_date = date(2026, 3, 1)
    membership.save()
    response = end_membership(client_as("dept_admin"), membership, date(2026, 2, 28))
    assert "the last day cannot be before it" in errors_of(response, "end_date")
    membership.refresh_from_db()
    assert membership.end_date is None


def test_ending_the_only_holder_offers_to_hand_the_role_s_duties_over(page_world, client_as):
    membership = page_world.own_role.memberships.get()
    client = client_as("editor")
    response = end_membership(client, membership, timezone.localdate())
    assert response.status_code == 302
    assert response["Location"] == f"/people/{membership.person_id}/?vacated=own-role"
    html = client.get(response["Location"]).content.decode()
    assert "Hand over the duties of Own role" in html
    assert 'href="/handover/?party=role:own-role"' in html
    membership.refresh_from_db()
    assert membership.end_date == timezone.localdate()
    # the department's admin may appoint someone else, not hand over duties they may not edit
    html = client_as("dept_admin").get(response["Location"]).content.decode()
    assert "Appoint someone else" in html and "Hand over the duties of" not in html


def test_ending_one_of_two_holders_offers_no_handover(page_world, client_as):
    membership = page_world.own_role.memberships.get()
    MembershipFactory(role=page_world.own_role)
    client = client_as("dept_admin")
    response = end_membership(client, membership, timezone.localdate())
    assert response.status_code == 302
    assert response["Location"] == f"/people/{membership.person_id}/"
    html = client.get(response["Location"]).content.decode()
    assert "Hand over the duties of" not in html
    assert "ends on" in html  # the success notice, so the page was really read


# Processes


def test_editing_a_process_changes_its_owner_on_the_process_page(page_world, client_as):
    client = client_as("editor")
    url = "/processes/own-process/edit/"
    response = client.post(url, form_data(client, url, owner=page_world.far_department.pk))
    assert response.status_code == 302 and response["Location"] == "/processes/own-process/"
    html = client.get("/processes/own-process/").content.decode()
    assert '<dd><a href="/departments/far-dept/">Far department</a></dd>' in html
    assert '<dd><a href="/departments/own-dept/">' not in html
    assert Process.objects.get(code="own-process").owner == page_world.far_department


def test_the_process_page_offers_edit_to_an_editor_not_to_a_viewer(page_world, client_as):
    edit = 'href="/processes/own-process/edit/"'
    assert edit in client_as("editor").get("/processes/own-process/").content.decode()
    assert edit not in client_as("viewer").get("/processes/own-process/").content.decode()


# History: every write through these pages is one row naming the user


def _department_create(client, world):
    return department_post(client, name_en="Records desk")


def _department_edit(client, world):
    url = "/departments/own-dept/edit/"
    return client.post(url, form_data(client, url, chat="#own-new"))


def _role_create(client, world):
    return client.post("/new/role/", {"name_en": "Night desk", "code": "",
                                      "department": world.own_department.pk, "is_active": "on"})


def _role_edit(client, world):
    url = "/roles/own-role/edit/"
    return client.post(url, form_data(client, url, name_en="Own role, renamed"))


def _person_create(client, world):
    return client.post("/new/person/", {"name_en": "Pat Newcomer", "email": "pat@example.org",
                                        "is_active": "on"})


def _person_edit(client, world):
    person = world.own_role.memberships.get().person
    url = f"/people/{person.pk}/edit/"
    return client.post(url, form_data(client, url, phone="+1 555 0100"))


def _membership_create(client, world):
    return appoint(client, "new.holder@example.org")


def _membership_end(client, world):
    return end_membership(client, world.own_role.memberships.get(), timezone.localdate())


def _process_edit(client, world):
    url = "/processes/own-process/edit/"
    return client.post(url, form_data(client, url, channel="#own-incident"))


@pytest.mark.parametrize("write", [
    _department_create, _department_edit, _role_create, _role_edit, _person_create,
    _person_edit, _membership_create, _membership_end, _process_edit,
], ids=lambda write: write.__name__.strip("_"))
def test_every_write_through_the_pages_leaves_one_history_row_naming_the_user(
        page_world, client_as, editor, write):
    client = client_as("editor")
    PersonFactory(name="New holder", email="new.holder@example.org")  # before the watch
    watch = HistoryWatch()
    response = write(client, page_world)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert watch.users() == [editor]



def test_a_user_with_the_global_add_role_permission_is_offered_every_department(
        page_world, make_user, client):
    from django.contrib.auth.models import Permission

    adder = make_user("adder")
    adder.user_permissions.add(Permission.objects.get(codename="add_role"))
    client.force_login(adder)
    form = client.get("/new/role/").context["form"]
    assert set(form.fields["department"].queryset) == set(Department.objects.all())


@pytest.mark.parametrize("person", ["²", "abc", "9" * 30])
def test_a_person_that_is_not_an_id_is_a_form_error_not_a_crash(page_world, client_as, person):
    response = client_as("editor").post("/new/membership/", {
        "person": person, "role": page_world.own_role.pk})
    assert response.status_code == 200
    assert "Nobody in the registry is called" in errors_of(response, "person")


def test_an_empty_post_shows_the_form_s_errors(page_world, client_as):
    membership = page_world.own_role.memberships.get()
    response = client_as("editor").post(f"/memberships/{membership.pk}/end/", {})
    assert "This field is required." in errors_of(response, "end_date")


def test_the_person_page_offers_ending_and_handing_over_only_where_the_user_may(
        page_world, client_as):
    person = page_world.own_role.memberships.get().person
    url = f"/people/{person.pk}/"
    editor = client_as("editor").get(url).content.decode()
    assert "/memberships/" in editor and "/handover/?party=role:own-role" in editor
    # the department's admin staffs own-role but may not edit its duties
    admin = client_as("dept_admin").get(url).content.decode()
    assert "/memberships/" in admin and "/handover/" not in admin
    viewer = client_as("viewer").get(url).content.decode()
    assert "/memberships/" not in viewer and "/handover/" not in viewer


def test_a_vacancy_notice_only_for_a_role_that_is_vacant(page_world, client_as):
    person = page_world.own_role.memberships.get().person
    html = client_as("editor").get(f"/people/{person.pk}/?vacated=own-role").content.decode()
    assert "Nobody holds" not in html
