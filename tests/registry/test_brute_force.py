"""Guessing passwords and tokens, and flooding the API, is refused with a 429 that says why."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from registry.environment import env_rate

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def member(make_user):
    user = make_user("li.na")
    user.set_password("right-password-42")
    user.save()
    return user


def log_in(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_wrong_passwords_up_to_the_limit_then_the_right_one_is_refused(client, member, settings):
    settings.AXES_FAILURE_LIMIT = 3
    statuses = [log_in(client, "li.na", "guess").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # the failure that reaches the limit is told at once
    response = log_in(client, "li.na", "right-password-42", address="10.0.0.2")
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_address_that_guesses_many_user_names_is_paused(client, member, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for name in ("a", "b", "c"):
        log_in(client, name, "guess", address="10.0.0.9")
    assert log_in(client, "li.na", "right-password-42", address="10.0.0.9").status_code == 429
    assert log_in(client, "li.na", "right-password-42", address="10.0.0.3").status_code == 302


def test_a_right_password_below_the_limit_logs_in_and_forgets_the_failures(
        client, member, settings):
    settings.AXES_FAILURE_LIMIT = 3
    log_in(client, "li.na", "guess")
    log_in(client, "li.na", "guess")
    assert log_in(client, "li.na", "right-password-42").status_code == 302
    client.logout()
    log_in(client, "li.na", "guess")
    assert log_in(client, "li.na", "right-password-42").status_code == 302


def token_get(key, address):
    return APIClient().get("/api/v1/departments/", HTTP_AUTHORIZATION=f"Token {key}",
                           REMOTE_ADDR=address)


def test_wrong_tokens_up_to_the_limit_then_even_the_right_one_is_a_429(member, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "token_failure", "3/hour")
    right = Token.objects.create(user=member).key
    for guess in range(3):
        assert token_get(f"{guess:040d}", "10.0.0.5").status_code == 401
    refused = token_get(right, "10.0.0.5")
    assert refused.status_code == 429
    assert "Too many wrong tokens" in refused.json()["detail"]
    assert "Retry-After" in refused.headers
    assert token_get(right, "10.0.0.6").status_code == 200


def test_a_user_past_the_api_rate_gets_a_429_with_retry_after(member, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "2/minute")
    key = Token.objects.create(user=member).key
    statuses = [token_get(key, "10.0.0.7").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_imports_have_a_stricter_rate_of_their_own(editor, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "import", "1/hour")
    client = APIClient()
    client.force_authenticate(editor)
    upload = {"file": ("m.csv", b"duty,title\n"), "dry_run": "true"}
    statuses = [client.post("/api/v1/matrix/import/", upload, format="multipart").status_code
                for _ in range(2)]
    assert statuses[1] == 429
    assert client.get("/api/v1/departments/").status_code == 200


@pytest.mark.parametrize("raw", ["many", "10", "0/minute", "10/fortnight", "-1/hour"])
def test_a_malformed_rate_in_the_environment_stops_start_up(raw, monkeypatch):
    monkeypatch.setenv("API_RATE_USER", raw)
    with pytest.raises(ImproperlyConfigured, match="API_RATE_USER"):
        env_rate("API_RATE_USER", "1/minute")


def test_an_overlong_user_name_is_a_failed_login_not_an_error(client, member, settings):
    settings.AXES_FAILURE_LIMIT = 2
    assert log_in(client, "x" * 10_000, "guess").status_code == 200
    assert log_in(client, "x" * 10_000, "guess").status_code == 429
