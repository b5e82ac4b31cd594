"""The app as the load and race benchmarks run it: gunicorn on a PostgreSQL database of its own."""

import socket
import subprocess
import time
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent


def new_session():
    """An HTTP session straight to 127.0.0.1, whatever proxy the environment names."""
    session = requests.Session()
    session.trust_env = False
    return session


HTTP = new_session()


def on_server(url, *statements):
    """Run `statements` against the PostgreSQL server of `url`, outside any database of it."""
    base, _ = url.rsplit("/", 1)
    admin = psycopg2.connect(f"{base}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    admin.close()


def database_fresh(url):
    """Drop and create the database named in `url`."""
    name = url.rsplit("/", 1)[1]
    on_server(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')


def database_drop(url):
    on_server(url, f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(env, *, workers, timeout):
    """(the gunicorn process, its base URL) once /healthz answers; its output is dropped."""
    port = _free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "registry.wsgi", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--timeout", str(timeout), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if HTTP.get(f"{url}/healthz", timeout=5).status_code == 200:
                return server, url
        except requests.RequestException:
            pass  # not listening yet
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")
