"""matrix/: the table of duties × parties as JSON, and the same table as CSV."""

import pytest

from responsibilities.models import Raci
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def test_matrix_is_the_read_model_as_json(world, api_client_as):
    body = api_client_as("viewer").get("/api/v1/matrix/").json()
    assert body["axis"] == "department"
    assert {"code": "own-duty", "title": "Own duty", "process": "own-process",
            "process_name": "Own process", "step": world.own_duty.step} in body["duties"]
    assert {"key": "department:own-dept", "kind": "department", "code": "own-dept",
            "name": "Own department", "department": "own-dept"} in body["parties"]
    # far-role's letter counts for its department on the department axis
    assert body["cells"]["own-duty"] == {"department:own-dept": "R"}
    assert body["cells"]["far-duty"] == {"department:far-dept": "A"}


def test_matrix_folds_roles_into_departments_unless_axis_is_role(world, api_client_as):
    AssignmentFactory(duty=world.own_duty, role=world.own_role, raci=Raci.ACCOUNTABLE)
    client = api_client_as("viewer")
    by_department = client.get("/api/v1/matrix/?process=own-process").json()
    by_role = client.get("/api/v1/matrix/?process=own-process&axis=role").json()
    assert by_department["cells"] == {"own-duty": {"department:own-dept": "AR"}}
    assert by_role["cells"] == {"own-duty": {"department:own-dept": "R", "role:own-role": "A"}}
    assert [party["key"] for party in by_role["parties"]] == ["department:own-dept",
                                                              "role:own-role"]


def test_matrix_keeps_the_duties_a_department_holds_letters_on(world, api_client_as):
    body = api_client_as("viewer").get("/api/v1/matrix/?department=far-dept").json()
    assert [duty["code"] for duty in body["duties"]] == ["far-duty"]


@pytest.mark.parametrize(("query", "field"), [
    ("axis=diagonal", "axis"), ("process=nowhere", "process"),
    ("department=nowhere", "department"), ("format=pdf", "format"),
])
def test_matrix_refuses_a_bad_filter_with_a_message(world, api_client_as, query, field):
    response = api_client_as("viewer").get(f"/api/v1/matrix/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_matrix_exports_the_same_table_as_csv(world, api_client_as):
    response = api_client_as("viewer").get("/api/v1/matrix/?process=own-process&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="matrix-own-process.csv"' in response["Content-Disposition"]
    assert response.streaming  # sent in pieces as they are written, not built whole first
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines == ["duty,title,process,step,department:own-dept",
                     "own-duty,Own duty,own-process,1,R"]


def test_a_bad_filter_on_the_csv_export_answers_in_json(world, api_client_as):
    response = api_client_as("viewer").get("/api/v1/matrix/?format=csv&process=nowhere")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_an_export_holds_each_party_as_assigned_unless_the_summary_is_asked_for(
        world, api_client_as):
    client = api_client_as("viewer")

    def lines(query):
        response = client.get(f"/api/v1/matrix/?format=csv&process=far-process{query}")
        return b"".join(response.streaming_content).decode("utf-8-sig").splitlines()

    row = f"far-duty,{world.far_duty.title},far-process,1,A"
    assert lines("") == lines("&axis=role") == ["duty,title,process,step,role:far-role", row]
    summary = lines("&axis=department")
    assert summary[0].startswith('summary:department,"A summary by department')
    assert summary[1:] == ["duty,title,process,step,department:far-dept", row]
    # JSON stays the department summary unless the role axis is asked for
    assert client.get("/api/v1/matrix/").json()["axis"] == "department"
