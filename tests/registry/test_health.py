import socket

import pytest
from django.db import OperationalError, connection, connections


@pytest.mark.django_db
def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("registry.health.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="a connect timeout is a PostgreSQL connection option")
@pytest.mark.django_db
def test_healthz_is_503_soon_when_the_server_accepts_but_never_answers(client, monkeypatch):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # the kernel accepts connections; nobody ever answers them
    real = connections["default"]
    hung = type(real)({**real.settings_dict, "HOST": "127.0.0.1", "CONN_MAX_AGE": 0,
                       "PORT": silent.getsockname()[1]}, alias="hung")
    monkeypatch.setattr("registry.health.connection", hung)
    try:
        response = client.get("/healthz")
    finally:
        silent.close()
    assert response.status_code == 503
