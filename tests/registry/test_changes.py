"""What a write hands on to derived data: only what it committed."""

import pytest

from departments.models import Department
from registry import changes
from registry.changes import write_transaction
from registry.services import record_create

pytestmark = pytest.mark.django_db


def test_a_block_rolled_back_inside_a_write_hands_nothing_of_itself_on():
    received = []

    def receiver(sender, rows, **kwargs):
        received.extend(row.code for row in rows)

    changes.written.connect(receiver)
    try:
        with write_transaction():
            try:
                with write_transaction():
                    record_create(user=None, instance=Department(code="ghost", name="Ghost"))
                    raise RuntimeError("undone")
            except RuntimeError:
                pass
            record_create(user=None, instance=Department(code="real", name="Real"))
    finally:
        changes.written.disconnect(receiver)
    assert received == ["real"]
    assert list(Department.objects.values_list("code", flat=True)) == ["real"]
