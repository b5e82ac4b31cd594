"""matrix/cells/: a batch of cells set all or nothing, with what it did to the findings."""

import threading
import time

import pytest
from django.db import connection

from responsibilities.models import Assignment, Raci
from responsibilities.services import cells as cells_module
from responsibilities.services.cells import CellChange, CellConflict, cells_set
from tests.api_world import HistoryWatch
from tests.snapshots import matrix_cells as cells

pytestmark = pytest.mark.django_db
URL = "/api/v1/matrix/cells/"


def post(client, *items):
    return client.post(URL, {"cells": list(items)}, format="json")


def test_a_batch_sets_each_cell_to_exactly_its_letters(world, api_client_as):
    response = post(api_client_as("process_editor"),
                    {"duty": "own-duty", "party": "department:own-dept", "raci": "AR"},
                    {"duty": "own-duty", "party": "role:own-role", "raci": "c"})
    assert response.status_code == 200
    assert response.json()["cells"] == [
        {"duty": "own-duty", "party": "department:own-dept", "raci": "AR"},
        {"duty": "own-duty", "party": "role:own-role", "raci": "C"},
    ]
    assert cells()[("own-duty", "department:own-dept")] == "AR"
    assert cells()[("own-duty", "role:own-role")] == "C"


def test_an_empty_string_clears_a_cell(world, api_client_as):
    response = post(api_client_as("editor"),
                    {"duty": "own-duty", "party": "department:own-dept", "raci": ""})
    assert response.status_code == 200
    assert ("own-duty", "department:own-dept") not in cells()


def test_each_letter_written_leaves_one_history_row_naming_the_user(world, api_client_as,
                                                                   process_editor):
    watch = HistoryWatch()
    post(api_client_as("process_editor"),
         {"duty": "own-duty", "party": "department:own-dept", "raci": "AC"})
    rows = watch.rows()
    assert sorted((row.history_type, row.raci) for row in rows) == [
        ("+", "A"), ("+", "C"), ("-", "R")]
    assert {row.history_user for row in rows} == {process_editor}
    assert {row.history_change_reason for row in rows} == {"matrix cell"}


def test_the_answer_names_the_findings_the_batch_resolved_and_introduced(world, api_client_as):
    client = api_client_as("editor")
    fixed = post(client, {"duty": "own-duty", "party": "department:own-dept", "raci": "AR"})
    assert [f["rule"] for f in fixed.json()["resolved"]] == ["no-accountable"]
    assert fixed.json()["introduced"] == []
    broken = post(client, {"duty": "own-duty", "party": "department:own-dept", "raci": "R"})
    introduced = broken.json()["introduced"]
    assert [(f["rule"], f["duty"]) for f in introduced] == [("no-accountable", "own-duty")]
    assert introduced[0]["message"]


def test_a_bad_item_is_a_400_naming_it_and_nothing_changes(world, api_client_as):
    before = cells()
    response = post(api_client_as("editor"),
                    {"duty": "own-duty", "party": "department:own-dept", "raci": "AR"},
                    {"duty": "nowhere", "party": "role:own-role", "raci": "R"},
                    {"duty": "own-duty", "party": "team:own", "raci": "R"},
                    {"duty": "own-duty", "party": "role:nobody", "raci": "R"},
                    {"duty": "far-duty", "party": "role:far-role", "raci": "X"})
    assert response.status_code == 400
    messages = response.json()["cells"]
    assert [message.split(":")[0] for message in messages] == [
        "cells[1].duty", "cells[2].party", "cells[3].party", "cells[4].raci"]
    assert "“nowhere”" in messages[0] and "“X”" in messages[3]
    assert cells() == before


@pytest.mark.parametrize("payload", [
    {"cells": []},
    {"cells": [{"duty": "own-duty", "raci": "R"}]},
    {"cells": "own-duty"},
    {},
])
def test_a_malformed_batch_is_a_400(world, api_client_as, payload):
    response = api_client_as("editor").post(URL, payload, format="json")
    assert response.status_code == 400
    assert "cells" in response.json()


def test_the_same_cell_twice_in_one_batch_is_refused(world, api_client_as):
    response = post(api_client_as("editor"),
                    {"duty": "own-duty", "party": "role:own-role", "raci": "A"},
                    {"duty": "own-duty", "party": "role:own-role", "raci": "C"})
    assert response.status_code == 400
    assert "same cell as cells[0]" in response.json()["cells"][0]


def test_a_stale_expect_is_a_409_naming_the_cell_and_nothing_changes(world, api_client_as):
    before = cells()
    response = post(api_client_as("editor"),
                    {"duty": "own-duty", "party": "role:own-role", "raci": "A", "expect": ""},
                    {"duty": "own-duty", "party": "department:own-dept", "raci": "A",
                     "expect": ""})
    assert response.status_code == 409
    assert response.json()["cells"] == [{"index": 1, "duty": "own-duty",
                                         "party": "department:own-dept", "expect": "",
                                         "actual": "R"}]
    assert cells() == before


def test_a_matching_expect_lets_the_batch_through(world, api_client_as):
    response = post(api_client_as("editor"), {"duty": "own-duty", "party": "department:own-dept",
                                          "raci": "A/R", "expect": "r"})
    assert response.status_code == 200
    assert cells()[("own-duty", "department:own-dept")] == "AR"


def test_a_batch_touching_a_duty_the_user_may_not_edit_is_a_403_and_changes_nothing(
    world, api_client_as
):
    before = cells()
    response = post(api_client_as("process_editor"),
                    {"duty": "own-duty", "party": "department:own-dept", "raci": "AR"},
                    {"duty": "far-duty", "party": "role:far-role", "raci": ""})
    assert response.status_code == 403
    assert "far-duty" in response.json()["detail"]
    assert cells() == before


def test_the_service_without_a_user_is_trusted_and_records_no_user(world):
    watch = HistoryWatch()
    outcome = cells_set(changes=[CellChange("far-duty", "role:far-role", "AR")], user=None,
                        reason="import")
    assert outcome == [{"duty": "far-duty", "party": "role:far-role", "raci": "AR"}]
    assert [(row.history_user, row.history_change_reason) for row in watch.rows()] == [
        (None, "import")]


def test_the_service_reports_every_stale_cell_with_its_index(world):
    with pytest.raises(CellConflict) as raised:
        cells_set(changes=[CellChange("far-duty", "role:far-role", "", expect="R"),
                           CellChange("own-duty", "department:own-dept", "", expect="R")],
                  user=None)
    assert [cell["index"] for cell in raised.value.cells] == [0]


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="select_for_update only locks rows on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_batches_on_one_cell_cannot_both_win(world, monkeypatch):
    original = cells_module.cells_current

    def slow_current(cells):
        time.sleep(0.3)  # hold the lock long enough for the other batch to queue behind it
        return original(cells)

    monkeypatch.setattr(cells_module, "cells_current", slow_current)
    outcomes = []

    def attempt(letters):
        try:
            cells_set(changes=[CellChange("far-duty", "department:far-dept", letters,
                                          expect="")], user=None)
            outcomes.append("set")
        except CellConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(letters,)) for letters in ("C", "I")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "set"]
    assert cells()[("far-duty", "department:far-dept")] in ("C", "I")
    assert Assignment.objects.filter(duty__code="far-duty", department__code="far-dept",
                                     raci__in=[Raci.CONSULTED, Raci.INFORMED]).count() == 1
