"""Confirmation campaigns through their services: who is asked when one opens, who may open
one, each answer (confirmed, not mine, a proposal), renaming and moving the deadline, and the
daily run that reminds the people yet to answer and, past the deadline, names the silent owners
on their duties; and a whole campaign from opening to its deadline.

The organisation is tests/governance/campaign_world.py's: Alice (Technology's approver) and Gil
(Engineer) own "Handle user feedback"; Bo (Agent) and Cai (Desk) "Approve refunds", Customer
service having no approver; Gil alone "Escalate to engineering"; Fay (Finance) "Reconcile the
ledger"."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from findings.selectors import findings_list
from governance.campaign_selectors import campaign_items, campaign_progress
from governance.campaigns import (
    campaign_answer,
    campaign_change,
    campaign_open,
    campaigns_settle,
    may_open,
)
from governance.models import Campaign, CampaignItem, ItemAnswer, Notification, NotificationKind
from governance.services import proposal_create
from responsibilities.models import Duty
from responsibilities.services.confirmations import duty_confirm
from tests.governance.campaign_world import *  # noqa: F403 (the fixtures)
from tests.governance.campaign_world import NOT_MINE, asked, in_days
from tests.module_world import editor_make, user_make

pytestmark = pytest.mark.django_db

DEADLINE_DAYS = 14


def open_over(world, *, user=None, days=DEADLINE_DAYS, **scope):
    """A campaign "Care review" opened by a superuser (unless `user`) over `scope`."""
    return campaign_open(user=user or world.root, title="Care review",
                         deadline=in_days(days), **scope)


def duty(code):
    return Duty.objects.get(code=code)


def answer(campaign, someone, code, answer=ItemAnswer.CONFIRMED, **extra):
    return campaign_answer(user=someone.user, campaign=campaign, duty=duty(code), answer=answer,
                           **extra)


def item(campaign, someone, code):
    return CampaignItem.objects.get(campaign=campaign, person=someone, duty__code=code)


def unconfirmed_findings():
    """{duty code: message} of the open `unconfirmed` findings."""
    return {finding.duty: finding.message for finding in findings_list(rule="unconfirmed")}


def tasks(campaign):
    """{(person id, count)} of the campaign's task notifications (not the reminders)."""
    return {(row.person_id, row.payload["count"]) for row in Notification.objects.filter(
        kind=NotificationKind.CAMPAIGN_TASK, key=f"campaign:{campaign.pk}")}


def reminded(campaign):
    return sorted(Notification.objects.filter(
        kind=NotificationKind.CAMPAIGN_TASK, key=f"campaign:{campaign.pk}:reminder")
        .values_list("person__name_en", flat=True))


# --- who is asked --------------------------------------------------------------------------


def test_a_departments_campaign_asks_its_approver_and_the_holders_of_its_posts(world):
    campaign = open_over(world, department=world.tech)
    # Technology is Accountable for user feedback: its approver, Alice, answers for it; the
    # Engineer post is Responsible: Gil holds it. Escalating is the Engineer post's too.
    assert asked(campaign) == [("escalate", "Gil Now", "tech"),
                               ("feedback", "Alice Wong", "tech"),
                               ("feedback", "Gil Now", "tech")]
    assert (campaign.title, campaign.deadline, campaign.opened_by, campaign.is_open) == (
        "Care review", in_days(DEADLINE_DAYS), world.root, True)


def test_a_department_without_an_approver_has_everyone_in_it_asked(world):
    campaign = open_over(world, department=world.service)
    # Customer service is Responsible for refunds and nobody there approves: Bo and Cai are
    # both asked (Bo once, though the Agent post is Accountable as well); its C on user
    # feedback asks nobody.
    assert asked(campaign) == [("refunds", "Bo Li", "service"), ("refunds", "Cai Desk", "service")]


def test_an_approver_post_nobody_holds_today_leaves_the_department_to_everyone_in_it(world):
    world.alice.memberships.update(end_date=world.today - timedelta(days=1))
    campaign = open_over(world, department=world.tech)
    assert [(code, name) for code, name, _department in asked(campaign)
            if code == "feedback"] == [("feedback", "Gil Now")]


def test_people_who_left_are_not_active_or_have_not_started_are_not_asked(world):
    campaign = open_over(world, process=world.care)
    names = {name for _code, name, _department in asked(campaign)}
    assert names == {"Alice Wong", "Gil Now", "Bo Li", "Cai Desk"}
    # Dan's membership ended yesterday, Ivy is no longer active, Uma starts tomorrow
    assert not names & {"Dan Gone", "Ivy Retired", "Uma Soon"}


def test_an_inactive_post_is_not_asked(world):
    world.engineer.is_active = False
    world.engineer.save()
    campaign = open_over(world, process=world.care)
    assert "Gil Now" not in {name for _code, name, _department in asked(campaign)}


def test_a_process_campaign_asks_about_its_steps_and_the_whole_organisation_about_every_duty(
        world):
    care = open_over(world, process=world.care)
    assert sorted({code for code, _name, _department in asked(care)}) == [
        "escalate", "feedback", "refunds"]
    everything = open_over(world)
    assert {code for code, _name, _department in asked(everything)} == {
        "escalate", "feedback", "refunds", "ledger"}, "the switched-off old report is left out"
    assert ("ledger", "Fay Ledger", "finance") in asked(everything)


def test_the_steps_of_a_switched_off_process_are_not_asked_about(world):
    world.care.is_active = False
    world.care.save()
    assert {code for code, _name, _department in asked(open_over(world))} == {"ledger"}


def test_each_person_asked_is_told_once_with_the_number_of_their_duties(world):
    campaign = open_over(world, process=world.care)
    assert tasks(campaign) == {(world.alice.pk, 1), (world.gil.pk, 2), (world.bo.pk, 1),
                               (world.cai.pk, 1)}
    told = Notification.objects.get(person=world.gil)
    assert told.payload == {"campaign": campaign.pk, "title": "Care review",
                            "deadline": in_days(DEADLINE_DAYS).isoformat(), "reminder": False,
                            "path": f"/campaigns/{campaign.pk}/", "count": 2}


def test_a_scope_nobody_owns_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as error:
        open_over(world, department=world.legal)
    assert error.value.messages == [
        "Nobody holds an Accountable or Responsible post on the duties in scope today: there "
        "is nobody to ask."]
    assert not Campaign.objects.exists() and not CampaignItem.objects.exists()
    assert not Notification.objects.exists()


def test_a_scope_whose_only_owner_left_is_refused(world):
    world.fay.memberships.update(end_date=world.today - timedelta(days=1))
    with pytest.raises(ValidationError):
        open_over(world, department=world.finance)
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("days", [0, -1, -30], ids=["today", "yesterday", "a-month-ago"])
def test_a_deadline_that_is_not_after_today_is_refused(world, days):
    with pytest.raises(ValidationError) as error:
        open_over(world, department=world.tech, days=days)
    assert error.value.message_dict == {"deadline": ["Choose a deadline after today."]}
    assert not Campaign.objects.exists() and not Notification.objects.exists()


def test_a_campaign_needs_a_title(world):
    with pytest.raises(ValidationError) as error:
        campaign_open(user=world.tech_lead, title="   ", deadline=in_days(7),
                      department=world.tech)
    assert "title" in error.value.message_dict
    assert not Campaign.objects.exists()


def test_a_department_and_a_process_at_once_is_refused_as_invalid(world):
    with pytest.raises(ValidationError):
        open_over(world, department=world.service, process=world.care)
    assert not Campaign.objects.exists()


# --- who may open one ------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "scope", "allowed"), [
    ("tech_lead", "tech", True),
    ("tech_lead", "service", False),
    ("tech_lead", "care", False),
    ("tech_lead", "everything", False),
    ("care_editor", "care", True),
    ("care_editor", "tech", False),
    ("care_editor", "everything", False),
    ("organiser", "everything", True),
    ("organiser", "tech", False),  # add_campaign is not a right over a department
    ("editor", "tech", True),  # the global change_department
    ("editor", "everything", False),
    ("superuser", "everything", True),
    ("reader", "tech", False),
    ("reader", "everything", False),
], ids=lambda value: str(value))
def test_who_may_open_a_campaign(world, who, scope, allowed):
    user = {"editor": editor_make, "superuser": lambda: world.root,
            "reader": lambda: user_make("reader")}.get(who, lambda: getattr(world, who))()
    scope = {"tech": {"department": world.tech}, "service": {"department": world.service},
             "care": {"process": world.care}, "everything": {}}[scope]
    assert may_open(user, **scope) is allowed
    if allowed:
        assert open_over(world, user=user, **scope).opened_by == user
    else:
        with pytest.raises(PermissionDenied):
            open_over(world, user=user, **scope)
        assert not Campaign.objects.exists() and not Notification.objects.exists()


def test_an_inactive_login_may_not_open_one(world):
    world.organiser.is_active = False
    world.organiser.save()
    with pytest.raises(PermissionDenied):
        open_over(world, user=world.organiser)


# --- answers -----------------------------------------------------------------------------------


def test_confirming_records_who_confirmed_the_duty_and_when(world):
    campaign = open_over(world, process=world.care)
    before = timezone.now()
    recorded = answer(campaign, world.alice, "feedback")
    assert (recorded.answer, recorded.reason, recorded.proposal) == ("confirmed", "", None)
    assert recorded.answered_at >= before
    feedback = duty("feedback")
    assert feedback.confirmed_by == world.alice and feedback.confirmed_at >= before
    assert feedback.history.first().history_change_reason == "letters confirmed"
    # Gil's item on it is settled by Alice's confirmation, though he did not answer
    gil = campaign_items(campaign, person=world.gil.pk).get(duty__code="feedback")
    assert (gil.answer, gil.settled_by_others) == ("", True)


def test_not_mine_needs_a_reason_and_without_one_records_nothing(world):
    campaign = open_over(world, process=world.care)
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as error:
            answer(campaign, world.bo, "refunds", ItemAnswer.DISOWNED, reason=reason)
        assert error.value.message_dict == {"reason": [
            "Say why this duty is not yours, and whose it is if you know."]}
    assert item(campaign, world.bo, "refunds").answer == ""
    assert duty("refunds").unconfirmed == []
    assert unconfirmed_findings() == {}


def test_not_mine_stays_on_the_duty_as_a_finding_at_once(world):
    campaign = open_over(world, process=world.care)
    answer(campaign, world.bo, "refunds", ItemAnswer.DISOWNED, reason=f"  {NOT_MINE}  ")
    recorded = item(campaign, world.bo, "refunds")
    assert (recorded.answer, recorded.reason) == ("disowned", NOT_MINE)
    refunds = duty("refunds")
    assert refunds.unconfirmed == [{"person": world.bo.pk, "reason": NOT_MINE}]
    assert refunds.history.first().history_change_reason == "not confirmed: not theirs"
    assert unconfirmed_findings() == {"refunds": (
        "Hand “Approve refunds” to its real owner, or confirm its letters: Bo Li said it is "
        f"not theirs (“{NOT_MINE}”).")}
    [finding] = findings_list(rule="unconfirmed")
    assert (finding.kind, finding.severity) == ("gap", "warning")
    # the finding names the duty's Accountable and Responsible parties
    assert finding.parties == ("department:service", "role:agent")


def test_a_reason_too_long_is_refused(world):
    campaign = open_over(world, process=world.care)
    with pytest.raises(ValidationError) as error:
        answer(campaign, world.bo, "refunds", ItemAnswer.DISOWNED, reason="x" * 5001)
    assert "reason" in error.value.message_dict
    assert duty("refunds").unconfirmed == []


def test_a_later_answer_replaces_the_earlier_one(world):
    campaign = open_over(world, process=world.care)
    answer(campaign, world.bo, "refunds", ItemAnswer.DISOWNED, reason="Not ours.")
    answer(campaign, world.bo, "refunds", ItemAnswer.DISOWNED, reason=NOT_MINE)
    assert duty("refunds").unconfirmed == [{"person": world.bo.pk, "reason": NOT_MINE}]
    assert unconfirmed_findings()["refunds"].endswith(f"(“{NOT_MINE}”).")
    answer(campaign, world.bo, "refunds")
    assert (item(campaign, world.bo, "refunds").answer, item(campaign, world.bo, "refunds")
            .reason) == ("confirmed", "")
    assert duty("refunds").unconfirmed == [], "his own confirmation takes back his “not mine”"
    assert unconfirmed_findings() == {}


@pytest.mark.parametrize("who", [
    lambda world: world.fay.user,  # asked about the ledger, not about refunds
    lambda world: world.dan.user,  # his Engineer membership ended yesterday
    lambda world: world.tech_lead,  # may edit Technology, but is nobody's login
], ids=["another-duty's-owner", "a-leaver", "an-editor-who-is-no-person"])
def test_someone_the_campaign_does_not_ask_about_the_duty_is_refused(world, who):
    campaign = open_over(world, process=world.care)
    user = who(world)
    with pytest.raises(PermissionDenied):
        campaign_answer(user=user, campaign=campaign, duty=duty("refunds"),
                        answer=ItemAnswer.CONFIRMED)
    assert not CampaignItem.objects.exclude(answer="").exists()
    assert duty("refunds").confirmed_at is None


def test_a_person_asked_about_one_duty_cannot_answer_for_another(world):
    campaign = open_over(world, process=world.care)
    with pytest.raises(PermissionDenied):
        answer(campaign, world.cai, "feedback")
    assert duty("feedback").confirmed_at is None


def test_an_answer_that_is_not_one_of_the_three_is_refused(world):
    campaign = open_over(world, process=world.care)
    for wrong in ("", "maybe", ItemAnswer.PROPOSED):  # "proposed" needs the proposal
        with pytest.raises(ValidationError) as error:
            answer(campaign, world.bo, "refunds", wrong)
        assert "answer" in error.value.message_dict
    assert item(campaign, world.bo, "refunds").answer == ""


def test_a_proposal_answers_only_when_it_is_the_persons_own_and_changes_the_duty(world):
    campaign = open_over(world, process=world.care)
    cells = [{"duty": "refunds", "party": "role:accountant", "raci": "R"}]
    theirs = proposal_create(user=world.bo.user, title="Finance approves", reason=NOT_MINE,
                             cells=cells)
    elsewhere = proposal_create(user=world.cai.user, title="Feedback to the desk", reason="-",
                                cells=[{"duty": "feedback", "party": "role:desk", "raci": "C"}])
    for proposal in (theirs, elsewhere):
        with pytest.raises(ValidationError) as error:
            answer(campaign, world.cai, "refunds", ItemAnswer.PROPOSED, proposal=proposal)
        assert error.value.message_dict == {"proposal": [
            "Name a proposal of yours that changes this duty's letters."]}
    mine = proposal_create(user=world.cai.user, title="Finance approves", reason=NOT_MINE,
                           cells=cells)
    answer(campaign, world.cai, "refunds", ItemAnswer.PROPOSED, proposal=mine)
    assert (item(campaign, world.cai, "refunds").answer,
            item(campaign, world.cai, "refunds").proposal) == ("proposed", mine)
    assert duty("refunds").confirmed_at is None, "a proposal does not confirm the letters"


def test_a_proposal_created_for_the_campaign_answers_each_duty_it_asks_about(world):
    campaign = open_over(world, process=world.care)
    proposal = proposal_create(
        user=world.gil.user, title="Technology escalates alone", reason="One team, one owner.",
        cells=[{"duty": "feedback", "party": "role:engineer", "raci": "AR"},
               {"duty": "escalate", "party": "department:tech", "raci": "I"},
               {"duty": "refunds", "party": "role:engineer", "raci": "I"}],
        campaign=campaign)
    answered = {(row.duty.code, row.answer, row.proposal_id) for row in
                campaign_items(campaign, person=world.gil.pk)}
    # Gil is asked about feedback and escalate; refunds is not his to answer
    assert answered == {("feedback", "proposed", proposal.pk),
                        ("escalate", "proposed", proposal.pk)}
    assert not CampaignItem.objects.filter(duty__code="refunds").exclude(answer="").exists()


def test_a_closed_campaign_takes_no_answer(world):
    campaign = open_over(world, process=world.care, days=1)
    campaigns_settle(today=in_days(2))
    with pytest.raises(ValidationError) as error:
        answer(campaign, world.alice, "feedback")
    assert error.value.messages == ["This campaign has closed: its deadline has passed."]
    assert item(campaign, world.alice, "feedback").answer == ""
    assert duty("feedback").confirmed_at is None
    proposal_create(user=world.gil.user, title="Later", reason="-", cells=[
        {"duty": "escalate", "party": "department:tech", "raci": "I"}], campaign=campaign)
    assert item(campaign, world.gil, "escalate").answer == "", "a late proposal answers nothing"


# --- changing a campaign ------------------------------------------------------------------------


def test_the_opener_renames_a_campaign_and_moves_its_deadline(world):
    campaign = open_over(world, user=world.tech_lead, department=world.tech)
    changed = campaign_change(user=world.tech_lead, campaign=campaign, title="  Tech review ",
                              deadline=in_days(30))
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (changed.title, stored.title, stored.deadline) == (
        "Tech review", "Tech review", in_days(30))
    campaign_change(user=world.tech_lead, campaign=campaign, deadline=in_days(3))
    assert Campaign.objects.get(pk=campaign.pk).title == "Tech review", "only what is given"


def test_a_change_to_a_deadline_not_after_today_or_an_empty_title_is_refused(world):
    campaign = open_over(world, user=world.tech_lead, department=world.tech)
    with pytest.raises(ValidationError) as error:
        campaign_change(user=world.tech_lead, campaign=campaign, deadline=world.today)
    assert error.value.message_dict == {"deadline": ["Choose a deadline after today."]}
    with pytest.raises(ValidationError):
        campaign_change(user=world.tech_lead, campaign=campaign, title=" ")
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.title, stored.deadline) == ("Care review", in_days(DEADLINE_DAYS))


def test_only_those_who_may_open_it_change_it(world):
    campaign = open_over(world, user=world.tech_lead, department=world.tech)
    for user in (world.service_lead, world.gil.user, world.organiser):
        with pytest.raises(PermissionDenied):
            campaign_change(user=user, campaign=campaign, title="Mine now")
    assert Campaign.objects.get(pk=campaign.pk).title == "Care review"


def test_a_closed_campaign_cannot_change(world):
    campaign = open_over(world, department=world.tech, user=world.tech_lead, days=1)
    campaigns_settle(today=in_days(2))
    with pytest.raises(ValidationError) as error:
        campaign_change(user=world.tech_lead, campaign=campaign, deadline=in_days(10))
    assert error.value.messages == ["This campaign has closed: it cannot change any more."]
    assert Campaign.objects.get(pk=campaign.pk).deadline == in_days(1)


# --- the daily run ---------------------------------------------------------------------------


def test_a_reminder_goes_once_to_those_yet_to_answer_when_the_deadline_is_near(world,
                                                                               settings):
    settings.RACI_CAMPAIGN_REMIND_DAYS = 3
    campaign = open_over(world, process=world.care, days=10)
    answer(campaign, world.bo, "refunds", ItemAnswer.DISOWNED, reason=NOT_MINE)
    answer(campaign, world.alice, "feedback")
    # a week before: too early
    assert campaigns_settle(today=in_days(3)) == ([], [])
    assert reminded(campaign) == []
    # three days before: Gil (escalating is his alone) and Cai (refunds) are reminded
    assert campaigns_settle(today=in_days(7)) == ([campaign], [])
    assert reminded(campaign) == ["Cai Desk", "Gil Now"]
    reminder = Notification.objects.get(person=world.cai, key=f"campaign:{campaign.pk}:reminder")
    assert (reminder.kind, reminder.payload["reminder"], reminder.payload["count"]) == (
        "campaign.task", True, 1)
    assert Campaign.objects.get(pk=campaign.pk).reminded_on == in_days(7)
    # the next days: no second reminder
    assert campaigns_settle(today=in_days(8)) == ([], [])
    assert campaigns_settle(today=in_days(10)) == ([], [])
    assert len(reminded(campaign)) == 2
    assert Campaign.objects.get(pk=campaign.pk).is_open, "the deadline day itself is still open"


def test_the_day_after_the_deadline_silent_owners_are_named_on_the_duties_nobody_answered(
        world):
    campaign = open_over(world, process=world.care, days=5)
    answer(campaign, world.alice, "feedback")  # Gil's item on it is settled by hers
    assert campaigns_settle(today=in_days(5)) == ([campaign], [])  # the reminder, not closing
    assert campaigns_settle(today=in_days(6)) == ([], [campaign])
    closed = Campaign.objects.get(pk=campaign.pk)
    assert not closed.is_open and closed.closed_at is not None
    assert duty("feedback").unconfirmed == []
    assert duty("escalate").unconfirmed == [{"person": world.gil.pk, "reason": ""}]
    assert duty("refunds").unconfirmed == [{"person": world.bo.pk, "reason": ""},
                                           {"person": world.cai.pk, "reason": ""}]
    assert duty("escalate").history.first().history_change_reason == (
        "not confirmed by the campaign's deadline")
    assert unconfirmed_findings() == {
        "escalate": "Have Gil Now confirm the letters of “Escalate to engineering”: they did "
                    "not answer the confirmation campaign by its deadline.",
        "refunds": "Have Bo Li, Cai Desk confirm the letters of “Approve refunds”: they did not "
                   "answer the confirmation campaign by its deadline."}
    # a closed campaign is not settled twice
    assert campaigns_settle(today=in_days(7)) == ([], [])
    assert duty("escalate").unconfirmed == [{"person": world.gil.pk, "reason": ""}]


def test_a_duty_confirmed_outside_the_campaign_since_it_opened_names_nobody(world):
    campaign = open_over(world, process=world.care, days=1)
    duty_confirm(user=editor_make(), duty=duty("escalate"))  # from the duty page
    campaigns_settle(today=in_days(2))
    assert duty("escalate").unconfirmed == []
    assert set(unconfirmed_findings()) == {"feedback", "refunds"}
    assert not Campaign.objects.get(pk=campaign.pk).is_open


def test_silence_does_not_name_again_someone_who_said_not_mine(world):
    first = open_over(world, process=world.care, days=1)
    answer(first, world.bo, "refunds", ItemAnswer.DISOWNED, reason=NOT_MINE)
    campaigns_settle(today=in_days(2))
    second = open_over(world, department=world.service, days=1)
    campaigns_settle(today=in_days(2))
    assert not Campaign.objects.get(pk=second.pk).is_open
    assert duty("refunds").unconfirmed == [{"person": world.bo.pk, "reason": NOT_MINE},
                                           {"person": world.cai.pk, "reason": ""}]
    # the "not mine" is what the finding says, silence beside it is not named
    assert unconfirmed_findings()["refunds"].endswith(
        f"Bo Li said it is not theirs (“{NOT_MINE}”).")


def test_an_editors_confirmation_resolves_the_finding_whoever_raised_it(world):
    campaign = open_over(world, process=world.care, days=1)
    answer(campaign, world.bo, "refunds", ItemAnswer.DISOWNED, reason=NOT_MINE)
    campaigns_settle(today=in_days(2))
    assert set(unconfirmed_findings()) == {"refunds", "feedback", "escalate"}
    editor = editor_make()
    for code in ("refunds", "feedback"):
        duty_confirm(user=editor, duty=duty(code))
        assert duty(code).unconfirmed == []
    assert set(unconfirmed_findings()) == {"escalate"}


def test_an_owners_confirmation_keeps_another_owners_not_mine(world):
    campaign = open_over(world, process=world.care)
    answer(campaign, world.bo, "refunds", ItemAnswer.DISOWNED, reason=NOT_MINE)
    answer(campaign, world.cai, "refunds")
    refunds = duty("refunds")
    assert refunds.confirmed_by == world.cai
    assert refunds.unconfirmed == [{"person": world.bo.pk, "reason": NOT_MINE}]
    assert "refunds" in unconfirmed_findings()


def test_an_owners_confirmation_after_the_deadline_answers_for_the_silent(world):
    campaign = open_over(world, process=world.care, days=1)
    campaigns_settle(today=in_days(2))
    assert not Campaign.objects.get(pk=campaign.pk).is_open
    duty_confirm(user=world.cai.user, duty=duty("refunds"))  # from the duty page
    assert duty("refunds").unconfirmed == []
    assert "refunds" not in unconfirmed_findings()


def test_the_settle_campaigns_command_reports_what_it_did(world):
    open_over(world, process=world.care, days=1)
    out = StringIO()
    call_command("settle_campaigns", stdout=out)
    assert "Reminded 1 campaign(s), closed 0." in out.getvalue()


def test_the_evidence_pack_command_writes_a_campaigns_answers_first(world, tmp_path):
    campaign = open_over(world, process=world.care)
    answer(campaign, world.bo, "refunds", ItemAnswer.DISOWNED, reason=NOT_MINE)
    target = tmp_path / "care.xlsx"
    out = StringIO()
    call_command("evidence_pack", "--campaign", str(campaign.pk), "-o", str(target), stdout=out)
    book = load_workbook(target, read_only=True)
    assert book.sheetnames == ["Campaign", "Matrix", "Owners", "Confirmations", "Findings",
                               "Waivers"]
    assert [row[:3] + row[5:7] for row in book["Campaign"].iter_rows(values_only=True)
            if row[0] == "refunds"] == [
        ("refunds", "Approve refunds", "Bo Li", "not mine", NOT_MINE),
        ("refunds", "Approve refunds", "Cai Desk", "no answer", None)]


@pytest.mark.parametrize(("arguments", "message"), [
    (["--campaign", "999999"], "There is no confirmation campaign #999999."),
    (["--campaign", "{pk}", "--date", "2026-01-01"], "Give --campaign or --date, not both"),
])
def test_the_evidence_pack_command_refuses_a_campaign_it_cannot_write(world, tmp_path,
                                                                      arguments, message):
    campaign = open_over(world, process=world.care)
    arguments = [argument.format(pk=campaign.pk) for argument in arguments]
    with pytest.raises(CommandError) as error:
        call_command("evidence_pack", *arguments, "-o", str(tmp_path / "x.xlsx"),
                     stdout=StringIO())
    assert message in str(error.value)
    assert not (tmp_path / "x.xlsx").exists()


# --- a whole campaign ------------------------------------------------------------------------


def test_a_whole_campaign_from_opening_to_deadline(world, settings):
    """The Care process is reviewed over two weeks. Alice confirms user feedback; Bo says
    refunds are not his; Cai proposes that Finance be Responsible for them instead; nobody
    answers about escalating. At the deadline, Gil is named on escalating, Bo's reason stays
    on refunds, and user feedback is settled for Gil by Alice's confirmation."""
    settings.RACI_CAMPAIGN_REMIND_DAYS = 3

    # The Care process's editor opens the campaign: four people are asked.
    campaign = campaign_open(user=world.care_editor, title="Care, yearly review",
                             deadline=in_days(14), process=world.care)
    assert asked(campaign) == [
        ("escalate", "Gil Now", "tech"),
        ("feedback", "Alice Wong", "tech"), ("feedback", "Gil Now", "tech"),
        ("refunds", "Bo Li", "service"), ("refunds", "Cai Desk", "service")]
    assert {person for person, _count in tasks(campaign)} == {
        world.alice.pk, world.gil.pk, world.bo.pk, world.cai.pk}

    # Day 2: Alice confirms user feedback, for Technology.
    answer(campaign, world.alice, "feedback")
    # Day 3: Bo says refunds are not his; the finding is there at once.
    answer(campaign, world.bo, "refunds", ItemAnswer.DISOWNED, reason=NOT_MINE)
    assert set(unconfirmed_findings()) == {"refunds"}
    # Day 5: Cai proposes that Finance's accountant be Responsible, from the campaign.
    proposal = proposal_create(
        user=world.cai.user, title="Finance approves refunds", reason=NOT_MINE,
        cells=[{"duty": "refunds", "party": "role:accountant", "raci": "R"}], campaign=campaign)

    whole, departments = campaign_progress(campaign)
    assert whole.counts == {"confirmed": 1, "others": 1, "proposed": 1, "disowned": 1,
                            "waiting": 1}
    assert (whole.total, whole.done, whole.percent) == (5, 4, 80)
    assert [(part.code, part.counts["waiting"], part.percent) for part in departments] == [
        ("service", 0, 100), ("tech", 1, 67)]

    # Three days before the deadline, only Gil has something left to answer.
    assert campaigns_settle(today=in_days(11)) == ([campaign], [])
    assert reminded(campaign) == ["Gil Now"]

    # The deadline passes in silence.
    assert campaigns_settle(today=in_days(14)) == ([], [])
    assert campaigns_settle(today=in_days(15)) == ([], [campaign])
    assert not Campaign.objects.get(pk=campaign.pk).is_open

    assert duty("feedback").unconfirmed == []
    assert duty("refunds").unconfirmed == [{"person": world.bo.pk, "reason": NOT_MINE}]
    assert duty("escalate").unconfirmed == [{"person": world.gil.pk, "reason": ""}]
    assert unconfirmed_findings() == {
        "refunds": "Hand “Approve refunds” to its real owner, or confirm its letters: Bo Li "
                   f"said it is not theirs (“{NOT_MINE}”).",
        "escalate": "Have Gil Now confirm the letters of “Escalate to engineering”: they did "
                    "not answer the confirmation campaign by its deadline."}
    answers = {(row.duty.code, row.person.name): (row.answer, row.reason, row.proposal_id)
               for row in campaign_items(campaign)}
    assert answers == {
        ("escalate", "Gil Now"): ("", "", None),
        ("feedback", "Alice Wong"): ("confirmed", "", None),
        ("feedback", "Gil Now"): ("", "", None),
        ("refunds", "Bo Li"): ("disowned", NOT_MINE, None),
        ("refunds", "Cai Desk"): ("proposed", "", proposal.pk)}

    # Afterwards Gil confirms escalating from its page: his silence is answered.
    with pytest.raises(ValidationError):
        answer(campaign, world.gil, "escalate")
    duty_confirm(user=world.gil.user, duty=duty("escalate"))
    assert set(unconfirmed_findings()) == {"refunds"}
