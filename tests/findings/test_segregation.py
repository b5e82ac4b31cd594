"""Segregation of duties through the database: the finding appears when one person takes both
posts of a control, or both duties of a pair, and clears through the ordinary writes; the API
and the pages name the person."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import strip_tags
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from departments.models import Membership, Person, Role
from findings.engine import analyse
from findings.loading import findings_data_load
from findings.models import FindingsState, StoredFinding
from findings.naming import names_load
from findings.selectors import findings_list
from findings.store import finding_key, findings_current, findings_refresh
from registry.services import record_create, record_delete, record_update
from responsibilities.models import Duty
from responsibilities.services.cells import CellChange, cells_set
from tests import factories
from tests.findings.test_store import OPERATIONS, _update, build, pick, stored

pytestmark = pytest.mark.django_db

SOD = "segregation-of-duties"
CONTROL_MESSAGE = ("Give the Accountable and the Responsible of the control “Pay a supplier” to"
                   " different people: Alice Wong holds both, as Payment approver, Payment clerk.")


@pytest.fixture
def payments():
    """Finance: Alice is the payment approver (A on the control `pay`), Bob the payment clerk
    (R on it and on `approve`); the findings are stored."""
    finance = factories.DepartmentFactory(code="finance", name="Finance")
    approver = factories.RoleFactory(code="approver", name="Payment approver", department=finance)
    clerk = factories.RoleFactory(code="clerk", name="Payment clerk", department=finance)
    alice = factories.PersonFactory(name="Alice Wong", name_zh_hans="王爱丽")
    bob = factories.PersonFactory(name="Bob Li")
    factories.MembershipFactory(person=alice, role=approver)
    factories.MembershipFactory(person=bob, role=clerk)
    factories.DutyFactory(code="pay", title="Pay a supplier", is_control=True)
    factories.DutyFactory(code="approve", title="Approve a payment")
    cells_set(changes=[CellChange("pay", "role:approver", "A"),
                       CellChange("pay", "role:clerk", "R"),
                       CellChange("approve", "role:approver", "AR")], user=None)
    findings_current()
    return SimpleNamespace(approver=approver, clerk=clerk, alice=alice, bob=bob)


def sod_findings():
    return [(f.duty, f.parties, dict(f.details).get("person"), f.message)
            for f in findings_list(rule=SOD)]


def appoint(person, role):
    return record_create(user=None, instance=Membership(
        person=person, role=role, start_date=timezone.localdate() - timedelta(days=30)))


def test_one_person_taking_both_posts_of_a_control_is_found_and_ending_it_clears_it(payments):
    assert sod_findings() == []
    membership = appoint(payments.alice, payments.clerk)
    assert sod_findings() == [
        ("pay", ("role:approver", "role:clerk"), payments.alice.pk, CONTROL_MESSAGE)]
    record_update(user=None, instance=membership,
                  data={"end_date": timezone.localdate() - timedelta(days=1)})
    assert sod_findings() == []


def test_the_finding_clears_when_the_person_leaves_or_the_duty_is_no_control(payments):
    membership = appoint(payments.alice, payments.clerk)
    record_update(user=None, instance=payments.alice, data={"is_active": False})
    assert sod_findings() == []
    record_update(user=None, instance=payments.alice, data={"is_active": True})
    assert len(sod_findings()) == 1
    record_update(user=None, instance=Duty.objects.get(code="pay"), data={"is_control": False})
    assert sod_findings() == []
    record_update(user=None, instance=Duty.objects.get(code="pay"), data={"is_control": True})
    assert len(sod_findings()) == 1
    record_delete(user=None, instance=membership)
    assert sod_findings() == []


def test_a_letter_change_on_a_control_finds_and_clears_the_party_holding_A_and_R(payments):
    cells_set(changes=[CellChange("pay", "role:clerk", "AR"),
                       CellChange("pay", "role:approver", "")], user=None)
    [(duty, parties, person, message)] = sod_findings()
    assert (duty, parties, person) == ("pay", ("role:clerk",), None)
    assert message == ("Give the Accountable and the Responsible of the control “Pay a supplier”"
                       " to different parties: Payment clerk holds both.")
    cells_set(changes=[CellChange("pay", "role:clerk", "R"),
                       CellChange("pay", "role:approver", "A")], user=None)
    assert sod_findings() == []


@pytest.fixture
def pair(payments, settings):
    """RACI_SOD_PAIRS keeps approving and paying apart; the stored findings follow it."""
    settings.RACI_SOD_PAIRS = (("approve", "pay"),)
    findings_refresh()
    return payments


def test_one_person_responsible_for_both_duties_of_a_pair_is_found_on_the_first(pair):
    assert sod_findings() == []
    membership = appoint(pair.alice, pair.clerk)  # Alice: R on approve (approver), on pay (clerk)
    pair_finding = ("approve", ("role:approver", "role:clerk"), pair.alice.pk,
                    "Give “Approve a payment” and “Pay a supplier” to different people: Alice"
                    " Wong is Responsible for both, as Payment approver, Payment clerk.")
    assert pair_finding in sod_findings()
    # ending the post that makes her R on the second duty clears the finding on the first
    record_update(user=None, instance=membership,
                  data={"end_date": timezone.localdate() - timedelta(days=1)})
    assert sod_findings() == []


def test_the_stored_findings_follow_a_new_pair_on_the_next_read(payments, settings):
    appoint(payments.alice, payments.clerk)
    assert [duty for duty, *_rest in sod_findings()] == ["pay"]
    settings.RACI_SOD_PAIRS = (("approve", "pay"),)
    assert [duty for duty, *_rest in sod_findings()] == ["approve", "pay"]
    settings.RACI_SOD_PAIRS = ()
    assert [duty for duty, *_rest in sod_findings()] == ["pay"]


def test_a_letter_on_the_second_duty_of_a_pair_finds_and_clears_the_pair(pair):
    cells_set(changes=[CellChange("pay", "role:approver", "AR"),
                       CellChange("pay", "role:clerk", "")], user=None)
    assert [(duty, person) for duty, _parties, person, _message in sod_findings()] == [
        ("approve", pair.alice.pk), ("pay", None)]
    renamed = Duty.objects.get(code="pay")
    record_update(user=None, instance=renamed, data={"code": "pay-out"})
    assert [(duty, person) for duty, _parties, person, _message in sod_findings()] == [
        ("pay-out", None)], "a duty renamed out of the pair takes its pair finding along"


def test_two_people_holding_both_posts_are_two_findings_read_with_their_names_in_one_query(
        payments, django_assert_num_queries):
    appoint(payments.alice, payments.clerk)
    appoint(payments.bob, payments.approver)
    found = list(findings_list(rule=SOD))
    assert {dict(f.details)["person"] for f in found} == {payments.alice.pk, payments.bob.pk}
    with django_assert_num_queries(1):
        names = names_load([f.finding for f in found])
    assert names.name("person", str(payments.bob.pk)) == "Bob Li"


def test_the_api_and_the_duty_page_name_the_person_in_the_readers_language(
        payments, api_client_as, client_as):
    appoint(payments.alice, payments.clerk)
    results = api_client_as("viewer").get(f"/api/v1/findings/?rule={SOD}").json()["results"]
    assert [(r["duty"], r["parties"], r["severity"], r["message"]) for r in results] == [
        ("pay", ["role:approver", "role:clerk"], "error", CONTROL_MESSAGE)]
    chinese = api_client_as("viewer").get(f"/api/v1/findings/?rule={SOD}",
                                          HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert "王爱丽" in chinese["results"][0]["message"]
    translation.activate("en")
    html = client_as("editor").get("/duties/pay/").content.decode()
    assert CONTROL_MESSAGE in " ".join(strip_tags(html).split())
    assert "/matrix/?duty=pay&amp;focus=role%3Aclerk" in html, "the fix opens the R party's cell"


# After any writes, the stored findings equal a full analysis with controls and pairs too.
PAIRS = (("p0s0", "p1s2"), ("x0", "p0s1"), ("p1s0", "x1"))


def toggle_control(i, j, k):
    duty = pick(Duty, i)
    if duty is not None:
        _update(duty, is_control=not duty.is_control)


def second_post(i, j, k):
    """Someone already holding a post takes another: the way one person comes to hold both."""
    record_create(user=None, instance=Membership(
        person=pick(Person, i), role=pick(Role, j),
        start_date=timezone.localdate() - timedelta(days=k)))


def expected_with_pairs():
    state = FindingsState.objects.get()
    found = analyse(findings_data_load(), today=state.as_of, sod_pairs=PAIRS,
                    max_accountable=state.max_accountable, max_consulted=state.max_consulted)
    return {(finding_key(f), tuple(sorted(dict(f.details).items()))) for f in found}


sod_operations = st.lists(
    st.tuples(st.sampled_from([*OPERATIONS, toggle_control, second_post, second_post]),
              st.integers(0, 7), st.integers(0, 7), st.integers(0, 8)),
    max_size=12,
)


@hypothesis_settings(max_examples=60, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])
@given(steps=sod_operations)
def test_after_every_write_stored_controls_and_pairs_equal_a_full_analysis(steps, settings):
    settings.RACI_SOD_PAIRS = PAIRS
    with transaction.atomic():
        build()
        Duty.objects.filter(code__in=["p0s0", "p1s2", "x0", "x1"]).update(is_control=True)
        for d in range(3):  # the staffed post's holder also holds the department's vacant one
            Membership.objects.create(person=Membership.objects.get(role__code=f"r{d}").person,
                                      role=Role.objects.get(code=f"v{(d + 1) % 3}"))
        findings_current()
        assert any(rule == SOD for rule in StoredFinding.objects.values_list("rule", flat=True))
        for operation, i, j, k in steps:
            try:
                with transaction.atomic():
                    operation(i, j, k)
            except ValidationError:
                continue
            assert stored() == expected_with_pairs(), operation.__name__
        transaction.set_rollback(True)
