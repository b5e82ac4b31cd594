"""Home page and the "who owns this?" search."""

import re

import pytest
from django.urls import reverse

from departments.models import Department
from responsibilities.demo import demo_load
from responsibilities.models import Process, Raci
from tests.factories import AssignmentFactory, DepartmentFactory, DutyFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def test_home_has_a_labelled_search_box_and_the_findings_summary(page_world, client_as):
    html = client_as("viewer").get("/").content.decode()
    assert 'name="q"' in html and '<label class="visually-hidden" for="owner-q">' in html
    assert 'action="/owners/"' in html
    assert "findings in the matrix today" in html
    assert reverse("responsibilities:process_detail", args=["own-process"]) in html
    assert reverse("responsibilities:department_detail", args=["own-dept"]) in html


def test_search_lists_matching_duties_with_owners_and_people(page_world, client_as):
    response = client_as("viewer").get("/owners/", {"q": "own duty"})
    html = response.content.decode()
    # every word matches own-duty's title: it comes first; the others match "own" only through
    # their parties (Own role, Own department)
    assert re.findall(r"/duties/[a-z-]+/", html)[0] == reverse(
        "responsibilities:duty_detail", args=["own-duty"])
    assert "Own role" in html  # Accountable and Responsible
    holder = page_world.own_role.memberships.get().person
    assert holder.name in html


def test_search_ranks_an_exact_code_first(page_world, client_as):
    DutyFactory(code="aaa-policy", title="Refund policy")
    DutyFactory(code="refund", title="Pay money back")
    html = client_as("viewer").get("/owners/", {"q": "refund"}).content.decode()
    assert html.index("/duties/refund/") < html.index("/duties/aaa-policy/")


def test_search_finds_chinese_and_english_words_in_the_demo(client_as, db):
    demo_load()
    client = client_as("viewer")
    assert "/duties/payment-fix/" in client.get("/owners/", {"q": "payment"}).content.decode()
    demo_load()
    html = client.get("/owners/", {"q": "支付"}).content.decode()
    assert "/duties/payment-fix/" in html and "修复支付接口" in html


def test_search_answers_htmx_with_the_results_alone(page_world, client_as):
    response = client_as("viewer").get("/owners/", {"q": "duty"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="owner-results"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]  # caches keep the page and the fragment apart


def test_search_without_a_word_shows_only_the_form(page_world, client_as):
    html = client_as("viewer").get("/owners/").content.decode()
    assert 'id="owner-q"' in html and "match" not in html


def test_search_says_when_nothing_matches(page_world, client_as):
    html = client_as("viewer").get("/owners/", {"q": "zzz-nothing"}).content.decode()
    assert "Nothing matches" in html


def test_search_results_page_on_and_keep_the_query(page_world, client_as):
    DutyFactory.create_batch(25, title="Paged feedback duty")
    client = client_as("viewer")
    first = client.get("/owners/", {"q": "paged feedback"}).content.decode()
    assert "Page 1 of 2" in first
    assert "?q=paged%20feedback&amp;page=2" in first
    second = client.get("/owners/", {"q": "paged feedback", "page": 2}).content.decode()
    assert "Page 2 of 2" in second and "?q=paged%20feedback&amp;page=1" in second


def test_home_lists_the_first_processes_and_busiest_departments_and_links_to_all(
        page_world, client_as):
    ProcessFactory.create_batch(14, kind="process")
    playbook = ProcessFactory(kind="playbook", name="Zz outage")
    busy = DepartmentFactory(name="Zz busy")
    for _ in range(3):
        AssignmentFactory(duty=DutyFactory(), department=busy, raci=Raci.ACCOUNTABLE)
    DepartmentFactory.create_batch(12)
    html = client_as("viewer").get("/").content.decode()
    processes = html.split('id="processes-heading"')[1].split("</section>")[0]
    assert processes.count("<li>") == 12
    assert f"/processes/{playbook.code}/" in processes  # playbooks come first
    assert f"All {Process.objects.filter(is_active=True).count()} processes" in processes
    departments = html.split('id="departments-heading"')[1].split("</section>")[0]
    assert departments.count("<li>") == 12
    assert f"/departments/{busy.code}/" in departments  # the busiest are listed
    assert f"All {Department.objects.count()} departments" in departments
