"""The pages in a real browser: search, the duty page, keyboard editing, conflicts, Chinese."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from guardian.shortcuts import assign_perm
from playwright.sync_api import expect

from responsibilities.models import Process
from tests.browser.conftest import PASSWORD

# One worker runs them all, so one Chromium starts (make test runs with --dist loadgroup).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

FOLLOW_UP = "#duty-complaint-follow-up"


def test_search_in_english_and_chinese_opens_the_payment_duty(site):
    page = site.login()
    search = page.get_by_role("searchbox", name="Who owns this?")
    search.fill("payment")
    search.press("Enter")
    expect(page.locator("#owner-results")).to_contain_text("5 duties match")
    site.shot("search-payment")
    page.get_by_role("link", name="Fix the payment interface").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fix the payment interface")
    expect(page.locator("body")).to_contain_text("Refunds and compensation: ask Customer service.")
    site.shot("duty-payment-fix")
    page = site("/owners/")
    # htmx updates the results as you type: no submit. A Chinese word finds the English
    # titles, each shown with its Chinese title beside it.
    page.get_by_role("searchbox", name="Who owns this?").fill("支付")
    expect(page.locator("#owner-results")).to_contain_text("5 duties match")
    expect(page.locator("#owner-results")).to_contain_text("修复支付接口")
    page.get_by_role("link", name="Fix the payment interface").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fix the payment interface")


def cell(page, duty_row, party):
    """The cell of `party` in the row: the one under the party's column header."""
    index = page.locator("#matrix thead th").evaluate_all(
        "(headers, party) => headers.findIndex(th => th.dataset.party === party)", party)
    assert index > 0, party
    return page.locator(f"{duty_row} > :nth-child({index + 1})")


def test_keyboard_edit_changes_the_findings_count(site):
    page = site.login()
    site("/matrix/")
    # the filters swap the matrix in place (htmx); the keyboard script is set up again
    page.get_by_label("Process").select_option("complaint-handling")
    expect(page).to_have_url(re.compile(r"process=complaint-handling"))
    expect(page.locator('tr[data-duty="payment-fix"]')).to_have_count(0)
    count = page.locator("#findings-count")
    before = int(count.inner_text())
    cell(page, FOLLOW_UP, "role:cs-agent").click()
    page.keyboard.press("ArrowRight")
    manager = cell(page, FOLLOW_UP, "role:cs-manager")
    expect(manager).to_be_focused()
    page.keyboard.press("a")
    expect(manager).to_have_class(re.compile("is-pending"))
    page.keyboard.press("Enter")
    expect(manager).to_have_attribute("data-letters", "A")
    expect(manager).to_have_text("A")
    expect(count).to_have_text(str(before - 1))  # no-accountable is resolved
    expect(page.locator(f"{FOLLOW_UP} .finding-marker .badge")).to_have_text("⚠ 1")
    expect(page.locator(FOLLOW_UP)).to_have_class(re.compile("worst-warning"))
    expect(page.locator("#matrix-status")).to_contain_text("Resolved:")
    site.shot("matrix-after-edit")


def test_a_stale_edit_shows_a_conflict(site, demo):
    page = site.login()
    site("/matrix/?process=complaint-handling")
    other = Client()
    other.force_login(demo)
    response = other.post("/api/v1/matrix/cells/", {"cells": [
        {"duty": "complaint-follow-up", "party": "role:cs-manager", "raci": "A", "expect": ""},
    ]}, content_type="application/json")
    assert response.status_code == 200
    manager = cell(page, FOLLOW_UP, "role:cs-manager")
    manager.click()
    page.keyboard.press("c")
    page.keyboard.press("Enter")
    expect(page.locator("#matrix-status")).to_contain_text("Someone changed this cell")
    expect(manager).to_have_class(re.compile("is-conflict"))
    expect(manager).to_have_attribute("data-letters", "A")
    expect(manager).to_have_text("A")
    site.shot("matrix-conflict")


def test_switching_to_chinese(site):
    page = site.login()
    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("这归谁管？")
    site.shot("home-zh")
    site("/matrix/")
    expect(page.get_by_role("heading", level=1)).to_have_text("职责矩阵")
    site.shot("matrix-zh")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


MAIN_PAGES = {
    "home": "/",
    "matrix": "/matrix/",
    "processes": "/processes/",
    "process-payment-outage": "/processes/payment-outage/",
    "departments": "/departments/",
    "department-customer-service": "/departments/customer-service/",
    "role-cs-manager": "/roles/cs-manager/",
    "findings": "/findings/",
    "changes": "/changes/",
}


def csp_refusals(page):
    """The browser's complaints about the Content-Security-Policy, as they come."""
    refusals = []
    page.on("console", lambda message: refusals.append(message.text)
            if "Content Security Policy" in message.text else None)
    return refusals


def test_main_pages_render_and_are_saved_as_screenshots(site):
    page = site.login()
    refusals = csp_refusals(page)
    for name, path in MAIN_PAGES.items():
        response = page.goto(site.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        expect(page.locator("main h1")).to_be_visible()
        site.shot(name)
    page.set_viewport_size({"width": 390, "height": 844})
    for name in ("home", "matrix", "process-payment-outage"):
        page.goto(site.url + MAIN_PAGES[name])
        site.shot(f"{name}-phone")
    assert refusals == []


def test_the_other_pages_htmx_and_the_print_button_need_nothing_the_policy_refuses(site):
    page = site.login()
    refusals = csp_refusals(page)
    page.add_init_script("window.print = () => { document.body.dataset.printed = 'yes'; }")
    paths = ["/duties/payment-fix/", "/matrix/cell/?duty=payment-fix&"
             "party=role:cs-manager", "/matrix/import/", "/admin/", "/admin/responsibilities/duty/",
             "/api/v1/docs/"]
    for path in paths:
        response = page.goto(site.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Responsibility registry")
    site("/findings/")
    page.get_by_label("Severity").select_option("error")  # htmx swaps the results in place
    expect(page).to_have_url(re.compile(r"severity=error"))
    site("/departments/customer-service/")
    page.get_by_role("button", name="Print").click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")
    assert refusals == []


def test_arrows_keep_their_column_between_rows_one_may_and_may_not_edit(site, demo):
    editor = get_user_model().objects.create_user("cs-lead", password=PASSWORD)
    assign_perm("responsibilities.change_process", editor,
                Process.objects.get(code="complaint-handling"))
    page = site.login("cs-lead")
    site("/matrix/")
    rows = page.locator("tbody tr[data-duty]")
    editable = ["is-editable" in (rows.nth(n).get_attribute("class") or "")
                for n in range(rows.count())]
    last = max(n for n, can in enumerate(editable) if can)
    assert not editable[last + 1]  # the next process's first step: read-only, bare cells
    start = rows.nth(last).locator("td").nth(3)
    start.click()
    page.keyboard.press("ArrowDown")
    expect(rows.nth(last + 1).locator("td").nth(3)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(start).to_be_focused()
