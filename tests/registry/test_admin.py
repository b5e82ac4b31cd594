"""Every admin screen opens for a superuser, and a bad form shows errors instead of a 500."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.models import HistoricalChanges

from departments.models import Department
from responsibilities.lookup_index import SEARCH_INDEX
from responsibilities.models import Assignment
from tests import factories

pytestmark = pytest.mark.django_db

# Taken from the apps, not from the admin: a model left out of the admin must show here.
REGISTRY_MODELS = [
    model for label in ("departments", "responsibilities")
    for model in apps.get_app_config(label).get_models()
    if not issubclass(model, HistoricalChanges) and model not in SEARCH_INDEX
]


@pytest.fixture
def admin_client_with_data(client, superuser):
    factories.AssignmentFactory(role=factories.MembershipFactory().role,
                                duty__process=factories.ProcessFactory())
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("model", REGISTRY_MODELS, ids=lambda m: m.__name__)
def test_admin_lists_each_model_and_opens_its_add_change_and_history_pages(
        admin_client_with_data, model):
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    obj = model.objects.first()
    change = reverse(f"{prefix}_change", args=[obj.pk])
    changelist = admin_client_with_data.get(reverse(f"{prefix}_changelist"))
    assert f'href="{change}"' in changelist.content.decode()
    for url in (
        reverse(f"{prefix}_changelist") + "?q=1",
        reverse(f"{prefix}_add"),
        change,
        reverse(f"{prefix}_history", args=[obj.pk]),
    ):
        assert admin_client_with_data.get(url).status_code == 200, url


def test_every_registry_model_has_an_admin():
    assert len(REGISTRY_MODELS) == 7
    assert [m.__name__ for m in REGISTRY_MODELS if not admin.site.is_registered(m)] == []


def test_duplicate_code_shows_a_form_error(admin_client_with_data):
    factories.DepartmentFactory(code="tech")
    response = admin_client_with_data.post(
        reverse("admin:departments_department_add"),
        {"code": "tech", "name": "Tech again", "roles-TOTAL_FORMS": 0,
         "roles-INITIAL_FORMS": 0, "is_active": "on"},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Department.objects.filter(code="tech").count() == 1


def test_department_cycle_shows_a_form_error(admin_client_with_data):
    top = factories.DepartmentFactory()
    child = factories.DepartmentFactory(parent=top)
    response = admin_client_with_data.post(
        reverse("admin:departments_department_change", args=[top.pk]),
        {"code": top.code, "name_en": top.name, "parent": child.pk, "roles-TOTAL_FORMS": 0,
         "roles-INITIAL_FORMS": 0, "is_active": "on"},
    )
    assert response.status_code == 200
    assert "cannot be inside itself" in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None


def test_assignment_with_two_parties_shows_a_form_error(admin_client_with_data):
    existing = Assignment.objects.get()
    count = Assignment.objects.count()
    response = admin_client_with_data.post(
        reverse("admin:responsibilities_assignment_add"),
        {"duty": existing.duty.pk, "department": factories.DepartmentFactory().pk,
         "role": existing.role.pk, "raci": "C"},
    )
    assert response.status_code == 200
    assert "either a department or a role" in response.content.decode()
    assert Assignment.objects.count() == count
