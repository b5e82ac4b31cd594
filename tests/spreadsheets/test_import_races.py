"""An import and a cell edit at the same time: the last acknowledged write is what stays
(PostgreSQL: SQLite lets one transaction write at a time)."""

import threading
from base64 import b64encode

import pytest
from django.db import connection
from django.urls import reverse

from responsibilities.models import Assignment
from responsibilities.services.cells import CellChange, cells_set
from spreadsheets import services as import_services
from spreadsheets.services import matrix_import
from tests import factories

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="only PostgreSQL runs two writing transactions at once"),
    pytest.mark.django_db(transaction=True),
]

SHEET = b"duty,title,department:tech\npay-fix,,ARC\n"


@pytest.fixture
def cell_ar():
    tech = factories.DepartmentFactory(code="tech")
    duty = factories.DutyFactory(code="pay-fix")
    for letter in "AR":
        Assignment.objects.create(duty=duty, department=tech, raci=letter)


def letters():
    return "".join(sorted(Assignment.objects.filter(duty__code="pay-fix")
                          .values_list("raci", flat=True)))


@pytest.fixture
def editor_clears_the_cell_mid_import(monkeypatch):
    """The editor's write commits after the import has read the matrix, before it locks."""
    lock = import_services.cells_lock

    def clear_then_lock(cells):
        def clear():
            try:
                cells_set(changes=[CellChange("pay-fix", "department:tech", "", expect="AR")],
                          user=None)
            finally:
                connection.close()

        editor = threading.Thread(target=clear)
        editor.start()
        editor.join(10)
        lock(cells)

    monkeypatch.setattr(import_services, "cells_lock", clear_then_lock)


def test_an_edit_during_an_import_stops_the_import_and_stays(cell_ar,
                                                              editor_clears_the_cell_mid_import):
    result = matrix_import(content=SHEET, filename="m.csv")
    assert result.applied is False
    assert "changed to “-” while the file was being imported" in result.plan.problems[0]["message"]
    assert letters() == ""


def test_the_import_page_shows_the_clash_instead_of_an_error(cell_ar, superuser, client,
                                                              editor_clears_the_cell_mid_import):
    client.force_login(superuser)
    response = client.post(reverse("spreadsheets:matrix_import"),
                           {"content": b64encode(SHEET).decode(),
                            "filename": "m.csv", "action": "import"})
    assert response.status_code == 200
    assert "while the file was being imported" in response.content.decode()
    assert letters() == ""
