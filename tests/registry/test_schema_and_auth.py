"""The OpenAPI document, the offline Swagger UI, token logins and public reading."""

import gzip
import io
import json

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from drf_spectacular.validation import validate_schema
from jsonschema import Draft7Validator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from responsibilities.models import Raci
from tests.factories import AssignmentFactory, DepartmentFactory, DutyFactory

pytestmark = pytest.mark.django_db


def test_schema_is_a_valid_openapi_3_document_covering_every_endpoint(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    validate_schema(document)
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/matrix/cells/", "/api/v1/lookup/", "/api/v1/duties/{code}/",
            "/api/v1/findings/summary/", "/api/v1/people/{id}/"} <= set(document["paths"])


def test_schema_generates_without_a_single_warning():
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO())


def test_schema_declares_the_matrix_exports_and_the_errors_of_the_cells_batch(client):
    document = yaml.safe_load(client.get("/api/v1/schema/").content)
    cells = document["paths"]["/api/v1/matrix/cells/"]["post"]
    assert set(cells["responses"]) >= {"200", "400", "403", "409"}
    matrix = document["paths"]["/api/v1/matrix/"]["get"]["responses"]["200"]["content"]
    assert set(matrix) == {
        "application/json", "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    duty = document["components"]["schemas"]["Duty"]["properties"]
    assert duty["assignments"]["items"]["$ref"].endswith("/DutyLetter")


def json_schema(node, document):
    """An OpenAPI 3.0 schema as JSON Schema: `$ref`s resolved, `nullable` as a null
    alternative, and an object listing its properties closed to any other field."""
    if isinstance(node, list):
        return [json_schema(item, document) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return json_schema(target, document)
    converted = {key: json_schema(value, document) for key, value in node.items()
                 if key != "nullable"}
    if "properties" in node:
        converted.setdefault("additionalProperties", False)
    return {"anyOf": [converted, {"type": "null"}]} if node.get("nullable") else converted


def document_errors(document, method, path, response):
    """Where `response` (to `method` on the documented `path`) differs from what the OpenAPI
    `document` declares for its status: [] when it matches."""
    operation = document["paths"][path][method]
    schema = json_schema(operation["responses"][str(response.status_code)]["content"][
        "application/json"]["schema"], document)
    return [f"{list(error.absolute_path)}: {error.message}"
            for error in Draft7Validator(schema).iter_errors(response.json())]


@pytest.fixture(scope="module")
def served_document(django_db_setup, django_db_blocker):
    """The OpenAPI document as /api/v1/schema/ serves it, fetched once for the module."""
    with django_db_blocker.unblock():
        return yaml.safe_load(Client().get("/api/v1/schema/").content)


@pytest.fixture
def busy_world(world, api_client_as):
    """The world after some traffic: two departments Responsible for one duty, a letter set
    over the API by the editor; returns the moment the traffic began."""
    start = timezone.now()
    shared = DutyFactory(code="shared-duty", process=world.own_process)
    for department in (world.own_department, world.far_department):
        AssignmentFactory(duty=shared, department=department, raci=Raci.RESPONSIBLE)
    api_client_as("editor").post("/api/v1/matrix/cells/", {"cells": [
        {"duty": "far-duty", "party": "role:far-role", "raci": "AR"}]}, format="json")
    return start


def cells(*items):
    return {"cells": [{"duty": "own-duty", "party": "department:own-dept", **item}
                      for item in items]}


def dry_run():
    return {"file": SimpleUploadedFile("matrix.csv", b"duty,title,own-dept\nown-duty,,AR\n"),
            "dry_run": True}


# (request: (api_client_as, start) -> response, status, top-level lists that must not be empty)
ENDPOINTS = {
    "matrix": (lambda api, start: api("viewer").get("/api/v1/matrix/"), 200,
               ["duties", "parties"]),
    "cells": (lambda api, start: api("editor").post(
        "/api/v1/matrix/cells/", cells({"raci": "A"}), format="json"), 200,
        ["cells", "introduced", "resolved"]),
    "cells-conflict": (lambda api, start: api("editor").post(
        "/api/v1/matrix/cells/", cells({"raci": "A", "expect": "C"}), format="json"), 409,
        ["cells"]),
    "cells-refused": (lambda api, start: api("viewer").post(
        "/api/v1/matrix/cells/", cells({"raci": "A"}), format="json"), 403, []),
    "findings": (lambda api, start: api("viewer").get("/api/v1/findings/"), 200, ["results"]),
    "findings-summary": (lambda api, start: api("viewer").get("/api/v1/findings/summary/"),
                         200, ["overlapping_pairs"]),
    "lookup": (lambda api, start: api("viewer").get("/api/v1/lookup/", {"q": "duty"}), 200,
               ["results"]),
    "lookup-invalid": (lambda api, start: api("viewer").get("/api/v1/lookup/"), 400, []),
    "history": (lambda api, start: api("viewer").get("/api/v1/history/", {"limit": 3}), 200,
                ["results"]),
    "matrix-diff": (lambda api, start: api("viewer").get(
        "/api/v1/matrix/diff/", {"from": start.isoformat()}), 200, ["changes"]),
    "matrix-import-dry-run": (lambda api, start: api("editor").post(
        "/api/v1/matrix/import/", dry_run(), format="multipart"), 200, ["changes"]),
}

@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_custom_endpoint_answers_in_the_shape_its_document_declares(
        served_document, busy_world, api_client_as, endpoint):
    send, status, filled = ENDPOINTS[endpoint]
    response = send(api_client_as, busy_world)
    assert response.status_code == status, response.content
    body = response.json()
    assert [name for name in filled if not body[name]] == []
    document = served_document
    operation = document["paths"][response.request["PATH_INFO"]][
        response.request["REQUEST_METHOD"].lower()]
    media = response["Content-Type"].split(";")[0]
    schema = json_schema(operation["responses"][str(status)]["content"][media]["schema"],
                         document)
    if schema["additionalProperties"] is False:  # else the schema describes any other field
        assert sorted(set(body) - set(schema.get("properties", {}))) == []
    errors = Draft7Validator(schema).iter_errors(body)
    assert [f"{list(error.absolute_path)}: {error.message}" for error in errors] == []


def test_docs_serve_swagger_ui_from_our_own_static_files(client):
    response = client.get("/api/v1/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()


def test_a_token_logs_in_an_api_client(world, viewer):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=viewer).key}")
    assert client.get("/api/v1/duties/own-duty/").status_code == 200


def test_a_wrong_token_is_a_401(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-key")
    assert client.get("/api/v1/duties/").status_code == 401


def test_anonymous_reads_are_a_401_asking_for_a_token(world):
    response = APIClient().get("/api/v1/duties/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_browser_session_logs_in_too(world, client, viewer):
    client.force_login(viewer)
    assert client.get("/api/v1/matrix/").status_code == 200


def test_public_read_lets_anonymous_visitors_read_but_not_write(world, settings):
    settings.REGISTRY_PUBLIC_READ = True
    client = APIClient()
    assert client.get("/api/v1/lookup/?q=own").status_code == 200
    assert client.get("/api/v1/matrix/").status_code == 200
    response = client.patch("/api/v1/duties/own-duty/", {"title": "Defaced"}, format="json")
    assert response.status_code == 401
    world.own_duty.refresh_from_db()
    assert world.own_duty.title == "Own duty"


def test_api_answers_are_gzipped_for_clients_that_ask_and_pages_are_not(client, viewer):
    DepartmentFactory.create_batch(5)  # gzip leaves out bodies under 200 bytes
    client.force_login(viewer)
    api = client.get("/api/v1/departments/", HTTP_ACCEPT_ENCODING="gzip")
    assert api["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(api.content))["count"] == 5
    page = client.get("/departments/", HTTP_ACCEPT_ENCODING="gzip")
    assert not page.has_header("Content-Encoding")  # it holds a CSRF token: BREACH
