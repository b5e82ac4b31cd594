from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from departments.models import Department, Membership, Person, Role
from responsibilities.models import Assignment, Duty, Process, ProcessKind

pytestmark = pytest.mark.django_db

MODELS = (Department, Role, Person, Membership, Process, Duty, Assignment)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def load(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_demo_has_the_promised_size():
    load()
    sizes = counts()
    assert sizes["Department"] >= 6
    assert sizes["Role"] >= 15
    assert sizes["Person"] >= 20
    assert sizes["Process"] >= 5
    assert sizes["Duty"] >= 40
    assert sizes["Assignment"] >= 120
    steps = Duty.objects.filter(process__code="complaint-handling").order_by("step")
    assert list(steps.values_list("step", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert Process.objects.get(code="payment-outage").kind == ProcessKind.PLAYBOOK


def test_loading_twice_changes_nothing():
    load()
    first = counts()
    history = Assignment.history.count()
    load()
    assert counts() == first
    assert Assignment.history.count() == history


def test_every_name_of_the_demo_is_in_both_languages_and_read_in_the_readers():
    load()
    for model, field in ((Department, "name"), (Role, "name"), (Person, "name"),
                         (Process, "name"), (Duty, "title")):
        assert not model.objects.filter(**{f"{field}_en": ""}).exists(), model
        assert not model.objects.filter(**{f"{field}_zh_hans": ""}).exists(), model
    assert not Duty.objects.filter(description_en__contains="中文").exists()
    technology = Department.objects.get(code="technology")
    fix = Duty.objects.get(code="payment-fix")
    with translation.override("zh-hans"):
        assert (technology.name, fix.title) == ("技术部", "修复支付接口")
        assert fix.out_of_scope == "退款与赔偿：请找客服部。"
    with translation.override("en"):
        assert (technology.name, fix.title) == ("Technology", "Fix the payment interface")


def test_demo_carries_the_flaws_the_essay_describes():
    load()
    feedback_r = Assignment.objects.filter(duty__code="user-feedback", raci="R")
    assert {a.role.department.code for a in feedback_r} == {"customer-service", "technology"}
    assert not Assignment.objects.filter(duty__code="complaint-follow-up", raci="A").exists()
    growth = Membership.objects.get(role__code="growth-specialist")
    assert growth.end_date is not None


def test_if_empty_leaves_existing_data_alone():
    Department.objects.create(code="solo", name="Solo")
    assert "not loaded" in load("--if-empty")
    assert Department.objects.count() == 1
