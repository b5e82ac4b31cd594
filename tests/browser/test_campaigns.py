"""A confirmation campaign over the demo's complaint handling, end to end in a real browser.

The manager opens it from the menu; Zhu Hong confirms a step, He Yun says one is not hers and
why, Huang Qiang answers with a proposal, and everyone else stays silent. The deadline passes
(`campaigns_settle`, as the daily run calls it): the silent owners and He Yun's reason become
`unconfirmed` findings, and the campaign's evidence pack, downloaded from its page, shows every
answer. The test counts the clicks (`clicks`) and saves the campaign page as
test-artifacts/campaign.png and the evidence pack's sheets as test-artifacts/evidence-pack.png
(docs/campaign.png, docs/evidence-pack.png).
"""

import datetime
import html
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from governance.campaigns import campaigns_settle
from governance.models import Campaign, CampaignItem, ItemAnswer
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_organisation_pages import Clicks
from tests.browser.test_proposals import login_of

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
TITLE = "Complaint handling, 2026 review"
REASON = "I only classify what the agents hand me; Zhu Hong's team decides the categories."
SHEETS = ["Campaign", "Matrix", "Owners", "Confirmations", "Findings", "Waivers"]
# The progress table's columns after the department: confirmed, confirmed by another owner,
# change proposed, not theirs, not answered, done.
COLUMNS = 6


def open_campaign(page, click):
    """From the menu, a campaign over complaint handling due a week ahead (3 clicks)."""
    click(page.get_by_role("navigation", name="Main").get_by_role("link", name="Campaigns"))
    click(page.locator("main").get_by_role("link", name="Open a campaign"))
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Process").select_option(label="Complaint handling")
    page.get_by_label("Deadline").fill(deadline.isoformat())
    click(page.get_by_role("button", name="Open the campaign"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    return deadline


def to_campaign(page, click):
    """From the menu to the campaign's page (2 clicks)."""
    click(page.get_by_role("navigation", name="Main").get_by_role("link", name="Campaigns"))
    click(page.locator("main").get_by_role("link", name=TITLE))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def owner(site, person, click):
    """`person` logs in (a login of their own) and opens the campaign (2 clicks)."""
    page = site.login(login_of(person))
    to_campaign(page, click)
    return page.get_by_role("region", name="Your duties")


def progress_rows(page):
    """{department: [its numbers as the table shows them]}, the whole campaign last."""
    table = page.get_by_role("region", name="Progress").get_by_role("table")
    rows = {}
    for row in table.locator("tbody tr, tfoot tr").all():
        cells = [text.strip() for text in row.locator("td").all_inner_texts()]
        assert len(cells) == COLUMNS
        rows[row.locator("th").inner_text().strip()] = cells
    return rows


def evidence_html(workbook, rows=12):
    """The workbook's sheets as plain tables: a heading per sheet, its first `rows` rows."""
    parts = ["<style>body{font:13px sans-serif;margin:16px}h2{margin:18px 0 6px}"
             "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:2px 6px;"
             "text-align:left;vertical-align:top;max-width:340px}th{background:#eef}</style>",
             "<h1>Evidence pack</h1>"]
    for sheet in workbook.worksheets:
        parts.append(f"<h2>{html.escape(sheet.title)}</h2><table>")
        for index, row in enumerate(sheet.iter_rows(max_row=rows, values_only=True)):
            tag = "th" if index == 0 else "td"
            cells = "".join(f"<{tag}>{html.escape(str(value or ''))}</{tag}>" for value in row)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    return "".join(parts)


def test_a_campaign_over_complaint_handling_is_answered_settled_and_its_evidence_kept(site):
    page = site.login()
    click = Clicks(page)
    deadline = open_campaign(page, click)
    expect(page.get_by_role("status")).to_contain_text("Opened")
    campaign = Campaign.objects.get(title=TITLE)
    campaign_path = f"/campaigns/{campaign.pk}/"
    assert campaign.process.code == "complaint-handling" and campaign.deadline == deadline
    progress = page.get_by_role("region", name="Progress")
    for department in ("Customer service", "Technology"):
        expect(progress.get_by_role("progressbar", name=department)).to_have_attribute(
            "value", "0")
    assert progress_rows(page) == {
        "Customer service": ["0", "0", "0", "0", "12", "0%"],
        "Technology": ["0", "0", "0", "0", "1", "0%"],
        "Whole campaign": ["0", "0", "0", "0", "13", "0%"]}
    page.context.clear_cookies()

    mine = owner(site, "Zhu Hong", click)
    expect(mine.get_by_role("listitem")).to_have_count(5)
    click(mine.get_by_role("button", name="Confirm Receive complaints"))
    expect(page.get_by_role("status")).to_contain_text("Receive complaints")
    item = mine.get_by_role("listitem").filter(has_text="Receive complaints")
    expect(item).to_contain_text("You confirmed it on")
    page.context.clear_cookies()

    mine = owner(site, "He Yun", click)
    item = mine.get_by_role("listitem").filter(has_text="Classify complaints")
    click(item.get_by_text("Not mine"))
    item.get_by_label("Why is it not yours? Whose is it?").fill(REASON)
    click(item.get_by_role("button", name="Send"))
    item = mine.get_by_role("listitem").filter(has_text="Classify complaints")
    expect(item).to_contain_text(f"You said it is not yours: “{REASON}”")
    page.context.clear_cookies()

    mine = owner(site, "Huang Qiang", click)
    expect(mine.get_by_role("listitem")).to_have_count(1)
    click(mine.get_by_role("link", name="Propose a change Follow up open complaints"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose a change")
    expect(page.get_by_text("Your answer in the confirmation campaign")).to_be_visible()
    letters = page.get_by_label("Letters of Technology on Follow up open complaints")
    expect(letters).to_have_value("R")  # pre-filled with the letters it holds
    page.get_by_label("Title").fill("Customer service follows up complaints alone")
    page.get_by_label("Why change it?").fill("Technology answers when a complaint is "
                                             "technical; the follow-up is Customer service's.")
    letters.fill("C")
    click(page.get_by_role("button", name="Propose", exact=True))
    expect(page.get_by_role("status")).to_contain_text("Proposed")  # back on the campaign
    item = page.get_by_role("region", name="Your duties").get_by_role("listitem")
    expect(item).to_contain_text(
        "You proposed a change: Customer service follows up complaints alone")
    page.context.clear_cookies()

    page = site.login()
    to_campaign(page, click)
    # Zhu Hong's confirmation settles the agents' items on the same step ("confirmed by another
    # owner"); He Yun's and Huang Qiang's answers count as done; eight items wait.
    assert progress_rows(page) == {
        "Customer service": ["1", "2", "0", "1", "8", "33%"],
        "Technology": ["0", "0", "1", "0", "0", "100%"],
        "Whole campaign": ["1", "2", "1", "1", "8", "38%"]}
    progress = page.get_by_role("region", name="Progress")
    expect(progress.get_by_role("progressbar", name="Technology")).to_have_attribute(
        "value", "100")
    expect(progress.locator("svg")).to_contain_text("38% (5/13)")
    site.shot("campaign", full_page=True)

    assert campaigns_settle(today=deadline + datetime.timedelta(days=1)) == ([], [campaign])
    site("/findings/?rule=unconfirmed")
    findings = page.locator("#finding-results").get_by_role("listitem")
    expect(findings).to_have_count(4)
    silent = {"Dispatch to the owning team": ["He Yun", "Zhu Hong"],
              "Give the customer feedback": ["Guo Ping", "Hu Xiao", "Zhu Hong"],
              "Summarise and improve": ["Zhu Hong"]}
    for duty, people in silent.items():
        finding = findings.filter(has_text=f"confirm the letters of “{duty}”")
        expect(finding).to_have_count(1)
        for person in people:
            expect(finding).to_contain_text(person)
    disowned = findings.filter(has_text="Hand “Classify complaints” to its real owner")
    expect(disowned).to_have_count(1)
    expect(disowned).to_contain_text("He Yun")
    expect(disowned).to_contain_text(REASON)
    for answered in ("Receive complaints", "Follow up open complaints"):
        expect(findings.filter(has_text=answered)).to_have_count(0)

    site(campaign_path)
    expect(page.get_by_role("note")).to_contain_text("This campaign has closed")
    expect(page.locator(".eyebrow")).to_contain_text("closed")
    with page.expect_download() as download_info:
        click(page.get_by_role("link", name="Evidence pack (xlsx)"))
    download = download_info.value
    assert re.fullmatch(rf"evidence-campaign-{campaign.pk}-\d{{4}}-\d\d-\d\d\.xlsx",
                        download.suggested_filename)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "evidence-pack.xlsx"
    download.save_as(str(path))
    workbook = load_workbook(path)
    assert workbook.sheetnames == SHEETS
    rows = list(workbook["Campaign"].iter_rows(values_only=True))
    header = rows[0]
    answers = {(row[header.index("Person")], row[1]): row for row in rows[1:]}
    assert len(answers) == CampaignItem.objects.filter(campaign=campaign).count() == 13

    def cell(person, duty, column):
        return answers[(person, duty)][header.index(column)]

    labels = dict(ItemAnswer.choices)
    assert cell("Zhu Hong", "Receive complaints", "Answer") == labels[ItemAnswer.CONFIRMED]
    assert cell("Zhu Hong", "Receive complaints", "Answered on")
    assert cell("He Yun", "Classify complaints", "Answer") == labels[ItemAnswer.DISOWNED]
    assert cell("He Yun", "Classify complaints", "Reason or proposal") == REASON
    assert cell("Huang Qiang", "Follow up open complaints", "Answer") == \
        labels[ItemAnswer.PROPOSED]
    assert cell("Huang Qiang", "Follow up open complaints", "Reason or proposal").endswith(
        "Customer service follows up complaints alone")
    assert cell("Huang Qiang", "Follow up open complaints", "Department") == "Technology"
    assert cell("Guo Ping", "Receive complaints", "Answer") == "confirmed by Zhu Hong"
    assert cell("Guo Ping", "Give the customer feedback", "Answer") == "no answer"
    assert not cell("Guo Ping", "Give the customer feedback", "Answered on")

    page.set_content(evidence_html(workbook))
    page.screenshot(path=str(ARTIFACTS / "evidence-pack.png"), full_page=True)
    assert click.count == 17
