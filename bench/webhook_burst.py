"""A burst of webhook events: how many are delivered, retried and lost, and how long it takes.

    .venv/bin/python bench/webhook_burst.py                 # two Celery workers on Redis
    .venv/bin/python bench/webhook_burst.py --workers 0     # no queue: in-process delivery

A throwaway PostgreSQL database gets one department, one role, --events duties and a webhook
subscribed to `cell.changed`, pointing at a real HTTP receiver on 127.0.0.1 that answers 500
to every --fail-every'th request. Then --events separate writes (one cell each, each its own
transaction, as the matrix editor makes them) follow each other as fast as the database takes
them; each commit queues its delivery. With --workers N, N `celery worker` processes on Redis
deliver them and retry the failures after WEBHOOK_RETRY_SECONDS (1 s here); with 0, each
delivery runs in the writing process at its commit and `deliver_webhooks` retries the failures.
Prints delivered / retried / failed / lost (events the receiver never got a 2xx for) and the
time from the first write to the last delivery.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REDIS = "redis://127.0.0.1:6379/14"


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url",
                        default="postgres://postgres@127.0.0.1:5432/webhook_bench")
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--fail-every", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=300, help="seconds to wait at most")
    return parser.parse_args()


def organisation(count):
    from departments.models import Department, Role
    from registry.services import bulk_create_recorded
    from responsibilities.models import Duty

    department = Department.objects.create(code="tech", name_en="Technology")
    Role.objects.create(code="engineer", name_en="Engineer", department=department)
    bulk_create_recorded(Duty, [Duty(code=f"duty-{n}", title_en=f"Duty {n}")
                                for n in range(count)], user=None, reason="bench")


def start_workers(count, database_url):
    environment = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": REDIS,
                   "WEBHOOK_RETRY_SECONDS": "1", "WEBHOOK_PRIVATE_ADDRESSES": "true",
                   "DJANGO_SETTINGS_MODULE": "registry.settings"}
    return [subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "registry", "worker", "--pool=solo",
         "--without-mingle", "--without-gossip", "-n", f"bench{n}@%h",
         "--loglevel=ERROR"], cwd=ROOT, env=environment) for n in range(count)]


def wait_until_settled(args, receiver, started):
    from django.core.management import call_command

    from governance.models import Delivery, DeliveryState

    deadline = started + args.timeout
    while time.monotonic() < deadline:
        if args.workers == 0:
            Delivery.objects.filter(state=DeliveryState.PENDING).update(next_attempt_at=None)
            call_command("deliver_webhooks", stdout=open(os.devnull, "w"))
        if not Delivery.objects.filter(state=DeliveryState.PENDING).exists():
            return
        time.sleep(0.2)


def main():
    args = arguments()
    from bench.throwaway_db import throwaway_database

    os.environ["WEBHOOK_RETRY_SECONDS"] = "1"
    os.environ["WEBHOOK_PRIVATE_ADDRESSES"] = "true"  # the receiver is on 127.0.0.1
    with throwaway_database(args.database_url, prefix="webhook-bench-") as connection:
        from django.conf import settings

        from governance.models import Delivery, DeliveryState, Event, Webhook
        from governance.webhooks import webhook_save
        from registry.tasks import app
        from responsibilities.services.cells import CellChange, cells_set
        from tests.governance.receiver import Receiver

        organisation(args.events)
        receiver = Receiver()
        webhook_save(Webhook(name="Bench", url=receiver.url, events=["cell.changed"]))
        workers = []
        if args.workers:
            redis.Redis.from_url(REDIS).flushdb()  # a database of Redis for the bench alone
            database = settings.DATABASES["default"]
            url = (f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
                   f"{database['PORT'] or 5432}/{connection.settings_dict['NAME']}")
            workers = start_workers(args.workers, url)
            app.conf.update(task_always_eager=False, broker_url=REDIS)
        # every --fail-every'th request fails once
        receiver.fail(*[500 if n % args.fail_every == args.fail_every - 1 else 200
                        for n in range(args.events)])
        try:
            started = time.monotonic()
            for n in range(args.events):
                cells_set(changes=[CellChange(f"duty-{n}", "role:engineer", "R")], user=None)
            written = time.monotonic() - started
            wait_until_settled(args, receiver, started)
            elapsed = time.monotonic() - started
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=30)
            receiver.stop()
        acknowledged = {json.loads(body)["id"] for (_headers, body), status in
                        zip(receiver.received, receiver.answered, strict=True) if status < 300}
        events = set(Event.objects.values_list("pk", flat=True))
        deliveries = Delivery.objects.all()
        how = f"{args.workers} Celery workers on Redis" if args.workers else "in-process"
        print(f"{len(events):,} events from {args.events:,} writes in {written:.1f} s; {how}")
        print(f"delivered {deliveries.filter(state=DeliveryState.DELIVERED).count():,}, "
              f"retried {deliveries.filter(attempts__gt=1).count():,}, "
              f"failed {deliveries.filter(state=DeliveryState.FAILED).count():,}, "
              f"pending {deliveries.filter(state=DeliveryState.PENDING).count():,}, "
              f"lost {len(events - acknowledged):,}; "
              f"{len(receiver.received):,} requests; all settled after {elapsed:.1f} s")


if __name__ == "__main__":
    main()
