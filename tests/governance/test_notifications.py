"""Mail to the people of the organisation, received by a real SMTP server: a proposal that needs
their department's answer, letters changed on a duty they hold, a role of their department
left with nobody; at once, in a daily digest or never, in their own language, and never for a
change rolled back."""

import email
import email.policy
import socket
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from guardian.shortcuts import assign_perm

from departments.models import Membership, Notify, Person
from findings.store import findings_current
from governance import mail, notifications
from governance.consent import answerable
from governance.models import Notification, Proposal, Verdict
from governance.services import proposal_answer, proposal_create, proposal_open, proposal_revise
from governance.tasks import send_digests
from registry import changes
from registry.services import record_delete, record_update
from responsibilities.models import Assignment
from responsibilities.services.cells import CellChange, cells_set
from tests import factories
from tests.module_world import editor_make, user_make

pytestmark = pytest.mark.django_db

SITE = "https://raci.example.com"


class Inbox:
    """What the SMTP server received: `messages` (email.message.EmailMessage), and the
    addresses it refuses (550) when told to."""

    def __init__(self):
        self.messages, self.refused = [], set()

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content,
                                                      policy=email.policy.default))
        return "250 Message accepted"

    def to(self, address):
        """The messages sent to `address`."""
        return [message for message in self.messages
                if address in message["To"].addresses[0].addr_spec]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1, which the registry's SMTP backend sends to."""
    inbox, port = Inbox(), free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "Registry <registry@example.com>"
    settings.SITE_URL = SITE
    inbox.server = server
    yield inbox
    server.stop()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what the transaction's commit would (the mails at once)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def person(name, *, role=None, notify=Notify.IMMEDIATE, email_address=None, login=None,
           chinese="", language=""):
    address = f"{name.split()[0].lower()}@example.com" if email_address is None \
        else email_address
    someone = factories.PersonFactory(name=name, name_zh_hans=chinese, email=address,
                                      notify=notify, language=language, user=login)
    if role is not None:
        factories.MembershipFactory(person=someone, role=role)
    return someone


@pytest.fixture
def org(smtp):
    """Technology and Customer service both on "Handle user feedback", a step of the Support
    office's process; Technology's lead approves for it, Customer service's manager answers
    through their login; four engineers, each wanting mail differently."""
    tech = factories.DepartmentFactory(code="tech", name="Technology", name_zh_hans="技术部")
    service = factories.DepartmentFactory(code="service", name="Customer service",
                                          name_zh_hans="客服部")
    support = factories.DepartmentFactory(code="support", name="Support office",
                                          name_zh_hans="支持办公室")
    lead = factories.RoleFactory(code="tech-lead", name="Technical lead", department=tech,
                                 is_approver=True)
    engineer = factories.RoleFactory(code="engineer", name="Engineer", name_zh_hans="工程师",
                                     department=tech)
    agent = factories.RoleFactory(code="agent", name="Agent", department=service)
    clerk = factories.RoleFactory(code="clerk", name="Clerk", department=support)
    process = factories.ProcessFactory(code="care", name="Care", owner=support)
    factories.DutyFactory(code="feedback", title="Handle user feedback",
                          title_zh_hans="处理用户反馈", process=process)
    factories.DutyFactory(code="triage", title="Triage bugs", process=process)
    cells_set(changes=[CellChange("feedback", "role:engineer", "R"),
                       CellChange("feedback", "role:agent", "AR")], user=None)
    manager = user_make("bo.li")
    assign_perm("departments.change_department", manager, service)
    world = SimpleNamespace(
        tech=tech, service=service, support=support, engineer=engineer, agent=agent,
        clerk=clerk, lead=lead, author=user_make("author"), editor=editor_make(),
        alice=person("Alice Wong", role=lead),
        bo=person("Bo Li", chinese="李博", login=manager, role=agent, language="zh-hans"),
        cai=person("Cai Digest", role=engineer, notify=Notify.DIGEST),
        dan=person("Dan Off", role=engineer, notify=Notify.OFF),
        eve=person("Eve Nomail", role=engineer, email_address=""),
        gil=person("Gil Now", role=engineer, login=user_make("gil")),
        clara=person("Clara Clerk", role=clerk),
        fay=person("Fay Support", role=factories.RoleFactory(code="desk", name="Desk",
                                                             department=support)))
    findings_current()
    changes.flush()  # the factories' writes, handed on before the test's own
    Notification.objects.all().delete()
    return world


def subject(message):
    """The subject as a mail client shows it (Django folds an encoded one onto a new line)."""
    return str(message["Subject"]).strip()


def body(message):
    return message.get_content().replace("\r\n", "\n")


def lines(message):
    return body(message).splitlines()


GIVE_TO_SERVICE = [{"duty": "feedback", "party": "role:engineer", "raci": "C"}]


def propose(org, **extra):
    return proposal_create(user=org.author, title="Feedback to customer service",
                           reason="The same problems keep coming back.",
                           cells=GIVE_TO_SERVICE, **extra)


# A proposal needs your department's answer.

def test_a_proposal_mails_its_approver_in_english_and_a_manager_in_simplified_chinese(
        org, smtp, committed):
    with committed():
        proposal = propose(org)
    [alice] = smtp.to("alice@example.com")
    assert subject(alice) == (f"Proposal {proposal.pk} “Feedback to customer service” needs "
                                f"the answer of Technology")
    assert alice["From"] == "Registry <registry@example.com>"
    assert alice["Auto-Submitted"] == "auto-generated"
    assert "It needs the answer of Technology: consent, or an objection with its reason." \
        in lines(alice)
    assert "Proposed by author" in lines(alice)
    assert "Reason: The same problems keep coming back." in lines(alice)
    assert f"{SITE}/proposals/{proposal.pk}/" in lines(alice)

    [bo] = smtp.to("bo@example.com")
    assert bo["To"].addresses[0].display_name == "李博"
    assert bo["Content-Language"] == "zh-hans"
    with translation.override("zh-hans"):
        expected = gettext("Proposal %(number)s “%(title)s” needs the answer of "
                          "%(departments)s") % {"number": proposal.pk, "departments": "客服部",
                                               "title": "Feedback to customer service"}
    assert subject(bo) == expected and "客服部" in expected
    assert f"提案 {proposal.pk}: Feedback to customer service (第 1 轮)" in lines(bo)
    assert "理由: The same problems keep coming back." in lines(bo)
    # the Support office must answer too, but nobody may answer for it: nobody else is mailed
    assert len(smtp.messages) == 2


def test_a_round_asks_each_person_once_and_not_for_a_department_that_answered(org, smtp,
                                                                                committed):
    with committed():
        proposal = propose(org)
    proposal_answer(user=org.bo.user, proposal=proposal, department=org.service,
                    verdict=Verdict.CONSENT)
    # approvers appointed after the round was put: one of Technology, one of Customer service
    ivan = person("Ivan Deputy", role=org.lead)
    person("Hana Service", role=factories.RoleFactory(code="service-lead", department=org.service,
                                                      is_approver=True))
    smtp.messages.clear()
    with committed():
        notifications.round_opened(Proposal.objects.get(pk=proposal.pk))
    assert [message["To"].addresses[0].addr_spec for message in smtp.messages] == [
        ivan.email], "Alice was told of this round, Customer service has answered it"


def test_a_new_round_asks_everyone_again(org, smtp, committed):
    proposal = propose(org)
    proposal_answer(user=org.bo.user, proposal=proposal, department=org.service,
                    verdict=Verdict.OBJECTION, reason="Not without training.")
    Notification.objects.all().delete()
    with committed():
        proposal = proposal_revise(user=org.author, proposal=proposal,
                                   cells=[{"duty": "feedback", "party": "role:engineer",
                                           "raci": "I"}])
    assert proposal.round == 2
    assert {message["To"].addresses[0].addr_spec for message in smtp.messages} == {
        "alice@example.com", "bo@example.com"}, "a new round asks everyone again"
    smtp.messages.clear()
    proposal_answer(user=org.bo.user, proposal=proposal, department=org.service,
                    verdict=Verdict.OBJECTION, reason="Still not.")
    with committed():
        proposal_open(user=org.author, proposal=proposal)
    [alice], [bo] = smtp.to("alice@example.com"), smtp.to("bo@example.com")
    assert f"Proposal {proposal.pk}: Feedback to customer service (round 3)" in lines(alice)
    assert f"提案 {proposal.pk}: Feedback to customer service (第 3 轮)" in lines(bo)


def test_a_draft_asks_nobody_until_it_is_opened(org, smtp, committed):
    with committed():
        proposal = propose(org, draft=True)
    assert smtp.messages == [] and not Notification.objects.exists()
    with committed():
        proposal_open(user=org.author, proposal=proposal)
    assert len(smtp.messages) == 2


def test_who_is_asked_is_who_may_answer(org):
    """`answerers` is `answerable` the other way round: an approver role held today, the
    global permission, guardian's for the login or for a group of it, a superuser."""
    everyone = user_make("global")
    assign_perm("departments.change_department", everyone)
    grouped = user_make("grouped")
    group = Group.objects.create(name="support leads")
    grouped.groups.add(group)
    assign_perm("departments.change_department", group, org.support)
    boss = user_make("boss", is_superuser=True)
    reader = user_make("reader")
    retired = user_make("retired", is_active=False)
    assign_perm("departments.change_department", retired, org.support)
    lead_login = user_make("alice")
    Person.objects.filter(pk=org.alice.pk).update(user=lead_login)
    for login in (everyone, grouped, boss, reader, retired):
        person(login.username.title(), login=login)
    departments = {org.tech.pk, org.service.pk, org.support.pk}
    found = notifications.answerers(departments)
    for someone in Person.objects.filter(user__isnull=False).select_related("user"):
        assert found.get(someone.pk, set()) == answerable(someone.user, departments), \
            someone.name


# A letter changed on a duty you hold.

def test_at_once_daily_or_never_as_each_holder_chose(org, smtp, committed):
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "RC")], user=org.editor)
    [gil] = smtp.messages
    assert gil["To"].addresses[0].addr_spec == "gil@example.com"
    assert subject(gil) == "The letters of Engineer · Technology on “Handle user feedback” changed"
    assert "Letters of Engineer · Technology on Handle user feedback: added C" in lines(gil)
    assert "Changed by: editor (matrix cell)" in lines(gil)
    assert f"{SITE}/duties/feedback/" in lines(gil)

    assert send_digests() == 1
    [_gil, cai] = smtp.messages
    assert cai["To"].addresses[0].addr_spec == "cai@example.com"
    assert "Letters of Engineer · Technology on Handle user feedback: added C" in lines(cai)
    assert send_digests() == 0, "nothing is told twice"
    assert not smtp.to("dan@example.com"), "Dan turned mail off"
    assert not Notification.objects.filter(person=org.dan).exists()


def test_a_person_without_an_email_address_is_skipped(org, smtp, committed):
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "")], user=org.editor)
    send_digests()
    assert sorted(message["To"].addresses[0].addr_spec for message in smtp.messages) == [
        "cai@example.com", "gil@example.com"]
    assert not Notification.objects.filter(person=org.eve).exists()
    assert "Letters of Engineer · Technology on Handle user feedback: removed R" in lines(
        smtp.messages[0])


def test_a_change_rolled_back_mails_nobody(org, smtp, committed):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        cells_set(changes=[CellChange("feedback", "role:engineer", "AR")], user=org.editor)
        raise RuntimeError("the write fails after the letters were written")
    assert send_digests() == 0
    assert smtp.messages == [] and not Notification.objects.exists()


def test_whoever_changed_the_letters_is_not_told_of_their_own_change(org, smtp, committed):
    gil = org.gil.user
    assign_perm("responsibilities.change_assignment", gil)
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "RI")], user=gil)
    assert smtp.messages == []
    assert list(Notification.objects.values_list("person__name_en", flat=True)) == [
        "Cai Digest"]


def test_a_departments_letter_tells_everyone_holding_a_role_of_it(org, smtp, committed):
    with committed():
        cells_set(changes=[CellChange("triage", "department:tech", "A")], user=None)
    assert sorted(message["To"].addresses[0].addr_spec for message in smtp.messages) == [
        "alice@example.com", "gil@example.com"]
    assert "Letters of Technology on Triage bugs: added A" in lines(smtp.messages[0])
    assert not any(line.startswith("Changed by") for line in lines(smtp.messages[0]))


def test_the_digest_groups_several_changes_into_one_mail(org, smtp, committed):
    cai = org.cai
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "RC")], user=org.editor)
    with committed():
        cells_set(changes=[CellChange("triage", "role:engineer", "R")], user=org.editor)
    ending = factories.MembershipFactory(role=factories.RoleFactory(
        code="tester", name="Tester", department=org.tech))
    with committed():
        record_delete(user=None, instance=ending)
    assert not smtp.to("cai@example.com")
    assert send_digests() == 1, "Alice and Gil were told at once"
    [digest] = smtp.to("cai@example.com")
    assert subject(digest) == "Responsibility registry, your day: 3 updates"
    text = lines(digest)
    assert text[0] == "Hello Cai Digest,"
    assert "== A role in your department became vacant ==" in text
    assert "== A letter changed on a duty you hold ==" in text
    assert "Letters of Engineer · Technology on Handle user feedback: added C" in text
    assert "Letters of Engineer · Technology on Triage bugs: added R" in text
    assert "Nobody holds Tester any more: its duties have no one to do them." in text
    assert text.index("== A role in your department became vacant ==") < text.index(
        "== A letter changed on a duty you hold ==")
    assert f"You get these mails {cai.get_notify_display()}." in " ".join(text)
    assert not Notification.objects.filter(person=cai, sent_at=None).exists()


# A role in your department became vacant.

def end(membership, day):
    record_update(user=None, instance=Membership.objects.get(pk=membership.pk),
                  data={"end_date": day})


def test_a_role_left_with_nobody_is_told_to_the_others_of_its_department(org, smtp,
                                                                         committed):
    clara = Membership.objects.get(person=org.clara)
    with committed():
        end(clara, timezone.localdate() - timedelta(days=1))
    [fay] = smtp.messages
    assert fay["To"].addresses[0].addr_spec == "fay@example.com", "not Clara, who left"
    assert subject(fay) == "Clerk (Support office) has nobody any more"
    text = lines(fay)
    assert "Nobody holds Clerk any more: its duties have no one to do them." in text
    assert "Last held by Clara Clerk." in text
    assert f"{SITE}/roles/clerk/" in text
    assert f"Hand its duties over to someone: {SITE}/handover/?party=role:clerk" in text


def test_a_role_ending_later_is_told_as_vacant_from_the_day_after(org, smtp, committed):
    clara = Membership.objects.get(person=org.clara)
    last_day = timezone.localdate() + timedelta(days=7)
    with committed():
        end(clara, last_day)
    [fay] = smtp.messages
    first_empty = formats.date_format(last_day + timedelta(days=1), "DATE_FORMAT")
    assert subject(fay) == f"Clerk (Support office) has nobody from {first_empty}"
    assert (f"From {first_empty} nobody holds Clerk: its duties will have no one to do them."
            in lines(fay))


def test_a_membership_deleted_leaves_its_role_vacant_from_today(org, smtp, committed):
    with committed():
        record_delete(user=None, instance=Membership.objects.get(person=org.clara))
    [fay] = smtp.messages
    assert subject(fay) == "Clerk (Support office) has nobody any more"


def test_a_role_someone_else_still_holds_is_not_vacant(org, smtp, committed):
    factories.MembershipFactory(role=org.clerk, person=factories.PersonFactory(name="Hana"))
    with committed():
        end(Membership.objects.get(person=org.clara), timezone.localdate() - timedelta(days=1))
    assert smtp.messages == [] and not Notification.objects.exists()


def test_tidying_away_a_membership_that_had_ended_long_ago_tells_nobody(org, smtp, committed):
    old = factories.MembershipFactory(
        role=factories.RoleFactory(code="archivist", department=org.support),
        start_date=timezone.localdate() - timedelta(days=400),
        end_date=timezone.localdate() - timedelta(days=300))
    with committed():
        end(old, timezone.localdate() - timedelta(days=200))
    with committed():
        record_delete(user=None, instance=Membership.objects.get(pk=old.pk))
    assert smtp.messages == [] and not Notification.objects.exists()


# Sending.

def test_a_recipient_the_server_refuses_is_tried_again_then_given_up(org, smtp, committed):
    smtp.refused.add("gil@example.com")
    with committed():
        cells_set(changes=[CellChange("triage", "department:tech", "A")], user=None)
    assert [message["To"].addresses[0].addr_spec for message in smtp.messages] == [
        "alice@example.com"], "the others are still mailed"
    refused = Notification.objects.get(person=org.gil)
    assert (refused.sent_at, refused.attempts) == (None, 1)
    assert "No such mailbox here" in refused.error
    for _day in range(mail.ATTEMPTS):
        send_digests()
    refused.refresh_from_db()
    assert (refused.sent_at, refused.attempts) == (None, mail.ATTEMPTS)
    assert len(smtp.messages) == 2, "Cai's digest; Gil's address is given up"


def test_mail_that_finds_the_server_away_is_sent_by_the_next_run(org, smtp, settings,
                                                                 committed):
    settings.EMAIL_PORT = free_port()  # nothing listens there
    with committed():
        cells_set(changes=[CellChange("triage", "department:tech", "A")], user=None)
    assert Notification.objects.filter(sent_at=None, attempts=0).count() == 3, \
        "a server away costs no notification one of its tries"
    assert Notification.objects.exclude(error="").count() == 1, \
        "the first failure stops the run: the others wait untried"
    settings.EMAIL_PORT = smtp.server.port
    assert send_digests() == 3
    assert sorted(message["To"].addresses[0].addr_spec for message in smtp.messages) == [
        "alice@example.com", "cai@example.com", "gil@example.com"]
    assert not Notification.objects.filter(sent_at=None).exists()


def test_a_mail_that_cannot_be_written_does_not_stop_the_others(org, smtp, committed,
                                                                monkeypatch):
    written = mail.mail_for

    def mail_for(person, *args, **kwargs):
        if person.pk == org.alice.pk:
            raise KeyError("title")
        return written(person, *args, **kwargs)

    monkeypatch.setattr(mail, "mail_for", mail_for)
    with committed():
        cells_set(changes=[CellChange("triage", "department:tech", "A")], user=None)
    assert [message["To"].addresses[0].addr_spec for message in smtp.messages] == [
        "gil@example.com"]
    failed = Notification.objects.get(person=org.alice)
    assert (failed.sent_at, failed.attempts, failed.error) == (None, 1, "'title'")


def test_someone_who_turns_mail_off_gets_no_digest(org, smtp, committed):
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "RC")], user=org.editor)
    record_update(user=None, instance=Person.objects.get(pk=org.cai.pk),
                  data={"notify": Notify.OFF})
    assert send_digests() == 0
    assert not smtp.to("cai@example.com")
    assert not Notification.objects.filter(person=org.cai).exists()


def test_mail_sent_long_ago_is_forgotten_by_the_daily_run(org, smtp, committed):
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "RC")], user=org.editor)
    send_digests()
    assert Notification.objects.filter(sent_at__isnull=False).count() == 2
    later = timezone.now() + mail.KEEP + timedelta(days=1)
    assert mail.digests_send(now=later) == 0
    assert not Notification.objects.exists()


def test_a_title_with_a_line_break_makes_a_one_line_subject(org, smtp, committed):
    with committed():
        proposal = proposal_create(user=org.author, title="Feedback\nBcc: someone@example.com",
                                   reason="Because.", cells=GIVE_TO_SERVICE)
    [alice] = smtp.to("alice@example.com")
    assert subject(alice) == (f"Proposal {proposal.pk} “Feedback Bcc: someone@example.com” "
                              f"needs the answer of Technology")
    assert alice["Bcc"] is None and len(smtp.messages) == 2


def test_a_big_change_tells_each_holder_a_bounded_number_of_letters(org, smtp, committed,
                                                                    monkeypatch):
    monkeypatch.setattr(notifications, "CELLS_TOLD", 2)
    for n in range(3):
        factories.DutyFactory(code=f"extra-{n}", title=f"Extra {n}")
    with committed():
        cells_set(changes=[CellChange(duty, "role:engineer", "I")
                           for duty in ("triage", "extra-0", "extra-1", "extra-2")],
                  user=org.editor)
    assert Notification.objects.filter(person=org.gil).count() == 2
    [gil] = smtp.to("gil@example.com")
    assert subject(gil) == "Responsibility registry: 2 updates"
    assert ("… and 3 more letters changed on duties you hold, in the same change."
            in lines(gil))
    assert f"{SITE}/changes/" in lines(gil)


def test_telling_holders_of_letters_costs_the_same_queries_for_two_cells_or_many(org):
    def queries(cells):
        rows = list(Assignment.history.order_by("-history_id")[:len(cells)])
        with CaptureQueriesContext(connection) as captured:
            notifications.on_written(sender=None, rows=rows)
        return len(captured)

    cells_set(changes=[CellChange("triage", "role:engineer", "A"),
                       CellChange("triage", "department:tech", "C")], user=org.editor)
    changes.take()
    few = queries(range(2))
    for n in range(5):
        factories.DutyFactory(code=f"more-{n}")
        person(f"Holder{n} More", role=org.agent)
    cells_set(changes=[CellChange(f"more-{n}", party, "C") for n in range(5)
                       for party in ("role:engineer", "role:agent", "department:tech")],
              user=org.editor)
    changes.take()
    assert queries(range(15)) == few


# Preferences.

def test_preferences_are_set_through_the_api_and_a_wrong_one_is_refused(org, api_as):
    api = api_as(org.editor)
    answer = api.patch(f"/api/v1/people/{org.cai.pk}/",
                       {"notify": "immediate", "language": "zh-hans"}, format="json")
    assert answer.status_code == 200
    assert (answer.json()["notify"], answer.json()["language"]) == ("immediate", "zh-hans")
    answer = api.patch(f"/api/v1/people/{org.cai.pk}/", {"notify": "hourly", "language": "fr"},
                       format="json")
    assert answer.status_code == 400
    assert answer.json()["notify"] == ['"hourly" is not a valid choice.']
    assert answer.json()["language"] == ['"fr" is not a valid choice.']
    cai = Person.objects.get(pk=org.cai.pk)
    assert (cai.notify, cai.language) == ("immediate", "zh-hans")


def test_the_person_form_offers_the_preferences_by_name(org, client):
    client.force_login(org.editor)
    page = client.get(f"/people/{org.cai.pk}/edit/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Notifications" in html and "once a day, in one mail" in html
    assert "Simplified Chinese" in html and "the site&#x27;s language" in html
    answer = client.post(f"/people/{org.cai.pk}/edit/", {
        "name_en": "Cai Digest", "email": "cai@example.com", "notify": "weekly",
        "language": "", "is_active": "on"})
    assert answer.status_code == 200
    assert "Select a valid choice. weekly is not one of the available choices." in \
        answer.content.decode()
    assert Person.objects.get(pk=org.cai.pk).notify == Notify.DIGEST
    answer = client.post(f"/people/{org.gil.pk}/edit/", {
        "name_en": "Gil Renamed", "email": "gil@example.com", "is_active": "on"})
    assert answer.status_code == 302
    gil = Person.objects.get(pk=org.gil.pk)
    assert (gil.name_en, gil.notify) == ("Gil Renamed", Notify.IMMEDIATE), \
        "a form sent without the preference keeps it"


def test_the_send_digests_command_mails_the_digests_and_says_how_many(org, smtp, committed):
    with committed():
        cells_set(changes=[CellChange("feedback", "role:engineer", "RC")], user=org.editor)
    output = StringIO()
    call_command("send_digests", stdout=output)
    assert output.getvalue().splitlines() == ["Sending the daily digests…", "Sent 1 mail(s)."]
    assert [subject(mail) for mail in smtp.to("cai@example.com")] == [
        "Responsibility registry, your day: one update"]
