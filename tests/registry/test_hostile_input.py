"""Input an attacker or a careless client sends gets a 4xx with a message, never a 500, and
changes nothing: NUL characters, integers past 64 bits, JSON nested past Python's recursion
limit, and HTML asked of the API."""

import json

import pytest
from django.test import Client

from tests.snapshots import registry_snapshot

pytestmark = pytest.mark.django_db

NUL_URLS = [
    "/api/v1/history/?user=%00", "/api/v1/history/?duty=a%00", "/api/v1/lookup/?q=a%00b",
    "/api/v1/findings/?duty=a%00", "/api/v1/duties/?process=a%00", "/owners/?q=a%00b",
    "/matrix/cell/?duty=a%00&party=role:cto", "/changes/?duty=a%00",
]
HUGE_NUMBERS = [
    "/api/v1/history/?offset=10000000000000000000", "/api/v1/history/?limit=10000000000000000000",
    "/api/v1/duties/?offset=10000000000000000000", "/changes/?page=100000000000000000000",
    "/findings/?page=100000000000000000000", "/owners/?q=a&page=100000000000000000000",
]


@pytest.fixture
def editor_client(editor, world):
    client = Client()
    client.force_login(editor)
    return client


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_character_in_the_url_is_a_400(editor_client, url):
    response = editor_client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_a_nul_character_in_a_form_is_a_400_and_changes_nothing(editor_client):
    before = registry_snapshot()
    response = editor_client.post("/matrix/cell/", {
        "duty": "own-duty", "party": "role:own-role", "letters": ["A"], "next": "/\x00"})
    assert response.status_code == 400
    assert registry_snapshot() == before


@pytest.mark.parametrize("url", HUGE_NUMBERS)
def test_a_number_past_64_bits_is_answered_without_a_server_error(editor_client, url):
    assert editor_client.get(url).status_code in (200, 400)


def test_json_nested_past_the_recursion_limit_is_a_400(editor_client):
    before = registry_snapshot()
    body = "[" * 100_000 + "]" * 100_000
    response = editor_client.post("/api/v1/matrix/cells/", body, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in json.loads(response.content)
    assert registry_snapshot() == before


@pytest.mark.parametrize("url", ["/api/v1/lookup/?q=own", "/api/v1/findings/",
                                 "/api/v1/matrix/", "/api/v1/history/", "/api/v1/duties/"])
def test_the_api_answers_a_browser_asking_for_html(editor_client, url):
    response = editor_client.get(url, HTTP_ACCEPT="text/html")
    # the browsable API, or 406 (with a message) where the read model has no HTML form
    assert response.status_code in (200, 406)
