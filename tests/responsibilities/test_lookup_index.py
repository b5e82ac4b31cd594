"""The "who owns this?" index follows every write: a rename, a post changing hands, a duty
retired or deleted is what the next search finds, and a write rolled back leaves it as it was.
The answers built on it (the API's reasons, "not ours", typo corrections, the person's answer
card, the text format, the page) say where a question matched, and a lookup runs a fixed
number of queries however big the organisation. A new day brings in the people whose posts
start or end with it."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from departments.models import Membership
from findings.store import findings_current, findings_refresh
from registry import changes
from registry.changes import write_transaction
from registry.services import record_create, record_delete, record_restore, record_update
from responsibilities.lookup_index import index_day, index_rebuild, index_storage
from responsibilities.models import Duty, DutySearch
from responsibilities.services.cells import CellChange, cells_set
from tests import factories

pytestmark = pytest.mark.django_db

ONE_DAY = datetime.timedelta(days=1)


def letters(duty, **parties):
    """`letters(duty, A=role, C=department)`: one letter per party."""
    for letter, party in parties.items():
        kind = "role" if party._meta.model_name == "role" else "department"
        factories.AssignmentFactory(duty=duty, raci=letter, **{kind: party})


@pytest.fixture
def org(db):
    """Treasury, whose Cashier Hollis Quenby fixes payment outages and reconciles the ledger,
    and Customer service, whose Support agent Marit Odalys answers the calls (the Cashier is
    consulted on them). Refunds are not the outage's business: Customer service's."""
    treasury = factories.DepartmentFactory(code="treasury", name="Treasury")
    service = factories.DepartmentFactory(code="cs", name="Customer service")
    cashier = factories.RoleFactory(code="cashier", name="Cashier", department=treasury)
    agent = factories.RoleFactory(code="agent", name="Support agent", department=service)
    hollis = factories.PersonFactory(name="Hollis Quenby")
    marit = factories.PersonFactory(name="Marit Odalys")
    process = factories.ProcessFactory(code="settlement", name="Settlement", owner=treasury)
    outage = factories.DutyFactory(code="fix-outage", title="Fix the payment outage",
                                   out_of_scope="Refunds: ask Customer service")
    reconcile = factories.DutyFactory(code="reconcile", title="Reconcile the ledger",
                                      process=process)
    calls = factories.DutyFactory(code="answer-calls", title="Answer customer calls")
    letters(outage, A=cashier, R=cashier, C=service, I=agent)
    letters(reconcile, A=treasury, R=cashier)
    letters(calls, A=service, R=agent, C=cashier)
    world = SimpleNamespace(
        treasury=treasury, service=service, cashier=cashier, agent=agent, hollis=hollis,
        marit=marit, process=process, outage=outage, reconcile=reconcile, calls=calls,
        hollis_cashier=factories.MembershipFactory(person=hollis, role=cashier),
        marit_agent=factories.MembershipFactory(person=marit, role=agent),
    )
    changes.flush()  # the factories' writes handed on, as a write service's commit does
    return world


@pytest.fixture
def api(api_client_as):
    return api_client_as("viewer")


@pytest.fixture
def search(api):
    """`search(question)`: the codes of the duties the lookup API finds, best first."""

    def codes(question):
        response = api.get("/api/v1/lookup/", {"q": question})
        assert response.status_code == 200, response.content
        return [duty["code"] for duty in response.json()["results"]]

    return codes


def index_row(duty):
    """Everything the index holds of `duty`, read without a search (which would flush)."""
    return DutySearch.objects.filter(duty=duty).values().get()


def result(api, question, code):
    """The lookup API's result for duty `code` among the answers to `question`."""
    results = api.get("/api/v1/lookup/", {"q": question}).json()["results"]
    return next(duty for duty in results if duty["code"] == code)


# The index follows writes


def test_a_renamed_person_is_found_by_the_new_name_and_no_longer_by_the_old(org, search):
    record_update(user=None, instance=org.hollis, data={"name_en": "Hollis Brandtner"})
    assert sorted(search("Brandtner")) == ["answer-calls", "fix-outage", "reconcile"]
    assert search("Quenby") == []


def test_a_rename_saved_outside_the_services_is_found_by_the_next_search(org, search):
    org.hollis.name_zh_hans = "何云"
    org.hollis.save()
    assert sorted(search("何云")) == ["answer-calls", "fix-outage", "reconcile"]
    assert sorted(search("何雲")) == ["answer-calls", "fix-outage", "reconcile"], \
        "in Traditional Chinese too"


def test_a_write_through_the_services_updates_the_index_before_any_search(org):
    record_update(user=None, instance=org.hollis, data={"name_en": "Hollis Brandtner"})
    assert "brandtner" in str(index_row(org.outage))


def test_letters_set_through_the_cells_batch_update_the_index_before_any_search(
        org, api_client_as):
    response = api_client_as("editor").post("/api/v1/matrix/cells/", {"cells": [
        {"duty": "reconcile", "party": "role:agent", "raci": "R"}]}, format="json")
    assert response.status_code == 200, response.content
    assert "odalys" in index_row(org.reconcile)["owners"]


def test_a_membership_that_has_ended_no_longer_finds_the_post_s_duties(org, search):
    yesterday = timezone.localdate() - ONE_DAY
    record_update(user=None, instance=org.hollis_cashier, data={"end_date": yesterday})
    assert search("Quenby") == []
    assert search("payment outage") == ["fix-outage"], "the duty itself is still found"


def test_a_membership_ending_today_is_still_held_today(org, search):
    record_update(user=None, instance=org.hollis_cashier,
                  data={"end_date": timezone.localdate()})
    assert sorted(search("Quenby")) == ["answer-calls", "fix-outage", "reconcile"]


def test_a_person_made_inactive_no_longer_finds_the_duties_of_their_post(org, search):
    record_update(user=None, instance=org.hollis, data={"is_active": False})
    assert search("Quenby") == []
    assert search("Odalys") == ["answer-calls", "fix-outage"]


def test_an_inactive_duty_is_no_longer_found_and_comes_back_when_reactivated(org, search):
    record_update(user=None, instance=org.outage, data={"is_active": False})
    assert search("payment") == []
    assert sorted(search("Quenby")) == ["answer-calls", "reconcile"]
    record_update(user=None, instance=org.outage, data={"is_active": True})
    assert search("payment") == ["fix-outage"]


def test_the_duties_of_an_inactive_process_are_no_longer_found(org, search):
    assert search("ledger") == ["reconcile"]
    record_update(user=None, instance=org.process, data={"is_active": False})
    assert search("ledger") == []
    assert sorted(search("Quenby")) == ["answer-calls", "fix-outage"]


def test_a_renamed_process_finds_its_duties_by_the_new_name(org, search):
    record_update(user=None, instance=org.process, data={"name_en": "Month-end closing"})
    assert search("closing") == ["reconcile"]
    assert search("settlement") == []


def test_a_deleted_duty_disappears_and_a_restored_one_comes_back_with_its_owners(org, search):
    record_delete(user=None, instance=org.outage)
    assert search("payment") == []
    assert sorted(search("Quenby")) == ["answer-calls", "reconcile"]
    assert not DutySearch.objects.filter(duty_id=org.outage.pk).exists()
    record_restore(user=None, model=Duty, code="fix-outage")
    assert search("payment Quenby") == ["fix-outage"]


def test_a_membership_moved_to_another_post_moves_the_duties_its_person_finds(org, api, search):
    record_update(user=None, instance=org.hollis_cashier, data={"role": org.agent})
    # the agent answers the calls (R) and is informed of outages (I)
    assert sorted(search("Quenby")) == ["answer-calls", "fix-outage"]
    assert search("Quenby ledger") == []
    assert result(api, "Quenby", "fix-outage")["reasons"] == ["consulted_or_informed"]


def test_a_membership_moved_by_a_plain_save_moves_them_too(org, search):
    org.hollis_cashier.role = org.agent
    org.hollis_cashier.save()
    assert search("Quenby ledger") == []
    assert search("Quenby calls") == ["answer-calls"]


def test_a_renamed_department_finds_the_duties_it_and_its_posts_hold_letters_on(org, search):
    record_update(user=None, instance=org.treasury, data={"name_en": "Finance office"})
    # Treasury is Accountable for the ledger; its Cashier holds letters on all three
    assert sorted(search("Finance office")) == ["answer-calls", "fix-outage", "reconcile"]
    assert search("Treasury") == []


def test_a_renamed_post_finds_its_duties_by_the_new_name(org, search):
    record_update(user=None, instance=org.agent, data={"name_en": "Call handler"})
    assert sorted(search("call handler")) == ["answer-calls", "fix-outage"]
    assert search("support agent") == []


def test_a_post_moved_to_another_department_is_found_by_that_department_s_name(org, api):
    # Treasury's Cashier is only consulted on the calls; the Support agent answers them
    assert result(api, "Treasury", "answer-calls")["reasons"] == ["consulted_or_informed"]
    record_update(user=None, instance=org.agent, data={"department": org.treasury})
    assert result(api, "Treasury", "answer-calls")["reasons"] == [
        "accountable_or_responsible", "consulted_or_informed"]
    record_update(user=None, instance=org.agent, data={"department": org.service})
    assert result(api, "Treasury", "answer-calls")["reasons"] == ["consulted_or_informed"]


def test_a_deleted_person_no_longer_finds_anything(org, search):
    record_delete(user=None, instance=org.hollis)
    assert search("Quenby") == []
    assert search("Cashier ledger") == ["reconcile"], "the post still holds its letters"


def test_a_letter_set_in_the_matrix_makes_its_party_find_the_duty(org, search):
    assert search("Odalys ledger") == []
    cells_set(changes=[CellChange(duty="reconcile", party="role:agent", letters="C")], user=None)
    assert search("Odalys ledger") == ["reconcile"]
    cells_set(changes=[CellChange(duty="reconcile", party="role:agent", letters="")], user=None)
    assert search("Odalys ledger") == []


# A write rolled back


def test_a_write_rolled_back_leaves_the_index_as_it_was(org, search):
    before = index_row(org.outage)
    with pytest.raises(RuntimeError), write_transaction():
        record_update(user=None, instance=org.hollis, data={"name_en": "Hollis Brandtner"})
        record_create(user=None, instance=Duty(code="brandtner-duty", title_en="Brandtner"))
        raise RuntimeError("undone")
    assert index_row(org.outage) == before
    assert search("Brandtner") == []
    assert sorted(search("Quenby")) == ["answer-calls", "fix-outage", "reconcile"]


def test_a_committed_write_inside_a_transaction_rolled_back_later_is_undone_in_the_index(
        org, search):
    with pytest.raises(RuntimeError), transaction.atomic():
        record_update(user=None, instance=org.outage, data={"title_en": "Fix the gateway"})
        raise RuntimeError("undone")
    assert search("gateway") == []
    assert search("payment") == ["fix-outage"]


def test_writes_outside_the_services_rolled_back_are_not_found_and_later_writes_are(
        org, search):
    with pytest.raises(RuntimeError), write_transaction():
        factories.DutyFactory(code="ghost", title="Ghostly duty")
        raise RuntimeError("undone")
    record_create(user=None, instance=Duty(code="real", title_en="Ghostly but real"))
    assert search("ghostly") == ["real"]


# What the API says of each result


@pytest.mark.parametrize(("question", "code", "reasons"), [
    ("payment", "fix-outage", ["title"]),
    ("Quenby", "fix-outage", ["accountable_or_responsible"]),
    ("Quenby", "answer-calls", ["consulted_or_informed"]),
    ("refunds", "fix-outage", ["out_of_scope"]),
    ("settlement", "reconcile", ["description"]),  # the process counts as the description
    ("reconcile", "reconcile", ["code", "title"]),
])
def test_the_reasons_name_where_the_words_matched(org, api, question, code, reasons):
    assert result(api, question, code)["reasons"] == reasons


def test_a_question_matching_what_a_duty_does_not_cover_says_not_ours_and_whom_to_ask(org, api):
    card = result(api, "refunds", "fix-outage")
    assert card["not_ours"] is True
    assert card["asks"] == [{"party": "department:cs", "name": "Customer service"}]
    assert result(api, "payment", "fix-outage")["not_ours"] is False


def test_a_typo_is_corrected_and_the_duty_found(org, api):
    body = api.get("/api/v1/lookup/", {"q": "paymnet"}).json()
    assert body["corrected"] == {"paymnet": ["payment"]}
    assert [duty["code"] for duty in body["results"]] == ["fix-outage"]


def test_a_person_s_name_answers_what_they_are_accountable_and_responsible_for(org, api):
    answer = api.get("/api/v1/lookup/", {"q": "Hollis Quenby"}).json()["answer"]
    assert (answer["kind"], answer["name"], answer["roles"]) == (
        "person", "Hollis Quenby", ["role:cashier"])
    assert answer["accountable"] == ["fix-outage"]
    # Treasury itself is Accountable for the ledger; only consulted on the calls
    assert sorted(answer["responsible"]) == ["fix-outage", "reconcile"]


def test_a_question_naming_nobody_has_no_answer(org, api):
    assert api.get("/api/v1/lookup/", {"q": "payment"}).json()["answer"] is None


def test_the_text_format_gives_title_code_and_owners_in_plain_lines(org, api):
    response = api.get("/api/v1/lookup/", {"q": "payment", "format": "text"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "Fix the payment outage [fix-outage]"
    assert "  A: Cashier (Hollis Quenby)" in lines
    assert "  R: Cashier (Hollis Quenby)" in lines
    assert "  C: Customer service (Marit Odalys)" in lines
    assert lines[-1] == "1 of 1"


@pytest.mark.parametrize("params", [{"q": ""}, {"q": "  "}, {}])
def test_a_blank_question_is_a_400_saying_what_to_give(org, api, params):
    response = api.get("/api/v1/lookup/", params)
    assert response.status_code == 400
    assert "Say what to look for" in response.json()["q"][0]


def test_a_blank_question_in_text_is_a_400_saying_what_to_give(org, api):
    response = api.get("/api/v1/lookup/", {"q": "", "format": "text"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().startswith("q: Say what to look for")


# The page


def owners_page(client, question):
    response = client.get("/owners/", {"q": question})
    assert response.status_code == 200
    return response.content.decode()


def described(html, label):
    """The <dd> following the <dt> that ends with `label`, flattened to its text."""
    found = re.findall(rf"{label}</dt>\s*<dd>(.*?)</dd>", html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", dd).split()) for dd in found]


def test_the_page_answers_what_a_named_person_owns(org, client_as):
    html = owners_page(client_as("viewer"), "Hollis Quenby")
    assert "What Hollis Quenby owns" in html
    assert 'Through <a href="/roles/cashier/">Cashier</a>' in html


def test_the_page_says_not_ours_and_links_the_party_to_ask(org, client_as):
    html = owners_page(client_as("viewer"), "refunds")
    assert "<strong>Not ours</strong> — Refunds: ask Customer service" in html
    assert 'Ask <a href="/owners/?q=Customer%20service">Customer service</a>' in html


def test_the_page_lists_consulted_and_informed_each_under_its_own_label(org, client_as):
    html = owners_page(client_as("viewer"), "payment")
    assert described(html, "Consulted") == ["Customer service : Marit Odalys"]
    assert described(html, "Informed") == ["Support agent · Customer service : Marit Odalys"]
    assert described(html, "Accountable") == ["Cashier · Treasury : Hollis Quenby · #treasury"]


def test_the_page_names_the_typo_it_also_searched(org, client_as):
    html = owners_page(client_as("viewer"), "paymnet")
    assert "Also searched, as a likely typo: paymnet → payment" in html
    assert "Fix the payment outage" in html


# Queries


def grow(org, count):
    """`count` more duties, each with a staffed post of its own department Responsible, the
    Cashier Accountable, that department Consulted and Customer service Informed."""
    for _ in range(count):
        department = factories.DepartmentFactory()
        role = factories.RoleFactory(department=department)
        factories.MembershipFactory(role=role)
        letters(factories.DutyFactory(), A=org.cashier, R=role, C=department, I=org.service)


def queries(api, question):
    api.get("/api/v1/lookup/", {"q": question})  # hands the factories' writes on first
    with CaptureQueriesContext(connection) as captured:
        response = api.get("/api/v1/lookup/", {"q": question})
    assert response.status_code == 200
    return len(captured), response.json()


@pytest.mark.parametrize("question", ["Hollis Quenby", "paymnet Quenby"])
def test_a_lookup_runs_at_most_five_queries_for_10_duties_as_for_60(org, api, question):
    grow(org, 7)
    small, body = queries(api, question)
    assert body["count"] >= 1
    grow(org, 50)
    assert Duty.objects.count() == 60
    large, body = queries(api, question)
    assert body["count"] >= (58 if question == "Hollis Quenby" else 1)
    assert small <= 5, small
    assert large == small


# A new day


def test_a_post_taken_up_today_is_found_once_the_index_follows_the_new_day(org, search):
    today = timezone.localdate()
    factories.MembershipFactory(person=factories.PersonFactory(name="Ilse Varga"),
                                role=org.cashier, start_date=today)
    changes.flush()
    index_rebuild(today=today - ONE_DAY)  # the index as it stood last night
    assert search("Varga") == []
    index_day(since=today - ONE_DAY, today=today)
    assert sorted(search("Varga")) == ["answer-calls", "fix-outage", "reconcile"]


def test_a_post_left_yesterday_is_no_longer_found_once_the_index_follows_the_new_day(
        org, search):
    today = timezone.localdate()
    record_update(user=None, instance=org.hollis_cashier, data={"end_date": today})
    assert search("Quenby ledger") == ["reconcile"]
    tomorrow = today + ONE_DAY
    index_day(since=today, today=tomorrow)
    assert search("Quenby") == []


def test_a_post_starting_tomorrow_is_found_from_tomorrow(org, search):
    tomorrow = timezone.localdate() + ONE_DAY
    record_create(user=None, instance=Membership(
        person=factories.PersonFactory(name="Ilse Varga"), role=org.agent, start_date=tomorrow))
    assert search("Varga") == []
    index_day(since=tomorrow, today=tomorrow)
    assert search("Varga") == [], "a day already followed changes nothing"
    index_day(since=tomorrow - ONE_DAY, today=tomorrow)
    assert sorted(search("Varga")) == ["answer-calls", "fix-outage"]


def test_the_daily_findings_refresh_brings_the_index_to_the_new_day(org, search):
    today = timezone.localdate()
    record_create(user=None, instance=Membership(
        person=factories.PersonFactory(name="Ilse Varga"), role=org.agent,
        start_date=today + ONE_DAY))
    findings_current(today)
    assert search("Varga") == []
    findings_refresh(today + ONE_DAY)
    assert sorted(search("Varga")) == ["answer-calls", "fix-outage"]


def test_an_index_missing_rows_is_rebuilt_whole_on_the_next_day(org, search):
    DutySearch.objects.filter(duty=org.outage).delete()
    assert search("payment") == []
    index_day(since=None)
    assert search("payment") == ["fix-outage"]


# What an earlier version got wrong


def test_a_typo_finds_a_duty_written_outside_the_services_on_the_first_request(db, api):
    factories.DutyFactory(code="pay", title="Payment outage")
    body = api.get("/api/v1/lookup/", {"q": "paymnet"}).json()
    assert body["corrected"] == {"paymnet": ["payment"]}
    assert [duty["code"] for duty in body["results"]] == ["pay"]


def test_a_word_the_registry_knows_is_not_taken_for_a_typo(org, api):
    factories.DutyFactory(code="review", title="Payments review")
    body = api.get("/api/v1/lookup/", {"q": "payment"}).json()
    assert body["corrected"] == {}
    assert {duty["code"] for duty in body["results"]} == {"fix-outage", "review"}


@pytest.mark.parametrize("name", ["An Qi", "Sean O'Neil", "管虎"])
def test_a_name_holding_stop_words_or_punctuation_still_answers_what_they_own(org, api, name):
    person = factories.PersonFactory(**({"name_zh_hans": name, "name": ""}
                                        if name == "管虎" else {"name": name}))
    factories.MembershipFactory(person=person, role=org.cashier)
    answer = api.get("/api/v1/lookup/", {"q": name}).json()["answer"]
    assert answer["name"] == name
    assert answer["accountable"] == ["fix-outage"]


def test_whom_to_ask_follows_a_department_created_renamed_or_closed_after_the_duty(db, api):
    duty = record_create(user=None, instance=Duty(code="pay", title_en="Payment outage",
                                                  out_of_scope_en="Refunds: ask Customer care"))

    def asks():
        return result(api, "refunds", "pay")["asks"]

    assert asks() == []
    care = record_create(user=None, instance=factories.DepartmentFactory.build(
        code="care", name="Customer care"))
    assert asks() == [{"party": "department:care", "name": "Customer care"}]
    record_update(user=None, instance=care, data={"is_active": False})
    assert asks() == []
    record_update(user=None, instance=duty, data={"out_of_scope_en": "Refunds: ask Care"})
    record_update(user=None, instance=care, data={"is_active": True, "name_en": "Care"})
    assert asks() == [{"party": "department:care", "name": "Care"}]


def test_making_the_search_storage_again_after_a_migrate_changes_nothing(org, search):
    index_storage()
    index_storage()
    assert sorted(search("Quenby")) == ["answer-calls", "fix-outage", "reconcile"]
    assert search("支付") == [] and search("payment") == ["fix-outage"]
