"""The auditors' evidence pack: its five sheets read cell by cell from evidence/, a past day's
letters as they were, the people who held the posts that day, a fixed number of queries, the
errors of the API and of evidence_pack, and the findings page's link to it."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from departments.models import Department, Role
from findings.models import Waiver
from governance.evidence import evidence_write
from responsibilities.models import Assignment, Duty, Process
from tests import factories
from tests.module_world import user_make
from tests.registry.test_hostile_walk import HOSTILE

pytestmark = pytest.mark.django_db

EVIDENCE = "/api/v1/evidence/"
SHEETS = ["Matrix", "Owners", "Confirmations", "Findings", "Waivers"]
LONG_AGO = timezone.make_aware(timezone.datetime(2024, 1, 10, 9, 0))


def rows(book, name):
    """The rows of sheet `name` as lists, trailing empty cells left out."""
    shown = []
    for row in book[name].iter_rows(values_only=True):
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        shown.append(row)
    return shown


def workbook(response):
    """The workbook an evidence/ response carries."""
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)


def written_long_ago():
    """Date every history row of the matrix's tables LONG_AGO, as if written then."""
    for model in (Department, Role, Process, Duty, Assignment):
        model.history.update(history_date=LONG_AGO)


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def org():
    """Technology's team lead (held by Alice; Bob's membership ended yesterday) Accountable for
    fixing a payment outage, Customer service (its agent: Carol) Responsible; a refund duty
    with only Customer service Responsible (so without an Accountable), never confirmed."""
    tech = factories.DepartmentFactory(code="tech", name="Technology")
    service = factories.DepartmentFactory(code="service", name="Customer service")
    lead = factories.RoleFactory(code="lead", name="Team lead", department=tech)
    agent = factories.RoleFactory(code="agent", name="Agent", department=service)
    alice = factories.PersonFactory(name="Alice Wang", email="alice@example.com")
    bob = factories.PersonFactory(name="Bob Li", email="bob@example.com")
    carol = factories.PersonFactory(name="Carol Zhou", email="carol@example.com")
    today = timezone.localdate()
    factories.MembershipFactory(person=alice, role=lead)
    factories.MembershipFactory(person=bob, role=lead, start_date=today - timedelta(days=400),
                                end_date=today - timedelta(days=1))
    factories.MembershipFactory(person=carol, role=agent)
    care = factories.ProcessFactory(code="care", name="Care", owner=service)
    fix = factories.DutyFactory(code="payment-fix", title="Fix payment outage", process=care,
                                step=1, confirmed_at=timezone.now(), confirmed_by=alice)
    refund = factories.DutyFactory(code="refund", title="Refund a customer", process=care,
                                   step=2)
    factories.AssignmentFactory(duty=fix, role=lead, department=None, raci="A")
    factories.AssignmentFactory(duty=fix, department=service, raci="R")
    factories.AssignmentFactory(duty=refund, department=service, raci="R")
    return {"fix": fix, "refund": refund, "alice": alice}


def test_the_pack_is_an_xlsx_attachment_named_after_its_day_with_five_sheets(api_as, org):
    response = api_as(user_make("auditor")).get(f"{EVIDENCE}?date=2025-03-01")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="evidence-2025-03-01.xlsx"'
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert workbook(response).sheetnames == SHEETS


def test_the_matrix_sheet_names_the_departments_and_gives_each_duty_its_letters(api_as, org):
    book = workbook(api_as(user_make("auditor")).get(EVIDENCE))
    assert rows(book, "Matrix") == [
        ["Duty", "Title", "Process", "Step", "Customer service", "Technology"],
        ["payment-fix", "Fix payment outage", "Care", "1", "R", "A"],
        ["refund", "Refund a customer", "Care", "2", "R"],
    ]


def test_the_owners_sheet_names_the_people_holding_each_post_that_day(api_as, org):
    book = workbook(api_as(user_make("auditor")).get(EVIDENCE))
    # Bob's membership of the team lead ended yesterday: he is not named.
    assert rows(book, "Owners") == [
        ["Duty", "Title", "Letter", "Party", "Department", "Person", "Email"],
        ["payment-fix", "Fix payment outage", "R", "Customer service", "Customer service",
         "Carol Zhou", "carol@example.com"],
        ["payment-fix", "Fix payment outage", "A", "Team lead", "Technology", "Alice Wang",
         "alice@example.com"],
        ["refund", "Refund a customer", "R", "Customer service", "Customer service",
         "Carol Zhou", "carol@example.com"],
    ]


def test_the_owners_of_an_earlier_day_are_those_who_held_the_post_then(api_as, org):
    written_long_ago()
    two_days_ago = (timezone.localdate() - timedelta(days=2)).isoformat()
    book = workbook(api_as(user_make("auditor")).get(f"{EVIDENCE}?date={two_days_ago}"))
    lead_rows = [row[5:] for row in rows(book, "Owners") if row[3] == "Team lead"]
    assert lead_rows == [["Alice Wang", "alice@example.com"], ["Bob Li", "bob@example.com"]]


def test_a_post_nobody_holds_says_so_in_the_owners_sheet(api_as, org):
    org["alice"].is_active = False
    org["alice"].save()
    book = workbook(api_as(user_make("auditor")).get(EVIDENCE))
    [lead_row] = [row for row in rows(book, "Owners") if row[3] == "Team lead"]
    assert lead_row == ["payment-fix", "Fix payment outage", "A", "Team lead", "Technology",
                        "nobody held this post"]


def test_the_confirmations_sheet_says_who_confirmed_each_duty_or_never(api_as, org):
    book = workbook(api_as(user_make("auditor")).get(EVIDENCE))
    fix, refund = org["fix"], org["refund"]
    assert rows(book, "Confirmations") == [
        ["Duty", "Title", "Last confirmed", "Confirmed by", "Created"],
        ["payment-fix", "Fix payment outage", local(fix.confirmed_at), "Alice Wang",
         local(fix.created_at)],
        ["refund", "Refund a customer", "never", None, local(refund.created_at)],
    ]


def test_the_findings_sheet_lists_the_open_findings_with_their_messages(api_as, org):
    book = workbook(api_as(user_make("auditor")).get(EVIDENCE))
    found = rows(book, "Findings")
    assert found[0] == ["Rule", "Severity", "Duty", "Title", "Message"]
    assert ["No Accountable", "Error", "refund", "Refund a customer",
            "Give “Refund a customer” exactly one Accountable."] in found


def test_the_waivers_sheet_lists_the_waivers_in_force_with_their_reasons(api_as, org):
    author = user_make("auditee", first_name="Dana", last_name="Xu")
    expires = timezone.localdate() + timedelta(days=30)
    Waiver.objects.create(key="a" * 32, rule="shared-responsible", duty="payment-fix",
                          parties="department:service role:lead",
                          reason="Both teams fix outages by contract.", author=author,
                          expires=expires)
    Waiver.objects.create(key="b" * 32, rule="no-responsible", duty="refund",
                          reason="Ended.", author=author, created=LONG_AGO,
                          expires=LONG_AGO.date() + timedelta(days=5))
    book = workbook(api_as(user_make("auditor")).get(EVIDENCE))
    assert rows(book, "Waivers") == [
        ["Rule", "Duty", "Parties", "Reason", "Author", "Expires"],
        ["Responsible shared by departments", "payment-fix", "Customer service, Team lead",
         "Both teams fix outages by contract.", "Dana Xu", expires.isoformat()],
    ]


def test_an_earlier_day_shows_the_letters_as_they_were_then(api_as, org):
    written_long_ago()
    letter = Assignment.objects.get(duty=org["fix"], department__code="service")
    letter.raci = "C"
    letter.save()
    then = workbook(api_as(user_make("auditor")).get(f"{EVIDENCE}?date=2024-01-15"))
    now = workbook(api_as(user_make("auditee")).get(EVIDENCE))
    assert rows(then, "Matrix")[1] == ["payment-fix", "Fix payment outage", "Care", "1", "R",
                                       "A"]
    assert rows(now, "Matrix")[1] == ["payment-fix", "Fix payment outage", "Care", "1", "C",
                                      "A"]
    assert ["payment-fix", "R"] in [[row[0], row[2]] for row in rows(then, "Owners")]


def test_before_the_registry_existed_the_sheets_hold_only_their_headers(api_as, org):
    book = workbook(api_as(user_make("auditor")).get(f"{EVIDENCE}?date=2000-01-01"))
    for name in ("Matrix", "Owners", "Confirmations"):
        assert len(rows(book, name)) == 1, name


def test_the_pack_takes_the_same_queries_whatever_the_size_of_the_organisation(org):
    def counted():
        evidence_write(day=timezone.localdate(), target=io.BytesIO())  # findings made current
        with CaptureQueriesContext(connection) as queries:
            evidence_write(day=timezone.localdate(), target=io.BytesIO())
        return len(queries)

    # Each matrix ten, the holders one, the confirmations two, the findings and waivers four.
    assert counted() == 27
    sales = factories.DepartmentFactory(code="sales", name="Sales")
    for _number in range(5):
        role = factories.RoleFactory(department=sales)
        factories.MembershipFactory(role=role)
        duty = factories.DutyFactory(confirmed_at=timezone.now(),
                                     confirmed_by=factories.PersonFactory())
        factories.AssignmentFactory(duty=duty, role=role, department=None, raci="A")
        factories.AssignmentFactory(duty=duty, department=sales, raci="R")
    Waiver.objects.create(key="c" * 32, rule="no-responsible", duty="refund", reason="Known.",
                          expires=timezone.localdate() + timedelta(days=9))
    assert counted() == 27


@pytest.mark.parametrize("date", ["2025-13-01", "yesterday", "2025-02-30", "01/03/2025"])
def test_a_bad_date_is_a_400_saying_how_to_write_one(api_as, org, date):
    response = api_as(user_make("auditor")).get(f"{EVIDENCE}?date={date}")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.json()["date"][0]


def test_a_day_after_today_is_a_400(api_as, org):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = api_as(user_make("auditor")).get(f"{EVIDENCE}?date={tomorrow}")
    assert response.status_code == 400
    assert response.json()["date"] == ["Give a day no later than today."]


def test_an_anonymous_visitor_is_asked_to_log_in_even_where_reading_is_public(
        api_as, org, settings):
    settings.REGISTRY_PUBLIC_READ = True
    assert api_as(None).get(EVIDENCE).status_code == 401


def test_the_command_writes_the_pack_and_tells_each_sheet(org, tmp_path):
    output, out = tmp_path / "pack.xlsx", io.StringIO()
    call_command("evidence_pack", "--date", "2025-03-01", "--output", str(output), stdout=out)
    book = load_workbook(output, read_only=True)
    assert book.sheetnames == SHEETS
    assert rows(book, "Owners")[0][0] == "Duty"
    text = out.getvalue()
    assert "Writing the sheet Owners…" in text
    assert f"Wrote the evidence pack of 2025-03-01 to {output}." in text


@pytest.mark.parametrize(("date", "message"), [
    ("2025-02-30", "is not a date: give it as YYYY-MM-DD."),
    ("soon", "is not a date: give it as YYYY-MM-DD."),
    ("2999-01-01", "2999-01-01 is after today"),
])
def test_the_command_refuses_a_bad_date_and_writes_nothing(org, tmp_path, date, message):
    output = tmp_path / "pack.xlsx"
    with pytest.raises(CommandError, match=message):
        call_command("evidence_pack", "--date", date, "--output", str(output),
                     stdout=io.StringIO())
    assert not output.exists()


@pytest.mark.parametrize("where", ["missing/pack.xlsx", "."])
def test_the_command_refuses_a_path_it_cannot_write(org, tmp_path, where):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("evidence_pack", "--output", str(tmp_path / where), stdout=io.StringIO())


def test_the_findings_page_links_to_the_pack_for_a_logged_in_reader(client, org, settings):
    client.force_login(user_make("auditor"))
    assert b'href="/api/v1/evidence/"' in client.get("/findings/").content
    client.logout()
    settings.REGISTRY_PUBLIC_READ = True
    page = client.get("/findings/")
    assert page.status_code == 200
    assert b"/api/v1/evidence/" not in page.content


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_is_refused_cleanly_by_the_api_and_the_command(api_as, org, tmp_path,
                                                                     value):
    response = api_as(user_make("auditor")).get(EVIDENCE, {"date": value})
    assert response.status_code == 400
    with pytest.raises(CommandError, match="is not a date"):
        call_command("evidence_pack", "--date", value, "--output", str(tmp_path / "pack.xlsx"),
                     stdout=io.StringIO())
    # As a file name: written when the system takes it, else a CommandError saying why.
    try:
        call_command("evidence_pack", "--output", str(tmp_path / value), stdout=io.StringIO())
    except CommandError as error:
        assert str(error).startswith("Cannot write")
    else:
        book = load_workbook(io.BytesIO((tmp_path / value).read_bytes()), read_only=True)
        assert book.sheetnames == SHEETS
