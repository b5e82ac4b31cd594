"""The duty page and the process page (swimlane, playbook)."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from responsibilities.models import Assignment, Raci

pytestmark = pytest.mark.django_db


def test_duty_page_shows_each_letter_with_people_and_channels(page_world, client_as):
    html = client_as("viewer").get("/duties/own-duty/").content.decode()
    for label in ("Accountable", "Responsible", "Consulted", "Informed"):
        assert label in html
    person = page_world.own_role.memberships.get().person
    assert person.name in html and f"mailto:{person.email}" in html
    assert page_world.far_department.chat in html  # the Consulted department's channel
    assert "Refunds: ask Far." in html  # out of scope


def test_duty_page_links_the_next_step_and_the_process(page_world, client_as):
    html = client_as("viewer").get("/duties/own-duty/").content.decode()
    assert reverse("responsibilities:duty_detail", args=["next-duty"]) in html
    assert "This is the first step." in html
    assert reverse("responsibilities:process_detail", args=["own-process"]) in html
    html = client_as("viewer").get("/duties/next-duty/").content.decode()
    assert reverse("responsibilities:duty_detail", args=["own-duty"]) in html


def test_duty_page_shows_its_findings_and_recent_changes(page_world, client_as, editor):
    Assignment.objects.filter(duty=page_world.own_duty, raci=Raci.ACCOUNTABLE).delete()
    html = client_as("viewer").get("/duties/own-duty/").content.decode()
    assert "Give “Own duty” exactly one Accountable." in html
    text = " ".join(strip_tags(html).split())
    assert (f"The system removed {page_world.own_role.name} as Accountable for "
            f"{page_world.own_duty.title}" in text)


def test_process_page_is_a_swimlane_of_steps_by_department(page_world, client_as):
    html = client_as("viewer").get("/processes/own-process/").content.decode()
    assert '<table class="swimlane">' in html
    assert html.count('<th scope="row">') == 2  # two steps
    for department in (page_world.own_department, page_world.far_department):
        assert f'<th scope="col"><a href="/departments/{department.code}/">' in html
    assert "Who acts, who to call" not in html  # only for playbooks


def test_playbook_page_says_who_acts_and_who_to_call(page_world, client_as):
    html = client_as("viewer").get("/processes/far-process/").content.decode()
    assert "Who acts, who to call" in html and "#far-incident" in html
    person = page_world.far_role.memberships.get().person
    assert person.name in html and person.email in html


def test_process_list_counts_steps(page_world, client_as):
    html = client_as("viewer").get("/processes/").content.decode()
    assert "Own process" in html and "Far process" in html and "Incident playbook" in html
