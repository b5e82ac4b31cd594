"""The essay's example in a real browser: a proposal that gives Technology's part in handling
user feedback to Customer service, consented to by both departments (through the heads who
hold their approver posts) and applied, which resolves the shared-responsible finding.

The test counts the clicks of the three people involved (`clicks`), the figure the docs quote,
and saves the proposal page as test-artifacts/proposal.png (docs/proposal.png).
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from departments.models import Person
from findings.selectors import findings_list
from responsibilities.models import Assignment
from tests.browser.conftest import PASSWORD
from tests.browser.test_organisation_pages import Clicks

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
DUTY = "Handle user feedback"


def login_of(person):
    """A login for the demo's `person` (by English name), linked to them."""
    user = get_user_model().objects.create_user(person.lower().replace(" ", "."),
                                                password=PASSWORD)
    Person.objects.filter(name_en=person).update(user=user)
    return user.get_username()


def answer(site, username, click, department):
    """`username` opens the proposal from the menu and consents for `department` (3 clicks)."""
    page = site.login(login_of(username))
    click(page.get_by_role("navigation", name="Main").get_by_role("link", name="Proposals"))
    click(page.get_by_role("link", name="Give user feedback to Customer service"))
    click(page.get_by_role("button", name=f"Consent ({department})"))
    return page


def test_technology_and_customer_service_consent_and_the_change_is_applied(site):
    page = site.login(login_of("Hu Xiao"))  # a customer service agent: reads, edits nothing
    click = Clicks(page)
    site("/findings/?rule=shared-responsible")
    finding = page.get_by_role("listitem").filter(has_text=DUTY)
    click(finding.get_by_role("link", name="Propose a fix"))
    page.get_by_label("Title").fill("Give user feedback to Customer service")
    page.get_by_label("Why change it?").fill("Both teams answer the same feedback, so the same "
                                     "problems keep coming back. Customer service owns it; it "
                                     "asks Technology about technical cases.")
    letters = "Letters of {} on " + DUTY
    page.get_by_label(letters.format("Back-end engineer · Technology")).fill("C")
    page.get_by_label(letters.format("Customer service manager · Customer service")).fill("AR")
    click(page.get_by_role("button", name="Propose", exact=True))
    consent = page.get_by_role("region", name="Consent")
    expect(consent).to_contain_text("Technology")
    expect(consent).to_contain_text("Customer service")
    expect(page.get_by_role("region", name="What it does to the findings")).to_contain_text(
        "Findings it would resolve")
    page.context.clear_cookies()

    answer(site, "Huang Qiang", click, "Technology")
    page.context.clear_cookies()
    page = answer(site, "Zhu Hong", click, "Customer service")

    expect(page.get_by_role("status")).to_contain_text("applied")
    expect(page.get_by_role("region", name="What it does to the findings")).to_contain_text(
        "Findings it resolved")
    expect(page.get_by_role("region", name="Consent")).to_contain_text("by Zhu Hong")
    expect(page.get_by_text("Proposed by Hu Xiao")).to_be_visible()
    site.shot("proposal", full_page=True)
    rows = Assignment.objects.filter(duty__code="user-feedback").values_list("role__code", "raci")
    assert sorted(rows) == [("backend-engineer", "C"), ("cs-agent", "R"), ("cs-manager", "A"),
                            ("cs-manager", "R")]
    assert not [f for f in findings_list(rule="shared-responsible") if f.duty == "user-feedback"]
    assert click.count == 8
