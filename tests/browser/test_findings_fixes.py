"""Findings people can act on, in the browser: a vacancy shown as one item, opened with the
keyboard, its fix followed; the page passes the accessibility check with it."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from departments.models import Membership
from tests.browser.axe import violations


def cs_manager_leaves():
    """End every membership of the customer service manager: its duties lose their holder."""
    yesterday = timezone.localdate() - timedelta(days=1)
    for membership in Membership.objects.filter(role__code="cs-manager"):
        membership.start_date = min(membership.start_date or yesterday, yesterday)
        membership.end_date = yesterday
        membership.save()


def test_a_vacancy_is_one_item_whose_duties_open_from_the_keyboard(site):
    cs_manager_leaves()
    page = site.login()
    site("/findings/?rule=vacant-owner")
    group = page.locator(".finding--group").filter(has_text="Customer service manager is vacant")
    expect(group).to_have_count(1)
    duties = group.locator("details.finding__duties")
    expect(duties.locator("ul")).to_be_hidden()
    duties.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(duties.locator("ul")).to_be_visible()
    expect(duties.get_by_role("link").first).to_be_visible()
    appoint = group.get_by_role("link", name="Appoint someone")
    expect(appoint).to_have_count(1)
    appoint.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site.url + "/new/membership/?role=cs-manager")


def test_the_findings_page_with_fixes_and_a_vacancy_has_no_serious_violations(site, axe):
    cs_manager_leaves()
    page = site.login()
    site("/findings/")
    expect(page.locator(".finding--group")).not_to_have_count(0)
    page.locator(".finding--group summary").first.click()
    assert violations(page, axe) == []
