"""A manager's everyday flows in a real browser, without the Django admin: a new department,
role and person with the role's first letter in the matrix, and a leaver's post handed over
with its preview (and refused when a cell changed after the preview).

Each test counts the manager's clicks (`clicks`), the figure the docs quote.
"""

import re

import pytest
from playwright.sync_api import expect

from departments.models import Membership
from responsibilities.models import Assignment
from responsibilities.services.cells import CellChange, cells_set

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


class Clicks:
    """Click through `page` and count the clicks."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, locator):
        locator.click()
        self.count += 1


def letters(duty, role):
    return "".join(sorted(Assignment.objects.filter(duty__code=duty, role__code=role)
                          .values_list("raci", flat=True)))


def add_department(site, click, name):
    """From the department list, add a department named `name` (2 clicks)."""
    page = site("/departments/")
    click(page.get_by_role("link", name="Add a department"))
    page.get_by_label("Name (English)").fill(name)
    click(page.get_by_role("button", name="Save"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def first_letter(page, click, letter):
    """In the matrix opened with a new party's column first, give it `letter` on the first
    duty (4 clicks, "Open in the matrix" included); the duty's code."""
    click(page.get_by_role("link", name="Open in the matrix"))
    first_row = page.locator("#matrix tbody tr[data-duty]").first
    click(first_row.locator("> :nth-child(2)"))
    click(page.locator("#cell-picker").get_by_role("checkbox", name=letter))
    click(page.locator("#cell-picker").get_by_role("button", name="Save"))
    return first_row.get_attribute("data-duty")


def test_a_new_department_role_and_person_and_the_roles_first_letter(site):
    page = site.login()
    click = Clicks(page)
    add_department(site, click, "Legal")
    click(page.get_by_role("link", name="Add a role"))
    page.get_by_label("Name (English)").fill("Counsel")
    click(page.get_by_role("button", name="Save"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Counsel")
    expect(page.locator(".breadcrumbs")).to_contain_text("Legal")
    duty = first_letter(page, click, "Accountable")
    expect(page.locator("#matrix thead th").nth(1)).to_have_attribute("data-party",
                                                                      "role:counsel")
    expect(page.locator("#matrix-status")).to_contain_text(
        "Counsel on Receive complaints: A — saved")
    assert letters(duty, "counsel") == "A"
    assert click.count == 8

    site("/people/")
    click(page.get_by_role("link", name="Add a person"))
    page.get_by_label("Name (English)").fill("Meng Fan")
    page.get_by_label("Email").fill("meng.fan@example.com")
    click(page.get_by_role("button", name="Save"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Meng Fan")
    click(page.get_by_role("link", name="Appoint to a role"))
    page.get_by_label("Role", exact=True).select_option(label="Counsel · Legal")
    click(page.get_by_role("button", name="Save"))
    expect(page.locator(".messages")).to_contain_text("Appointed")
    assert Membership.objects.filter(person__email="meng.fan@example.com",
                                     role__code="counsel").exists()
    site.shot("organisation-person")


def test_a_new_department_gets_its_first_letter_in_six_clicks(site):
    page = site.login()
    click = Clicks(page)
    add_department(site, click, "Legal")
    duty = first_letter(page, click, "Consulted")
    expect(page.locator("#matrix-status")).to_contain_text(": C — saved")
    assert Assignment.objects.filter(duty__code=duty, department__code="legal",
                                     raci="C").exists()
    assert click.count == 6


def test_a_leavers_post_is_handed_over_after_its_preview(site):
    page = site.login()
    click = Clicks(page)
    site("/roles/cs-manager/")
    click(page.get_by_role("link", name="Zhu Hong leaves this post"))
    page.get_by_label("Last day in the role").fill("2026-11-29")
    click(page.get_by_role("button", name="End the membership"))
    expect(page.get_by_role("status").filter(has_text="Nobody holds")).to_contain_text(
        "Customer service manager")
    click(page.get_by_role("link", name="Hand over the duties of Customer service manager"))
    page.get_by_label("Who takes over", exact=True).select_option(
        label="Customer service agent · Customer service")
    click(page.get_by_role("button", name="Preview"))
    preview = page.get_by_role("region", name="What it changes")
    expect(preview).to_contain_text("goes to Customer service agent")
    site.shot("handover-preview", full_page=True)
    handed = set(Assignment.objects.filter(role__code="cs-manager")
                 .values_list("duty__code", "raci"))
    assert handed  # nothing moved by the preview
    click(page.get_by_role("button", name="Hand over"))
    expect(page.locator(".messages")).to_contain_text(f"Handed over {len({d for d, _ in handed})}")
    assert not Assignment.objects.filter(role__code="cs-manager").exists()
    assert handed <= set(Assignment.objects.filter(role__code="cs-agent")
                         .values_list("duty__code", "raci"))
    assert click.count == 5


def test_a_handover_whose_cells_changed_after_the_preview_changes_nothing(site):
    page = site.login()
    site("/handover/?party=role:cs-manager")
    page.get_by_label("Who takes over", exact=True).select_option(
        label="Customer service agent · Customer service")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("button", name="Hand over")).to_be_visible()
    duty = Assignment.objects.filter(role__code="cs-manager").values_list(
        "duty__code", flat=True).first()
    before = letters(duty, "cs-manager")
    cells_set(changes=[CellChange(duty, "role:cs-manager", "I", expect=before)], user=None)
    page.get_by_role("button", name="Hand over").click()
    expect(page.get_by_role("alert")).to_contain_text("Someone changed these cells")
    assert letters(duty, "cs-manager") == "I"
    assert Assignment.objects.filter(role__code="cs-manager").count() > 1
    expect(page).to_have_url(re.compile(r"/handover/"))


def test_a_missing_accountable_is_fixed_from_the_findings_page_in_one_click_and_a_letter(site):
    page = site.login()
    site("/findings/?rule=no-accountable")
    finding = page.locator(".finding").filter(has_text="Follow up open complaints")
    finding.get_by_role("link", name="Fix in the matrix").click()
    picker = page.locator("#cell-picker")
    expect(picker).to_be_visible()
    expect(page.locator("tbody tr[data-duty]")).to_have_count(1)
    page.keyboard.press("a")
    page.keyboard.press("Enter")
    expect(page.locator("#matrix-status")).to_contain_text("Resolved: Give “Follow up open "
                                                           "complaints” exactly one Accountable.")
    assert Assignment.objects.filter(duty__code="complaint-follow-up", raci="A").count() == 1
    site("/findings/?rule=no-accountable")
    expect(page.locator(".finding").filter(has_text="Follow up open complaints")).to_have_count(0)
