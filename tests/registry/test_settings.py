"""Settings refuse to start insecurely and pass the deployment checks when configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REGISTRY_", "RACI_"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=120,
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = manage("check", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_a_malformed_boolean_is_refused_with_its_name():
    result = manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("x" * 30 + "-a-long-random-production-secret-value-" + "y" * 20)
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_DEBUG="false", DJANGO_SECRET_KEY_FILE=str(secret),
        DJANGO_ALLOWED_HOSTS="raci.example.com",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("name", ["RACI_MAX_ACCOUNTABLE", "DATABASE_CONN_MAX_AGE"])
def test_a_malformed_number_is_refused(name):
    result = manage("check", **{name: "many"})
    assert result.returncode != 0
    assert f"{name} must be a whole number" in result.stderr


# Mail: EMAIL_URL, EMAIL_FROM and SITE_URL (docs/notifications.md).

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(("url", "expected"), [
    ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ("smtp://mail.example.com", {"EMAIL_BACKEND": SMTP, "EMAIL_HOST": "mail.example.com",
                                 "EMAIL_PORT": 25, "EMAIL_USE_TLS": False,
                                 "EMAIL_USE_SSL": False, "EMAIL_HOST_USER": ""}),
    ("smtp+tls://registry:s3cret@mail.example.com", {
        "EMAIL_HOST": "mail.example.com", "EMAIL_PORT": 587, "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False, "EMAIL_HOST_USER": "registry",
        "EMAIL_HOST_PASSWORD": "s3cret"}),
    ("SMTP+SSL://Mail.Example.com:2465", {"EMAIL_HOST": "mail.example.com", "EMAIL_PORT": 2465,
                                          "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": True}),
    ("smtp://registry%40example.com:p%2Fw%23rd@[::1]:2525", {
        "EMAIL_HOST": "::1", "EMAIL_PORT": 2525, "EMAIL_HOST_USER": "registry@example.com",
        "EMAIL_HOST_PASSWORD": "p/w#rd"}),
])
def test_a_mail_url_becomes_the_mail_settings(url, expected):
    from registry.environment import email_url

    settings = email_url("EMAIL_URL", url)
    assert {name: settings[name] for name in expected} == expected


@pytest.mark.parametrize(("url", "why"), [
    ("mail.example.com", "unknown scheme"),
    ("imap://mail.example.com", "unknown scheme"),
    ("smtp://", "no host"),
    ("smtp://mail.example.com:smtp", "the port must be a number from 1 to 65535"),
    ("smtp://mail.example.com:70000", "the port must be a number from 1 to 65535"),
    ("smtp://mail.example.com:0", "the port must be a number from 1 to 65535"),
    ("smtp://mail.example.com/inbox", "a path, query or fragment means nothing here"),
    ("console://mail.example.com", "console:// takes no host"),
])
def test_a_bad_mail_url_is_refused_with_why(url, why):
    from django.core.exceptions import ImproperlyConfigured

    from registry.environment import email_url

    with pytest.raises(ImproperlyConfigured) as refused:
        email_url("EMAIL_URL", url)
    assert str(refused.value).startswith("EMAIL_URL must be console://, smtp://")
    assert f"({why}" in str(refused.value)


def test_a_refused_mail_url_never_shows_its_password():
    from django.core.exceptions import ImproperlyConfigured

    from registry.environment import email_url

    with pytest.raises(ImproperlyConfigured) as refused:
        email_url("EMAIL_URL", "smtp://registry:hunter2@mail.example.com:port")
    assert "hunter2" not in str(refused.value)
    assert "'smtp://registry:***@mail.example.com:port'" in str(refused.value)


def test_the_app_refuses_to_start_with_a_bad_mail_setting():
    result = manage("check", EMAIL_URL="smtps://mail.example.com")
    assert result.returncode != 0
    assert "EMAIL_URL must be console://" in result.stderr
    result = manage("check", EMAIL_FROM="the registry")
    assert result.returncode != 0
    assert "EMAIL_FROM must be a mail address" in result.stderr
    result = manage("check", SITE_URL="raci.example.com")
    assert result.returncode != 0
    assert "SITE_URL must be an http or https address" in result.stderr


def test_the_mail_settings_are_read_from_the_environment(tmp_path):
    secret = tmp_path / "email-url"
    secret.write_text("smtp+tls://registry:s3cret@mail.example.com\n")
    code = ("from django.conf import settings as s; print(s.EMAIL_HOST, s.EMAIL_PORT, "
            "s.EMAIL_USE_TLS, s.EMAIL_HOST_PASSWORD, s.DEFAULT_FROM_EMAIL, s.SITE_URL)")
    result = manage("shell", "-v", "0", "-c", code, EMAIL_URL_FILE=str(secret),
                    EMAIL_FROM="Registry <registry@example.com>",
                    SITE_URL="https://raci.example.com/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == (
        "mail.example.com 587 True s3cret Registry <registry@example.com> "
        "https://raci.example.com")


def test_without_mail_settings_mail_is_printed_from_registry_at_localhost():
    code = ("from django.conf import settings as s; "
            "print(s.EMAIL_BACKEND, s.DEFAULT_FROM_EMAIL, s.SITE_URL)")
    result = manage("shell", "-v", "0", "-c", code, EMAIL_URL="", EMAIL_URL_FILE="",
                    EMAIL_FROM="", SITE_URL="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == (
        "django.core.mail.backends.console.EmailBackend registry@localhost "
        "http://127.0.0.1:8000")
