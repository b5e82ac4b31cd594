"""Waivers: a waived finding is counted apart everywhere until its waiver ends or its parties
change; who may waive and withdraw; the pages, the API and raci_check."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from findings.models import Waiver
from findings.selectors import findings_list, findings_summary_load, findings_waived
from findings.store import finding_key
from findings.waivers import (
    expiry_errors,
    waiver_create,
    waiver_update,
    waiver_withdraw,
    waivers_active,
)
from responsibilities.models import Raci
from tests import factories
from tests.findings.commands import raci_check

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def shared_finding(duty_code="own-duty"):
    """The open shared-responsible finding on `duty_code`."""
    return next(finding for finding in findings_list(duty=duty_code)
                if finding.rule == "shared-responsible")


@pytest.fixture
def shared(page_world):
    """far-dept is Responsible for own-duty too: one shared-responsible finding (a warning)."""
    factories.AssignmentFactory(duty=page_world.own_duty, department=page_world.far_department,
                                raci=Raci.RESPONSIBLE)
    return page_world


def waive(user, *, days=30, reason="Both teams answer on purpose.", duty="own-duty"):
    finding = shared_finding(duty)
    return waiver_create(user=user, key=finding_key(finding.finding), reason=reason,
                         expires=TODAY() + timedelta(days=days))


def test_expiry_must_be_after_today_and_within_the_maximum(settings):
    settings.RACI_WAIVER_MAX_DAYS = 10
    today = TODAY()
    assert expiry_errors(today + timedelta(days=1), today) == []
    assert expiry_errors(today + timedelta(days=10), today) == []
    assert expiry_errors(today, today) == ["The waiver must end after today."]
    assert "at most 10 days" in expiry_errors(today + timedelta(days=11), today)[0]
    assert expiry_errors(None, today) == ["Give the date the waiver ends."]


def test_a_waived_finding_leaves_the_counts_and_lists_and_is_listed_as_waived(shared, editor):
    before = findings_summary_load()
    waiver = waive(editor)
    summary = findings_summary_load()
    assert summary["total"] == before["total"] - 1 and summary["waived"] == 1
    assert summary["by_rule"]["shared-responsible"] == before["by_rule"]["shared-responsible"] - 1
    assert all(f.rule != "shared-responsible" for f in findings_list(duty="own-duty"))
    waived, total = findings_waived(limit=10)
    assert total == 1 and waived[0].waiver == waiver
    assert waived[0].shown.rule == "shared-responsible"
    assert waiver.history.get().history_user == editor


def test_a_change_of_parties_revives_the_finding(shared, editor, page_world):
    waive(editor)
    assert findings_summary_load()["waived"] == 1
    # a third department Responsible: the finding names other parties, so it is another one
    factories.AssignmentFactory(duty=page_world.own_duty,
                                department=factories.DepartmentFactory(code="third"),
                                raci=Raci.RESPONSIBLE)
    assert findings_summary_load()["waived"] == 0
    assert any(f.rule == "shared-responsible" for f in findings_list(duty="own-duty"))


def test_expiry_revives_the_finding(shared, editor):
    waive(editor, days=5)
    later = TODAY() + timedelta(days=5)
    assert any(f.rule == "shared-responsible" for f in findings_list(duty="own-duty",
                                                                      today=later))
    assert findings_summary_load(today=later)["waived"] == 0
    assert findings_summary_load(today=later - timedelta(days=1))["waived"] == 1
    assert not waivers_active(later).exists()


def test_waiving_needs_the_right_to_edit_the_duty(shared, viewer, outsider, process_editor):
    for user in (viewer, outsider):
        with pytest.raises(PermissionDenied):
            waive(user)
    assert not Waiver.objects.exists()
    assert waive(process_editor).author == process_editor  # own-duty is in their process


def test_bad_input_is_refused_and_nothing_is_written(shared, editor):
    key = finding_key(shared_finding().finding)
    with pytest.raises(ValidationError) as error:
        waiver_create(user=editor, key=key, reason="  ", expires=TODAY())
    assert set(error.value.message_dict) == {"reason", "expires"}
    with pytest.raises(ValidationError) as error:
        waiver_create(user=editor, key="0" * 32, reason="x", expires=TODAY() + timedelta(1))
    assert "key" in error.value.message_dict
    waive(editor)
    with pytest.raises(ValidationError, match="waived already"):
        waiver_create(user=editor, key=key, reason="x", expires=TODAY() + timedelta(1))
    assert Waiver.objects.count() == 1


def test_withdrawing_needs_the_author_or_the_right_to_edit_the_duty(
        shared, process_editor, editor, outsider):
    waiver = waive(process_editor)
    with pytest.raises(PermissionDenied):
        waiver_withdraw(user=outsider, waiver=waiver)
    with pytest.raises(PermissionDenied):
        waiver_update(user=outsider, waiver=waiver, reason="mine now")
    waiver_update(user=process_editor, waiver=waiver, reason="Still on purpose.")
    waiver_withdraw(user=editor, waiver=waiver)
    assert not Waiver.objects.exists()
    assert findings_summary_load()["waived"] == 0


def test_raci_check_passes_when_only_waived_findings_are_left(shared, editor):
    only = ("--rule", "shared-responsible", "--fail-on", "warning")
    code, _out = raci_check(*only)
    assert code == 1
    waive(editor)
    code, out = raci_check(*only)
    assert code == 0 and "No findings." in out and "1 waived finding not counted" in out
    code, out = raci_check(*only, "--include-waived")
    assert code == 1 and "1 waived finding included above" in out


def test_an_ended_waiver_cannot_be_revived_by_a_new_expiry(shared, editor):
    waiver = waive(editor, days=5)
    later = TODAY() + timedelta(days=5)
    with pytest.raises(ValidationError) as refused:
        waiver_update(user=editor, waiver=waiver, expires=later + timedelta(days=30), today=later)
    assert "waive the finding again" in str(refused.value)
    waiver.refresh_from_db()
    assert waiver.expires == later
