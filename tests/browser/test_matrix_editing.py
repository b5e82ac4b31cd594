"""The matrix in a real browser: the mouse's letter picker, the keyboard, what a screen reader
is told, Undo, a column for a party with no letter yet, a cell opened from a link, and axe-core's
accessibility check of the matrix, a duty page and the findings page."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from departments.models import Department
from responsibilities.models import Assignment
from tests import factories
from tests.browser.axe import violations

# One worker runs them all, so one Chromium starts (make test runs with --dist loadgroup).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

FOLLOW_UP = 'tr[data-duty="complaint-follow-up"]'
COMPLAINTS = "/matrix/?process=complaint-handling"


def cell(page, row, party):
    """The cell of `party` in the row: the one under the party's column header."""
    index = page.locator("#matrix thead th").evaluate_all(
        "(headers, party) => headers.findIndex(th => th.dataset.party === party)", party)
    assert index > 0, party
    return page.locator(f"{row} > :nth-child({index + 1})")


def letters(duty, role):
    return "".join(sorted(Assignment.objects.filter(duty__code=duty, role__code=role)
                          .values_list("raci", flat=True)))


def test_a_cell_edited_with_the_mouse_only_is_saved_announced_and_kept(site):
    page = site.login()
    site(COMPLAINTS)
    manager = cell(page, FOLLOW_UP, "role:cs-manager")
    manager.click()
    picker = page.get_by_role("dialog", name="Letters of Customer service manager on "
                                              "Follow up open complaints")
    expect(picker).to_be_visible()
    expect(manager).to_have_attribute("aria-expanded", "true")
    picker.get_by_role("checkbox", name="Accountable").check()
    status = page.locator("#matrix-status")
    expect(status).to_contain_text("Accountable added.")
    expect(manager).to_have_class(re.compile("is-pending"))
    site.shot("matrix-picker")
    picker.get_by_role("button", name="Save").click()
    expect(status).to_contain_text(
        "Customer service manager on Follow up open complaints: A — saved")
    expect(picker).to_be_hidden()
    expect(manager).to_be_focused()
    expect(manager).to_have_attribute("data-letters", "A")
    assert letters("complaint-follow-up", "cs-manager") == "A"
    page.reload()
    expect(cell(page, FOLLOW_UP, "role:cs-manager")).to_have_text("A")


def test_the_picker_cancels_and_leads_to_the_plain_form(site):
    page = site.login()
    site(COMPLAINTS)
    agent = cell(page, FOLLOW_UP, "role:cs-agent")
    agent.click()
    picker = page.locator("#cell-picker")
    picker.get_by_role("checkbox", name="Informed").check()
    picker.get_by_role("button", name="Cancel").click()
    expect(picker).to_be_hidden()
    expect(agent).to_have_text("")
    expect(agent).to_be_focused()
    assert letters("complaint-follow-up", "cs-agent") == ""
    agent.click()
    picker.get_by_role("link", name="More…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit a cell")
    expect(page.locator('input[name="party"]')).to_have_value("role:cs-agent")
    # the row's ✎ link, the way without the script, is followed, not cancelled
    site(COMPLAINTS)
    page.locator(f"{FOLLOW_UP} a.row-edit").click()
    expect(page.get_by_label("Whose letters on this duty?")).to_be_visible()


def test_the_keyboard_toggles_saves_and_cancels_and_each_step_is_announced(site):
    page = site.login()
    site(COMPLAINTS)
    start = cell(page, FOLLOW_UP, "role:cs-agent")
    start.click()
    page.keyboard.press("Escape")  # closes the picker; the keys work on the cell
    expect(page.locator("#cell-picker")).to_be_hidden()
    page.keyboard.press("ArrowRight")
    manager = cell(page, FOLLOW_UP, "role:cs-manager")
    expect(manager).to_be_focused()
    expect(manager).to_have_attribute("tabindex", "0")
    expect(start).not_to_have_attribute("tabindex", "0")  # one tab stop in the grid
    status = page.locator("#matrix-status")
    page.keyboard.press("c")
    expect(status).to_have_text("Consulted added. Customer service manager on Follow up open "
                                "complaints: C — not saved yet")
    page.keyboard.press("Escape")
    expect(manager).to_have_text("")
    page.keyboard.press("r")
    page.keyboard.press("i")
    page.keyboard.press("Enter")
    expect(status).to_contain_text(
        "Customer service manager on Follow up open complaints: R, I — saved")
    assert letters("complaint-follow-up", "cs-manager") == "IR"
    # Enter on an unchanged cell opens its picker; Tab goes into it and round back
    page.keyboard.press("Enter")
    picker = page.locator("#cell-picker")
    expect(picker).to_be_visible()
    expect(picker.get_by_role("checkbox", name="Responsible")).to_be_checked()
    page.keyboard.press("Tab")
    expect(picker.get_by_role("checkbox", name="Accountable")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Escape")
    expect(manager).to_be_focused()
    expect(manager).to_have_text("RI")
    assert letters("complaint-follow-up", "cs-manager") == "IR"


def test_undo_restores_the_letters_before_the_save(site):
    page = site.login()
    site(COMPLAINTS)
    specialist = cell(page, FOLLOW_UP, "role:complaint-specialist")
    specialist.click()
    picker = page.locator("#cell-picker")
    picker.get_by_role("checkbox", name="Responsible").uncheck()
    picker.get_by_role("checkbox", name="Accountable").check()
    picker.get_by_role("button", name="Save").click()
    expect(specialist).to_have_attribute("data-letters", "A")
    assert letters("complaint-follow-up", "complaint-specialist") == "A"
    page.get_by_role("button", name="Undo").click()
    expect(page.locator("#matrix-status")).to_contain_text(
        "Complaint specialist on Follow up open complaints: R — restored")
    expect(specialist).to_have_attribute("data-letters", "R")
    expect(page.get_by_role("button", name="Undo")).to_be_hidden()
    assert letters("complaint-follow-up", "complaint-specialist") == "R"


def test_undo_after_someone_else_changed_the_cell_changes_nothing(site, demo):
    page = site.login()
    site(COMPLAINTS)
    manager = cell(page, FOLLOW_UP, "role:cs-manager")
    manager.click()
    page.locator("#cell-picker").get_by_role("checkbox", name="Accountable").check()
    page.locator("#cell-picker").get_by_role("button", name="Save").click()
    expect(manager).to_have_attribute("data-letters", "A")
    other = Client()
    other.force_login(demo)
    response = other.post("/api/v1/matrix/cells/", {"cells": [
        {"duty": "complaint-follow-up", "party": "role:cs-manager", "raci": "AC", "expect": "A"},
    ]}, content_type="application/json")
    assert response.status_code == 200
    page.get_by_role("button", name="Undo").click()
    expect(page.locator("#matrix-status")).to_contain_text("Not undone: Customer service "
                                                           "manager on Follow up open complaints")
    expect(manager).to_have_attribute("data-letters", "AC")
    expect(manager).to_have_class(re.compile("is-conflict"))
    assert letters("complaint-follow-up", "cs-manager") == "AC"


def test_a_shown_column_gives_a_new_role_its_first_letter(site):
    factories.RoleFactory(code="cs-lead", name="Complaints lead",
                          department=Department.objects.get(code="customer-service"))
    page = site.login()
    site("/roles/cs-lead/")
    page.get_by_role("link", name="Open in the matrix").click()
    expect(page.locator("#matrix thead th").nth(1)).to_have_attribute("data-party", "role:cs-lead")
    site(COMPLAINTS)
    page.get_by_label("Add a column").select_option("role:cs-lead")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page).to_have_url(re.compile(r"show=role%3Acs-lead"))
    lead = cell(page, FOLLOW_UP, "role:cs-lead")
    lead.click()
    page.locator("#cell-picker").get_by_role("checkbox", name="Accountable").check()
    page.locator("#cell-picker").get_by_role("button", name="Save").click()
    expect(page.locator("#matrix-status")).to_contain_text(
        "Complaints lead on Follow up open complaints: A — saved")
    assert letters("complaint-follow-up", "cs-lead") == "A"
    # the column stays when a filter changes (htmx swaps the matrix in place)
    page.get_by_label("Columns").select_option("role")
    expect(page.locator("#matrix thead th").nth(1)).to_have_attribute("data-party", "role:cs-lead")


def test_a_link_to_one_duty_and_party_opens_that_cell(site):
    page = site.login()
    site("/matrix/?duty=complaint-follow-up&focus=role:cs-manager")
    expect(page.locator("tbody tr[data-duty]")).to_have_count(1)
    manager = cell(page, FOLLOW_UP, "role:cs-manager")
    expect(manager).to_be_focused()
    expect(page.get_by_role("dialog", name="Letters of Customer service manager on Follow up "
                                            "open complaints")).to_be_visible()
    site("/matrix/?duty=complaint-follow-up")  # without focus: the row's first cell
    expect(page.locator(f"{FOLLOW_UP} td").first).to_be_focused()


def test_the_matrix_is_a_grid_to_assistive_technology(site):
    page = site.login()
    site(COMPLAINTS)
    grid = page.get_by_role("grid", name="Responsibility matrix")
    expect(grid).to_be_visible()
    expect(grid.get_by_role("columnheader", name="Customer service manager")).to_be_visible()
    expect(grid.get_by_role("rowheader", name=re.compile("Follow up open complaints"))
           ).to_be_visible()
    expect(grid.get_by_role("row").nth(2).get_by_role("gridcell").first).to_be_attached()
    expect(page.locator("#matrix-status")).to_have_attribute("role", "status")


@pytest.mark.parametrize("path", ["/matrix/", COMPLAINTS + "&as_of=2020-01-01",
                                  "/duties/payment-fix/", "/findings/"])
def test_no_serious_or_critical_accessibility_violations(site, axe, path):
    page = site.login()
    site(path)
    expect(page.locator("main h1")).to_be_visible()
    if path.startswith("/matrix/"):
        cell(page, FOLLOW_UP, "role:cs-manager").click()
        expect(page.locator("#cell-picker")).to_be_visible()  # checked with the picker open
    assert violations(page, axe) == []


def test_the_picker_of_the_last_row_opens_whole_in_view(site):
    page = site.login()
    site(COMPLAINTS)
    last = page.locator("#matrix tbody tr[data-duty]").last
    last.locator("td").nth(1).click()
    picker = page.locator("#cell-picker")
    expect(picker.get_by_role("button", name="Save")).to_be_in_viewport(ratio=1)
    expect(picker.get_by_role("checkbox", name="Informed")).to_be_in_viewport(ratio=1)
