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
