"""The OpenAPI document, the offline Swagger UI, token logins and public reading."""

import io

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

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


def test_schema_documents_the_real_shapes_of_the_custom_endpoints(client):
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
