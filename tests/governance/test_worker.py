"""A real Celery worker, on the real Redis, delivers a webhook for a committed change.

The worker is another process: it needs the test database to be a server (PostgreSQL) and
Redis on 127.0.0.1:6379. Without them the test is skipped, unless REGISTRY_REQUIRE_WORKER=true
(CI's PostgreSQL run), when it fails instead.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from governance.models import Delivery, DeliveryState, Webhook
from governance.webhooks import webhook_save
from registry import changes
from registry.tasks import app
from responsibilities.services.cells import CellChange, cells_set
from tests import factories
from tests.governance.receiver import Receiver

REDIS = "redis://127.0.0.1:6379/15"


def _require(condition, reason):
    if condition:
        return
    if os.environ.get("REGISTRY_REQUIRE_WORKER", "").strip().lower() == "true":
        pytest.fail(f"REGISTRY_REQUIRE_WORKER=true but {reason}", pytrace=False)
    pytest.skip(reason)


def _redis_up():
    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def _configure(**conf):
    """Send this process's tasks as `conf` says, dropping the connections made before."""
    app.conf.update(conf)
    app._pool = None  # noqa: SLF001 (Celery keeps the first broker's pools)
    app.amqp._producer_pool = None  # noqa: SLF001


@pytest.fixture
def queue(transactional_db):
    """A database of the real Redis for this test alone, whose queue a worker process serves
    on the test database; this process sends its tasks there instead of running them."""
    _require(connection.vendor == "postgresql", "the worker needs a PostgreSQL test database")
    _require(_redis_up(), "Redis does not answer on 127.0.0.1:6379")
    redis.Redis.from_url(REDIS).flushdb()
    # History rows an earlier test of this process wrote outside a write and never handed on
    # wait on the connection: the first write here would announce their cells too.
    changes.take()
    database = settings.DATABASES["default"]
    url = (f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
           f"{database['PORT'] or 5432}/{database['NAME']}")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "registry", "worker", "--pool=solo",
         "--without-mingle", "--without-gossip", "--loglevel=WARNING"],
        cwd=Path(settings.BASE_DIR), env={**os.environ, "DATABASE_URL": url, "REDIS_URL": REDIS,
                                          "DJANGO_SETTINGS_MODULE": "registry.test_settings"})
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    _configure(task_always_eager=False, broker_url=REDIS)
    try:
        yield worker
    finally:
        _configure(**saved)
        worker.terminate()
        worker.wait(timeout=30)


def test_a_worker_delivers_the_webhook_of_a_committed_change(queue):
    receiver = Receiver()
    try:
        factories.RoleFactory(code="engineer", department=factories.DepartmentFactory())
        factories.DutyFactory(code="feedback")
        webhook_save(Webhook(name="Ticketing", url=receiver.url, events=["cell.changed"]))
        cells_set(changes=[CellChange("feedback", "role:engineer", "R")], user=None)
        deadline = time.monotonic() + 60  # the worker records the delivery after the answer
        while (Delivery.objects.get().state != DeliveryState.DELIVERED
               and time.monotonic() < deadline):
            assert queue.poll() is None, "the worker stopped"
            time.sleep(0.2)
    finally:
        receiver.stop()
    assert Delivery.objects.get().state == DeliveryState.DELIVERED
    # At least once: on a loaded machine the worker may give up waiting for the answer and
    # send the same event again, which receivers tell apart by its id.
    events = [json.loads(body) for _headers, body in receiver.received]
    assert events, "nothing was delivered"
    assert {event["id"] for event in events} == {events[0]["id"]}
    assert events[0]["data"]["party"] == "role:engineer"
