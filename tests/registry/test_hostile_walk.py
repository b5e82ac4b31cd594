"""Every API route, every page and every command, walked with what an attacker or a careless
client sends — NUL, integers past 64 bits, 10,000-character strings, right-to-left and
zero-width characters, emoji — as a superuser, who reaches the deepest code: never a server
error, and a refusal changes nothing."""

from io import StringIO
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from tests.access import ROUTES as API_ROUTES
from tests.access import Upload
from tests.api_world import world_create
from tests.module_world import built_once
from tests.page_access import ROUTES as PAGE_ROUTES
from tests.snapshots import registry_snapshot

pytestmark = pytest.mark.django_db

HOSTILE = {
    "nul": "a\x00b",
    "huge": "9" * 40,
    "long": "x" * 10_000,
    # right-to-left override, zero-width space and joiner, byte-order mark, emoji
    "unicode": "\u202enoitcudorp\u202c own\u200b-duty\ufeff 👩🏽\u200d💻🔥",
}
# Query parameters some endpoint reads, sent to every GET.
PARAMETERS = ["q", "duty", "party", "process", "department", "role", "user", "page", "limit",
              "offset", "as_of", "from", "to", "since", "format", "axis", "rule", "kind",
              "severity"]


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, world_create)


@pytest.fixture
def superuser_client(module_world, db):
    client = Client()
    client.force_login(module_world.cast()["superuser"])
    return client


def spoiled(path, value):
    """`path` with its object's code or id (the last segment naming one) and each query value
    replaced by `value`, and every known query parameter added with it."""
    parts = urlsplit(path)
    segments = parts.path.split("/")
    for index in range(len(segments) - 1, 0, -1):
        if segments[index].startswith(("own-", "far-", "empty-", "{")):
            segments[index] = quote(value, safe="")
            break
    query = {key: value for key, _ in parse_qsl(parts.query)}
    return "/".join(segments), query


def spoiled_body(body, value):
    if isinstance(body, dict):
        return {key: spoiled_body(item, value) for key, item in body.items()}
    if isinstance(body, Upload):
        return SimpleUploadedFile(body.name, f"duty,title,{value}\n{value},,R\n".encode())
    if isinstance(body, list):
        return value
    return value if isinstance(body, str | int | bool) else body


def api_cases():
    seen = set()
    for route in API_ROUTES:
        key = (route.method, route.path.split("?")[0])  # a GET gets every parameter anyway
        if route.method in ("HEAD", "OPTIONS") or key in seen:
            continue
        seen.add(key)
        yield route


def page_cases():
    seen = set()
    for route in PAGE_ROUTES:
        if route.method in ("HEAD", "OPTIONS", "TRACE") or (route.method, route.name) in seen:
            continue
        seen.add((route.method, route.name))
        yield route


def assert_refused_cleanly(response, before):
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400 and before is not None:
        assert registry_snapshot() == before, "a refused write changed rows"


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("route", list(api_cases()), ids=str)
def test_the_api_answers_hostile_input_without_a_server_error(superuser_client, route, value):
    path, query = spoiled(route.path, value)
    if route.method == "GET":
        query.update(dict.fromkeys(PARAMETERS, value))
    url = f"{path}?{urlencode(query)}" if query else path
    body = spoiled_body(route.body, value)
    before = registry_snapshot() if route.method != "GET" else None
    send = getattr(superuser_client, route.method.lower())
    if route.multipart:
        response = send(url, body)
    else:
        response = send(url, body, content_type="application/json")
    assert_refused_cleanly(response, before)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("route", list(page_cases()),
                         ids=lambda route: f"{route.method} {route.name}")
def test_the_pages_answer_hostile_input_without_a_server_error(superuser_client, route, value):
    path, query = spoiled(route.url, value)
    if route.method == "GET":
        query.update(dict.fromkeys(PARAMETERS, value))
    url = f"{path}?{urlencode(query)}" if query else path
    data = {key: value for key in route.data} if route.method == "POST" else None
    before = registry_snapshot() if route.method != "GET" else None
    response = getattr(superuser_client, route.method.lower())(url, data)
    assert_refused_cleanly(response, before)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("arguments", [
    ["raci_check", "--department", "{}"], ["raci_check", "--process", "{}"],
    ["raci_check", "--duty", "{}"], ["raci_check", "--rule", "{}"],
    ["export_matrix", "--process", "{}", "--output", "{tmp}/out.csv"],
    ["export_matrix", "--output", "{tmp}/{}"],
    ["import_matrix", "{}"], ["import_matrix", "{tmp}/hostile.csv"],
], ids=lambda arguments: " ".join(arguments[:2]))
def test_the_commands_answer_hostile_input_with_a_clean_error(module_world, db, tmp_path,
                                                             arguments, value):
    (tmp_path / "hostile.csv").write_text(f"duty,title,{value}\n{value},{value},R\n")
    args = [argument.replace("{tmp}", str(tmp_path)).replace("{}", value)
            for argument in arguments]
    before = registry_snapshot()
    try:
        call_command(*args, stdout=StringIO(), stderr=StringIO())
    except CommandError:
        assert registry_snapshot() == before
