"""The change feed as people read it: sentences naming everything by its display name, linked
to its page; filters chosen from names; dates in the reader's style and the organisation's zone."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from departments.models import Membership
from registry.services import record_create, record_delete, record_update
from responsibilities.models import Assignment, Duty, Raci
from responsibilities.selectors.changes import ChangeFilters, change_list
from tests.factories import (
    DepartmentFactory,
    DutyFactory,
    PersonFactory,
    ProcessFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db
URL = "/changes/"


@pytest.fixture
def wang(editor):
    """The editor's login belongs to Wang Lei (王磊): changes are said to be his."""
    PersonFactory(name="Wang Lei", name_zh_hans="王磊", user=editor)
    return editor


@pytest.fixture
def org(wang):
    """Technology, Support's customer service manager (held by Zhu Hong) and the payment
    process with its outage duty, all made before the changes the tests look at."""
    tech = DepartmentFactory(code="tech", name="Technology", name_zh_hans="技术部")
    support = DepartmentFactory(code="support", name="Support", name_zh_hans="客服部")
    manager = RoleFactory(code="cs-manager", department=support,
                          name="Customer service manager", name_zh_hans="客服经理")
    zhu = PersonFactory(name="Zhu Hong", name_zh_hans="朱红")
    membership = Membership.objects.create(person=zhu, role=manager)
    process = ProcessFactory(code="payments", name="Payments", name_zh_hans="支付",
                             owner=tech)
    duty = DutyFactory(code="payment-fix", title="Fix payment outage",
                       title_zh_hans="修复支付故障", process=process)
    return {"tech": tech, "support": support, "manager": manager, "zhu": zhu,
            "membership": membership, "process": process, "duty": duty}


def sentences(**filters):
    """The newest entries' sentences and details as plain text."""
    return [(entry["sentence"].plain(), [d.plain() for d in entry["details"]])
            for entry in change_list(filters=ChangeFilters(**filters))[1]]


def text_of(html):
    """What a reader reads of a page: its text without the tags, spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def page_text(client, query=""):
    return text_of(client.get(URL + query).content.decode())


def test_a_letter_given_reads_who_made_whom_what_for_which_duty(org, wang):
    record_create(user=wang, instance=Assignment(duty=org["duty"], department=org["tech"],
                                                 raci=Raci.ACCOUNTABLE))
    assert sentences()[0] == (
        "Wang Lei made Technology Accountable for Fix payment outage", [])


def test_a_letter_changed_and_removed_read_as_sentences(org, wang):
    letter = record_create(user=wang, instance=Assignment(
        duty=org["duty"], role=org["manager"], raci=Raci.CONSULTED))
    record_update(user=wang, instance=letter, data={"raci": Raci.INFORMED})
    record_delete(user=wang, instance=letter)
    assert [text for text, _details in sentences()[:2]] == [
        "Wang Lei removed Customer service manager as Informed for Fix payment outage",
        "Wang Lei made Customer service manager Informed instead of Consulted for "
        "Fix payment outage",
    ]


def test_a_membership_ended_names_the_person_the_role_and_the_last_day(org, wang):
    record_update(user=wang, instance=org["membership"],
                  data={"end_date": datetime.date(2026, 11, 30)})
    assert sentences(role="cs-manager")[0] == (
        "Wang Lei ended Zhu Hong's membership of Customer service manager "
        "(last day 30 Nov 2026)", [])


def test_a_renamed_duty_reads_from_the_old_title_to_the_new(org, wang):
    record_update(user=wang, instance=org["duty"], data={"title_en": "Fix a payment outage"})
    assert sentences(duty="payment-fix")[0] == (
        "Wang Lei changed the duty Fix a payment outage",
        ["renamed from “Fix payment outage” to “Fix a payment outage”"])


def test_deactivated_and_reactivated_read_as_words(org, wang):
    record_update(user=wang, instance=org["duty"], data={"is_active": False})
    record_update(user=wang, instance=org["duty"], data={"is_active": True, "step": 4})
    assert [details for _text, details in sentences(duty="payment-fix")[:2]] == [
        ["step changed from 1 to 4", "reactivated"], ["deactivated"]]


def test_a_field_set_or_cleared_names_the_value_in_the_readers_terms(org, wang):
    record_update(user=wang, instance=org["process"], data={"owner": org["support"]})
    record_update(user=wang, instance=org["process"], data={"owner": None})
    assert [details for _text, details in sentences(process="payments")[:2]] == [
        ["owner department cleared (was Support)"],
        ["owner department changed from Technology to Support"]]


def test_a_chinese_reader_reads_the_chinese_names(org, wang):
    record_create(user=wang, instance=Assignment(duty=org["duty"], department=org["tech"],
                                                 raci=Raci.ACCOUNTABLE))
    with translation.override("zh-hans"):
        [entry] = change_list(filters=ChangeFilters(department="tech"))[1][:1]
        parts = {key: str(value) for key, value in entry["sentence"].parts.items()}
        accountable = str(Raci.ACCOUNTABLE.label)
    assert parts == {"who": "王磊", "party": "技术部", "letter": accountable,
                     "duty": "修复支付故障"}
    assert accountable != "Accountable"


def test_a_change_without_a_user_is_the_systems(org):
    DutyFactory(code="by-command", title="Made by a command")
    assert sentences(duty="by-command")[0][0] == "The system added the duty Made by a command"


def test_the_page_links_every_name_to_its_page(client, org, wang):
    record_create(user=wang, instance=Assignment(duty=org["duty"], role=org["manager"],
                                                 raci=Raci.RESPONSIBLE))
    record_update(user=wang, instance=org["membership"],
                  data={"end_date": datetime.date(2026, 12, 1)})
    client.force_login(wang)
    html = client.get(URL).content.decode()
    for name, url in (
        ("Fix payment outage", reverse("responsibilities:duty_detail", args=["payment-fix"])),
        ("Customer service manager",
         reverse("responsibilities:role_detail", args=["cs-manager"])),
        ("Zhu Hong", reverse("departments:person_detail", args=[org["zhu"].pk])),
        ("Wang Lei", reverse("departments:person_detail", args=[wang.person.pk])),
    ):
        assert f'<a href="{url}">{name}</a>' in html
    assert "own-duty" not in html and "role:cs-manager" not in html  # no codes to read


def test_a_removed_object_is_named_but_not_linked(client, org, wang):
    gone = record_create(user=wang, instance=Duty(code="gone", title_en="Retired duty"))
    record_delete(user=wang, instance=gone)
    client.force_login(wang)
    html = client.get(URL, {"duty": "payment-fix"}).content.decode()
    assert "Retired duty" not in html  # filtered out
    html = client.get(URL).content.decode()
    assert "Wang Lei removed the duty Retired duty" in text_of(html)
    assert reverse("responsibilities:duty_detail", args=["gone"]) not in html


def test_the_filters_are_pickers_of_names(client, org, wang):
    record_create(user=wang, instance=Assignment(duty=org["duty"], department=org["tech"],
                                                 raci=Raci.ACCOUNTABLE))
    client.force_login(wang)
    html = client.get(URL).content.decode()
    assert '<option value="tech">Technology</option>' in html
    assert '<option value="cs-manager">Customer service manager · Support</option>' in html
    assert '<option value="payments">Payments</option>' in html
    assert '<option value="editor">Wang Lei (editor)</option>' in html
    chosen = client.get(URL, {"department": "support"}).content.decode()
    assert '<option value="support" selected>Support</option>' in chosen
    assert "Technology Accountable" not in page_text(client, "?department=support")
    assert "Technology Accountable" in page_text(client, "?department=tech&user=editor")


def test_the_duty_filter_takes_a_code_or_an_exact_title(org, wang):
    record_update(user=wang, instance=org["duty"], data={"is_active": False})
    by_code = change_list(filters=ChangeFilters(duty="payment-fix"))
    assert change_list(filters=ChangeFilters(duty="Fix payment outage")) == by_code
    assert change_list(filters=ChangeFilters(duty="修复支付故障")) == by_code


@pytest.mark.parametrize(("query", "error"), [
    ("?department=nowhere", "Select a valid choice"),
    ("?duty=nowhere", "Unknown duty “nowhere”."),
    ("?since=yesterday", "Enter a valid date."),
    ("?user=nobody", "Select a valid choice"),
])
def test_a_wrong_filter_is_an_error_on_the_page_not_ignored(client, org, wang, query, error):
    record_create(user=wang, instance=Assignment(duty=org["duty"], department=org["tech"],
                                                 raci=Raci.ACCOUNTABLE))
    client.force_login(wang)
    response = client.get(URL + query)
    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert error in text
    assert "Technology Accountable" not in text
    assert "Correct the filters above to see changes." in text


def test_two_duties_with_the_same_title_ask_for_the_code(client, org, wang):
    DutyFactory(code="other-fix", title="Fix payment outage")
    client.force_login(wang)
    assert "Several duties are titled “Fix payment outage”" in page_text(
        client, "?duty=Fix+payment+outage")


def _stamp(model, moment):
    """Every history row of `model` dated `moment` (as if written then)."""
    model.history.update(history_date=moment)


@pytest.mark.parametrize(("language", "shown"), [
    ("en", "30 Nov 2026, 14:05"), ("zh-hans", "2026年11月30日 14:05")])
def test_dates_in_the_readers_style_and_the_organisations_zone(
        client, org, wang, settings, language, shown):
    settings.TIME_ZONE = "Asia/Shanghai"  # the default; a deployment's TIME_ZONE may differ
    record_update(user=wang, instance=org["duty"], data={"is_active": False})
    _stamp(Duty, datetime.datetime(2026, 11, 30, 6, 5, tzinfo=datetime.UTC))  # 14:05 there
    client.force_login(wang)
    html = client.get(URL, {"duty": "payment-fix"}, headers={"accept-language": language}
                      ).content.decode()
    assert f'<time datetime="2026-11-30T14:05:00+08:00">{shown}</time>' in html


def test_the_duty_page_tells_its_changes_in_sentences(client, org, wang):
    record_create(user=wang, instance=Assignment(duty=org["duty"], department=org["tech"],
                                                 raci=Raci.ACCOUNTABLE))
    client.force_login(wang)
    text = text_of(client.get(reverse("responsibilities:duty_detail",
                                      args=["payment-fix"])).content.decode())
    assert "Wang Lei made Technology Accountable for Fix payment outage" in text


def _feed_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_page_runs_the_same_number_of_queries_however_many_changes(client, org, wang):
    client.force_login(wang)

    def more_changes(n):
        for i in range(n):
            role = RoleFactory(department=org["support"])
            person = PersonFactory()
            duty = DutyFactory(process=org["process"])
            record_create(user=wang, instance=Assignment(duty=duty, role=role, raci="R"))
            membership = Membership.objects.create(person=person, role=role)
            record_update(user=wang, instance=membership,
                          data={"end_date": datetime.date(2026, 12, 1 + i % 20)})
            record_update(user=wang, instance=duty, data={"title_en": f"Renamed {i}"})

    more_changes(20)  # a full page: 50 of 60 changes
    few = _feed_queries(client)
    more_changes(40)
    assert _feed_queries(client) == few <= 30
