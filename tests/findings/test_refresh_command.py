"""`refresh_findings`: the scheduled recomputation of the stored findings."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from findings.models import FindingsState, StoredFinding
from tests import factories

pytestmark = pytest.mark.django_db


def test_refresh_stores_the_findings_for_the_day_given_and_is_idempotent():
    factories.DutyFactory(code="orphan", review_by="2026-01-01")
    out = StringIO()
    call_command("refresh_findings", "--date", "2026-06-01", stdout=out)
    assert "3 opened, 0 resolved" in out.getvalue()
    assert set(StoredFinding.objects.values_list("rule", flat=True)) == {
        "no-accountable", "no-responsible", "review-overdue"}
    assert str(FindingsState.objects.get().as_of) == "2026-06-01"
    out = StringIO()
    call_command("refresh_findings", "--date", "2026-06-01", stdout=out)
    assert "0 opened, 0 resolved" in out.getvalue()
    call_command("refresh_findings", "--date", "2025-12-01", stdout=StringIO())
    assert not StoredFinding.objects.filter(rule="review-overdue", resolved_at=None).exists()


def test_a_date_that_is_not_one_is_refused():
    with pytest.raises(CommandError, match="is not a date like"):
        call_command("refresh_findings", "--date", "tomorrow")
    assert not FindingsState.objects.exists()
