"""Department and role responsibility manuals."""

import pytest

from responsibilities.models import Assignment, Duty, Raci
from tests.factories import AssignmentFactory, DepartmentFactory, RoleFactory

pytestmark = pytest.mark.django_db


def test_department_manual_says_what_we_own_and_what_not(page_world, client_as):
    html = client_as("viewer").get("/departments/own-dept/").content.decode()
    for heading in ("We are Accountable for", "We are Responsible for", "We are Consulted on",
                    "We are Informed of", "Not ours — ask …"):
        assert heading in html
    assert "/duties/own-duty/" in html and "/duties/far-duty/" in html


def test_department_manual_says_whom_to_ask_about_steps_it_holds_no_letter_on(
        page_world, client_as):
    side = DepartmentFactory(code="side-dept", name="Side department")
    AssignmentFactory(duty=page_world.own_duty, department=side, raci=Raci.INFORMED)
    html = client_as("viewer").get("/departments/side-dept/").content.decode()
    not_ours = html.split("Not ours — ask …")[1].split("</section>")[0]
    assert "/duties/next-duty/" in not_ours  # a step of own-process, owned by own-role
    assert "/roles/own-role/" in not_ours
    assert "/duties/own-duty/" not in not_ours  # we are Informed on that one


def test_department_manual_is_printable(page_world, client_as):
    html = client_as("viewer").get("/departments/own-dept/").content.decode()
    assert 'href="/static/registry/print.css" media="print"' in html
    assert "data-print" in html


def test_department_manual_lists_posts_people_and_the_channel(page_world, client_as):
    html = client_as("viewer").get("/departments/own-dept/").content.decode()
    assert "Own role" in html and page_world.own_department.chat in html
    assert page_world.own_role.memberships.get().person.name in html


def test_role_page_shows_the_job_description_holders_and_letters(page_world, client_as):
    page_world.own_role.description = "Keeps the books."
    page_world.own_role.save()
    html = client_as("viewer").get("/roles/own-role/").content.decode()
    assert "Keeps the books." in html and "This post is Accountable for" in html
    assert page_world.own_role.memberships.get().person.name in html


def test_role_page_says_when_nobody_holds_the_post(page_world, client_as):
    RoleFactory(code="empty-post", department=page_world.own_department)
    html = client_as("viewer").get("/roles/empty-post/").content.decode()
    assert "Nobody holds this post today" in html


def test_department_list_counts_letters(page_world, client_as):
    html = client_as("viewer").get("/departments/").content.decode()
    assert "Own department" in html and "Far department" in html


@pytest.fixture
def sections_of_two(monkeypatch):
    monkeypatch.setattr("responsibilities.selectors.manuals.SECTION_SIZE", 2)


def duty_links(html, start, end="</section>"):
    section = html.split(start)[1].split(end)[0]
    return section.count('class="duty-title"')


def test_a_long_manual_section_shows_a_page_counts_all_and_links_to_the_next(
        page_world, client_as, grow, sections_of_two):
    grow(3)
    total = Assignment.objects.filter(role__code="own-role", raci=Raci.RESPONSIBLE).count()
    assert total > 4
    client = client_as("viewer")
    html = client.get("/roles/own-role/").content.decode()
    heading = "This post is Responsible for"
    assert duty_links(html, heading) == 2
    assert f"({total})" in html.split(heading)[1].split("</h2>")[0]
    assert "?page_R=2#section-R" in html
    pages = (total + 1) // 2
    last = client.get(f"/roles/own-role/?page_R={pages}").content.decode()
    assert duty_links(last, heading) == total - 2 * (pages - 1)
    assert f"Page {pages} of {pages}" in last


def test_the_steps_a_department_holds_nothing_on_are_paged_too(page_world, client_as, grow,
                                                                sections_of_two):
    side = DepartmentFactory(code="side-dept", name="Side department")
    AssignmentFactory(duty=page_world.own_duty, department=side, raci=Raci.INFORMED)
    grow(3)
    others = Duty.objects.filter(process=page_world.own_process).count() - 1  # not own-duty
    html = client_as("viewer").get("/departments/side-dept/").content.decode()
    assert duty_links(html, "Not ours — ask …") == 2
    assert f"({others})" in html.split("Not ours — ask …")[1].split("</h2>")[0]
    assert "?page_not=2#not-ours-heading" in html
