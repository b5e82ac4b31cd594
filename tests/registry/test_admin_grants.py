"""Granting object permissions in the admin is a right of its own: superusers, or holders of
guardian's permissions on object permissions who may also change that very object. Being able
to change *some* object of the model (guardian's own check) is not enough."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import assign_perm

from tests import factories

pytestmark = pytest.mark.django_db


def grant_urls(obj, user):
    """The three object-permission pages of `obj`: the list, a user's, and a group's."""
    name = f"admin:{obj._meta.app_label}_{obj._meta.model_name}_permissions"
    group, _created = Group.objects.get_or_create(name="editors")
    return [reverse(name, args=[obj.pk]),
            reverse(f"{name}_manage_user", args=[obj.pk, user.pk]),
            reverse(f"{name}_manage_group", args=[obj.pk, group.pk])]


@pytest.fixture
def staff(client, make_user, own_process):
    """`staff(grants=...)`: a logged-in staff process editor of own_process, holding guardian's
    permissions on object permissions when `grants`."""

    def make(grants=False):
        user = make_user("staff_editor", is_staff=True)
        assign_perm("responsibilities.change_process", user, own_process)
        if grants:
            user.user_permissions.set(Permission.objects.filter(
                codename__in=["change_userobjectpermission", "change_groupobjectpermission"]))
        client.force_login(user)
        return user

    return make


def granted_rows():
    return (sorted(UserObjectPermission.objects.values_list("user_id", "permission_id",
                                                            "object_pk")),
            GroupObjectPermission.objects.count())


@pytest.mark.parametrize("grants", [False, True])
def test_an_editor_cannot_grant_anything_on_a_process_they_may_not_change(client, staff,
                                                                           grants):
    user = staff(grants=grants)
    other = factories.ProcessFactory(code="other-process")
    before = granted_rows()
    for url in grant_urls(other, user):
        assert client.get(url).status_code == 403, url
    response = client.post(grant_urls(other, user)[1], {"permissions": ["change_process"]})
    assert response.status_code == 403
    assert granted_rows() == before


def test_changing_one_process_is_not_the_right_to_grant_on_it(client, staff, own_process):
    user = staff()
    assert client.get(grant_urls(own_process, user)[0]).status_code == 403
    change_page = client.get(reverse("admin:responsibilities_process_change",
                                     args=[own_process.pk]))
    assert change_page.status_code == 200
    assert "Object permissions" not in change_page.content.decode()


def test_the_right_to_grant_works_on_a_process_the_editor_may_change(client, staff,
                                                                     own_process, make_user):
    staff(grants=True)
    colleague = make_user("colleague")
    page, manage_user, _group = grant_urls(own_process, colleague)
    assert client.get(page).status_code == 200
    response = client.post(manage_user, {"permissions": ["change_process"]})
    assert response.status_code == 302
    assert colleague.has_perm("responsibilities.change_process", own_process)
    change_page = client.get(reverse("admin:responsibilities_process_change",
                                     args=[own_process.pk]))
    assert "Object permissions" in change_page.content.decode()


def test_a_superuser_may_grant_on_anything(client, superuser):
    client.force_login(superuser)
    department = factories.DepartmentFactory()
    for url in grant_urls(department, superuser):
        assert client.get(url).status_code == 200, url
