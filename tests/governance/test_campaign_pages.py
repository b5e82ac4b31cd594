"""The confirmation campaign pages: the list, the form that opens one (and its refusals), a
campaign with the reader's own duties and the three ways to answer each, the progress table,
the answer buttons, a fixed number of queries however many people are asked, and the mail
each person asked receives, in English and in Simplified Chinese.

The organisation is tests/governance/campaign_world.py's. The mail is read from Django's
locmem outbox: the real SMTP server of tests/governance/test_notifications.py is a fixture of
that module only."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import strip_tags

from departments.models import Person
from governance.campaigns import campaign_answer, campaign_open, campaigns_settle
from governance.models import Campaign, CampaignItem, ItemAnswer
from responsibilities.models import Duty, Raci
from tests import factories
from tests.governance.campaign_world import *  # noqa: F403 (the fixtures)
from tests.governance.campaign_world import NOT_MINE, in_days
from tests.module_world import user_make

pytestmark = pytest.mark.django_db

LIST = reverse("governance:campaign_list")
NEW = reverse("governance:campaign_new")


def detail(campaign):
    return reverse("governance:campaign_detail", args=[campaign.pk])


def answer_url(campaign):
    return reverse("governance:campaign_answer", args=[campaign.pk])


def text(response):
    """What a reader reads on the page, its white space made single spaces."""
    return " ".join(strip_tags(response.content.decode()).split())


def logged_in(client, user):
    client.force_login(user)
    return client


def table_rows(response):
    """The progress table's rows as the cells' texts."""
    html = response.content.decode()
    table = html[html.index('id="progress-heading"'):]
    return [[" ".join(strip_tags(cell).split()) for cell in
             re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


def form_data(**changes):
    return {"title": "Technology review", "department": "tech", "process": "",
            "deadline": in_days(14).isoformat(), **changes}


# --- the list --------------------------------------------------------------------------------


def test_the_list_shows_each_campaign_with_its_scope_deadline_and_progress(world, care, client):
    campaign_answer(user=world.alice.user, campaign=care, duty=Duty.objects.get(code="feedback"),
                    answer=ItemAnswer.CONFIRMED)
    response = logged_in(client, user_make("reader")).get(LIST)
    assert response.status_code == 200
    page = text(response)
    assert "Care review" in page and "Care" in page
    assert f'href="{detail(care)}"' in response.content.decode()
    assert "2 / 5" in page  # Alice's answer, and Gil's item on feedback it settles
    assert "open" in page
    assert "Open a campaign" in page


def test_the_list_says_when_there_is_no_campaign(world, client):
    assert "No campaign yet." in text(logged_in(client, user_make("reader")).get(LIST))


def test_anonymous_visitors_are_sent_to_log_in(world, care, client):
    for url in (LIST, NEW, detail(care)):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    response = client.post(answer_url(care), {"duty": "feedback", "answer": "confirmed"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not CampaignItem.objects.exclude(answer="").exists()


# --- the form --------------------------------------------------------------------------------


def test_the_form_offers_the_active_departments_and_processes(world, client):
    response = logged_in(client, world.tech_lead).get(NEW)
    assert response.status_code == 200
    form = response.context["form"]
    assert {choice[0].value for choice in form.fields["department"].choices if choice[0]} == {
        "tech", "service", "finance", "legal"}
    assert "care" in {str(choice[0]) for choice in form.fields["process"].choices}
    assert "You may open a campaign over a department or a process you may edit." in text(
        response)
    organiser = logged_in(client, world.organiser).get(NEW)
    assert "Leave the department and the process empty to ask about every duty." in text(
        organiser)


def test_opening_a_campaign_takes_one_to_it(world, client):
    response = logged_in(client, world.tech_lead).post(NEW, form_data())
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(campaign)
    assert (campaign.title, campaign.department, campaign.deadline) == (
        "Technology review", world.tech, in_days(14))
    page = text(client.get(response["Location"]))
    assert "Opened: each owner is asked to confirm their duties." in page
    assert "Technology review" in page and "Technology" in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"title": ""}, "Give the campaign a title, such as “Complaint handling, 2026 review”."),
    ({"deadline": ""}, "Choose the day answers are due."),
    ({"deadline": "someday"}, "Write the day as YYYY-MM-DD."),
    ({"deadline": timezone.localdate().isoformat()}, "Choose a deadline after today."),
    ({"department": "tech", "process": "care"},
     "Choose a department or a process, not both (neither: the whole organisation)."),
    ({"department": "nope"}, "Select a valid choice."),
    ({"department": "legal"}, "there is nobody to ask."),
], ids=["no-title", "no-deadline", "not-a-date", "today", "both-scopes", "unknown-department",
        "nobody-to-ask"])
def test_a_form_that_cannot_open_a_campaign_is_a_400_with_its_error(world, client, changes,
                                                                    message):
    response = logged_in(client, world.root).post(NEW, form_data(**changes))
    assert response.status_code == 400
    assert message in text(response)
    assert not Campaign.objects.exists()


def test_someone_who_may_not_open_it_gets_the_403_page_and_nothing_is_opened(world, client):
    response = logged_in(client, world.service_lead).post(NEW, form_data(department="tech"))
    assert response.status_code == 403
    assert "Only those who may edit a department or a process open a campaign over it" in text(
        response)
    assert not Campaign.objects.exists()
    response = client.post(NEW, form_data(department=""))  # the whole organisation
    assert response.status_code == 403
    assert not Campaign.objects.exists()


# --- a campaign ----------------------------------------------------------------------------


def test_the_campaign_shows_the_readers_own_duties_with_the_three_ways_to_answer(world, care,
                                                                                 client):
    response = logged_in(client, world.gil.user).get(detail(care))
    assert response.status_code == 200
    html, page = response.content.decode(), text(response)
    assert "Your duties" in page
    assert [item.duty.code for item in response.context["mine"]] == ["feedback", "escalate"]
    assert '<a href="/duties/feedback/">Handle user feedback</a>' in html
    assert '<a href="/duties/escalate/">Escalate to engineering</a>' in html
    assert "Confirm Handle user feedback" in page
    assert "Not mine Escalate to engineering" in page
    assert (f'href="/proposals/new/?duty=feedback&amp;campaign={care.pk}"' in html)
    assert "Propose a change Handle user feedback" in page
    assert "Approve refunds" not in page, "Gil is not asked about refunds"
    assert f'href="/api/v1/campaigns/{care.pk}/evidence/"' in html


def test_a_reader_who_is_not_asked_sees_the_progress_only(world, care, client):
    response = logged_in(client, user_make("reader")).get(detail(care))
    assert response.status_code == 200
    assert response.context["mine"] == []
    assert "Your duties" not in text(response) and "Progress" in text(response)


def test_the_progress_table_counts_each_departments_answers(world, care, client):
    campaign_answer(user=world.alice.user, campaign=care, duty=Duty.objects.get(code="feedback"),
                    answer=ItemAnswer.CONFIRMED)
    campaign_answer(user=world.bo.user, campaign=care, duty=Duty.objects.get(code="refunds"),
                    answer=ItemAnswer.DISOWNED, reason=NOT_MINE)
    rows = table_rows(logged_in(client, user_make("reader")).get(detail(care)))
    assert rows == [
        ["Department", "Confirmed", "Confirmed by another owner", "Change proposed",
         "Not theirs", "Not answered", "Done"],
        ["Customer service", "0", "0", "0", "1", "1", "50%"],
        ["Technology", "1", "1", "0", "0", "1", "67%"],
        ["Whole campaign", "1", "1", "0", "1", "2", "60%"],
    ]


def test_an_unknown_campaign_is_a_404(world, client):
    client = logged_in(client, user_make("reader"))
    assert client.get(reverse("governance:campaign_detail", args=[999999])).status_code == 404
    assert client.post(reverse("governance:campaign_answer", args=[999999]), {
        "duty": "feedback", "answer": "confirmed"}).status_code == 404


def test_a_closed_campaign_says_so_and_offers_no_answer(world, client):
    campaign = campaign_open(user=world.care_editor, title="Care review", deadline=in_days(1),
                             process=world.care)
    campaigns_settle(today=in_days(2))
    response = logged_in(client, world.gil.user).get(detail(campaign))
    page = text(response)
    assert "This campaign has closed." in page
    assert "Not answered by the deadline." in page
    assert "Confirm Handle user feedback" not in page and "Not mine" not in page


# --- answering -----------------------------------------------------------------------------


def test_confirming_records_the_answer_and_comes_back_to_ones_duties(world, care, client):
    client = logged_in(client, world.alice.user)
    response = client.post(answer_url(care), {"duty": "feedback", "answer": "confirmed"})
    assert response.status_code == 302
    assert response["Location"] == f"{detail(care)}#mine"
    item = CampaignItem.objects.get(campaign=care, person=world.alice)
    assert item.answer == "confirmed"
    assert Duty.objects.get(code="feedback").confirmed_by == world.alice
    page = text(client.get(detail(care)))
    assert "Thank you: your answer on “Handle user feedback” is recorded." in page
    assert "You confirmed it on" in page


def test_not_mine_with_a_reason_is_recorded_and_shown(world, care, client):
    client = logged_in(client, world.bo.user)
    response = client.post(answer_url(care), {"duty": "refunds", "answer": "disowned",
                                              "reason": NOT_MINE}, follow=True)
    assert response.status_code == 200
    assert f"You said it is not yours: “{NOT_MINE}”" in text(response)
    assert CampaignItem.objects.get(campaign=care, person=world.bo).reason == NOT_MINE
    assert Duty.objects.get(code="refunds").unconfirmed == [
        {"person": world.bo.pk, "reason": NOT_MINE}]


def test_not_mine_without_a_reason_shows_the_error_and_changes_nothing(world, care, client):
    client = logged_in(client, world.bo.user)
    response = client.post(answer_url(care), {"duty": "refunds", "answer": "disowned",
                                              "reason": "  "}, follow=True)
    assert response.status_code == 200
    assert "Say why this duty is not yours, and whose it is if you know." in text(response)
    assert CampaignItem.objects.get(campaign=care, person=world.bo).answer == ""
    assert Duty.objects.get(code="refunds").unconfirmed == []


@pytest.mark.parametrize(("data", "message"), [
    ({"duty": "refunds", "answer": "proposed"}, "Choose to confirm it or to say it is not yours."),
    ({"duty": "refunds"}, "Choose to confirm it or to say it is not yours."),
    ({"answer": "confirmed"}, "Say which duty."),
])
def test_a_wrong_answer_comes_back_with_the_reason(world, care, client, data, message):
    response = logged_in(client, world.bo.user).post(answer_url(care), data, follow=True)
    assert message in text(response)
    assert not CampaignItem.objects.exclude(answer="").exists()


def test_an_answer_on_an_unknown_duty_is_a_404(world, care, client):
    response = logged_in(client, world.bo.user).post(answer_url(care), {
        "duty": "nope", "answer": "confirmed"})
    assert response.status_code == 404


def test_someone_not_asked_is_refused_with_the_403_page(world, care, client):
    response = logged_in(client, world.fay.user).post(answer_url(care), {
        "duty": "refunds", "answer": "confirmed"})
    assert response.status_code == 403
    assert "only the people it asks answer for themselves" in text(response)
    assert Duty.objects.get(code="refunds").confirmed_at is None


def test_the_answer_route_takes_posts_only(world, care, client):
    assert logged_in(client, world.bo.user).get(answer_url(care)).status_code == 405


def test_a_proposal_made_from_the_campaign_answers_it(world, care, client):
    client = logged_in(client, world.cai.user)
    url = f"{reverse('governance:proposal_new')}?duty=refunds&campaign={care.pk}"
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"title": "Finance approves refunds", "reason": NOT_MINE,
                 "d0-add1-party": "role:accountant", "d0-add1-letters": "R",
                 "action": "propose"})
    response = client.post(url, data)
    assert response.status_code == 302, text(response)
    item = CampaignItem.objects.get(campaign=care, person=world.cai)
    assert (item.answer, item.proposal.title) == ("proposed", "Finance approves refunds")
    page = text(client.get(detail(care)))
    assert "You proposed a change: Finance approves refunds" in page


# --- queries -----------------------------------------------------------------------------------


def grow(world, count):
    """`count` more people in Technology's Engineer post: each asked about two more duties."""
    for _ in range(count):
        factories.MembershipFactory(role=world.engineer, person=factories.PersonFactory())
    for _ in range(count):
        duty = factories.DutyFactory(process=world.care)
        factories.AssignmentFactory(duty=duty, role=world.engineer, raci=Raci.RESPONSIBLE)
        factories.AssignmentFactory(duty=duty, department=world.service,
                                    raci=Raci.ACCOUNTABLE)


# login (session, user), the campaign with its scope and counts, its progress per department,
# the reader's own items with their duty, process, person, department and proposal
QUERIES = 5


def test_the_campaign_page_reads_the_same_number_of_queries_however_many_are_asked(
        world, client, django_assert_num_queries):
    client = logged_in(client, world.gil.user)
    small = campaign_open(user=world.root, title="Small", deadline=in_days(14),
                          process=world.care)
    client.get(detail(small))
    with django_assert_num_queries(QUERIES):
        assert client.get(detail(small)).status_code == 200
    grow(world, 10)
    big = campaign_open(user=world.root, title="Big", deadline=in_days(14), process=world.care)
    assert big.items.count() > small.items.count() + 100
    with django_assert_num_queries(QUERIES):
        response = client.get(detail(big))
    assert len(response.context["mine"]) == 12  # feedback, escalate and the ten new steps


# --- the mail --------------------------------------------------------------------------------


@pytest.fixture
def mails(settings, django_capture_on_commit_callbacks):
    """`with mails():` sends at once, when the transaction would commit, what it tells."""
    settings.SITE_URL = "https://raci.example.com"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return lambda: django_capture_on_commit_callbacks(execute=True)


def sent_to(address):
    return [message for message in mail.outbox if message.to[0].endswith(f"<{address}>")
            or message.to[0] == address]


def test_the_campaign_mails_each_person_asked_in_english(world, mails):
    with mails():
        campaign = campaign_open(user=world.care_editor, title="Care review",
                                 deadline=in_days(14), process=world.care)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "Alice Wong <alice@example.com>", "Bo Li <bo@example.com>",
        "Cai Desk <cai@example.com>", "Gil Now <gil@example.com>"]
    [gil] = sent_to("gil@example.com")
    day = formats.date_format(in_days(14), "DATE_FORMAT")
    assert gil.subject == f"“Care review”: confirm your duties by {day}"
    lines = gil.body.splitlines()
    assert "Confirmation campaign: Care review" in lines
    assert "It asks you about 2 duties you are Accountable or Responsible for." in lines
    assert ("For each: confirm its letters, propose a change, or say it is not yours and why. "
            f"The deadline is {day}.") in lines
    assert f"https://raci.example.com/campaigns/{campaign.pk}/" in lines
    [alice] = sent_to("alice@example.com")
    assert "It asks you about 1 duty you are Accountable or Responsible for." in (
        alice.body.splitlines())


def test_the_campaign_mails_a_chinese_reader_in_simplified_chinese(world, mails):
    Person.objects.filter(pk=world.bo.pk).update(language="zh-hans")
    with mails():
        campaign = campaign_open(user=world.care_editor, title="Care review",
                                 deadline=in_days(14), process=world.care)
    [bo] = sent_to("bo@example.com")
    assert bo.extra_headers["Content-Language"] == "zh-hans"
    with translation.override("zh-hans"):
        day = formats.date_format(in_days(14), "DATE_FORMAT")
    assert bo.subject == f"“Care review”：请在 {day} 前确认您的职责"
    lines = bo.body.splitlines()
    assert "确认活动：Care review" in lines
    assert "此活动请您确认 1 项由您担任批准方（A）或负责方（R）的职责。" in lines
    assert f"https://raci.example.com/campaigns/{campaign.pk}/" in lines
    [gil] = sent_to("gil@example.com")
    assert gil.subject.startswith("“Care review”: confirm your duties by"), "others in English"


def test_the_reminder_mails_only_those_yet_to_answer(world, mails, settings):
    settings.RACI_CAMPAIGN_REMIND_DAYS = 3
    with mails():
        care = campaign_open(user=world.care_editor, title="Care review", deadline=in_days(14),
                             process=world.care)
    campaign_answer(user=world.alice.user, campaign=care, duty=Duty.objects.get(code="feedback"),
                    answer=ItemAnswer.CONFIRMED)
    campaign_answer(user=world.bo.user, campaign=care, duty=Duty.objects.get(code="refunds"),
                    answer=ItemAnswer.DISOWNED, reason=NOT_MINE)
    mail.outbox.clear()
    with mails():
        campaigns_settle(today=in_days(11))
    assert sorted(message.to[0] for message in mail.outbox) == [
        "Cai Desk <cai@example.com>", "Gil Now <gil@example.com>"]
    day = formats.date_format(in_days(14), "DATE_FORMAT")
    assert sent_to("cai@example.com")[0].subject == (
        f"Reminder: confirm your duties for “Care review” by {day}")
