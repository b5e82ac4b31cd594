"""Load test: every page and endpoint at the growth target's size, through gunicorn.

    .venv/bin/python bench/load.py                      # 20,000 duties, 1,000 parties, 25 letters
    .venv/bin/python bench/load.py --duties 2000 --requests 5

A fresh PostgreSQL database (`load_bench` next to the one in --database-url) is migrated and
filled with the generated organisation of bench/findings_bench.py (bulk inserts: a tenth of
the parties are departments, each role staffed by one person, processes of ten steps, a share
of every flaw), then served by gunicorn with --workers processes and Redis as the cache (when
--redis-url answers). Reads are public for the run, so pages and API are read without a login.

Each URL is requested --requests times one after another (/healthz 50 times; the first request
is a warm-up and not counted). For each it prints p50, p95, requests per second, the ratio of
that to /healthz's in the same run, the response size and what was sent (gzip, where the app
compresses); at the end, the peak RSS of the gunicorn workers.
Absolute times depend on the machine: read the ratios.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.served import HTTP, database_drop, database_fresh, serve  # noqa: E402


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/load_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--duties", type=int, default=20_000)
    parser.add_argument("--parties", type=int, default=1_000, help="departments plus roles")
    parser.add_argument("--letters", type=int, default=25, help="letters per duty")
    parser.add_argument("--requests", type=int, default=6, help="per URL, the first not counted")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--keep", action="store_true",
                        help="keep the database afterwards (bench/write_bench.py reuses it)")
    return parser.parse_args()


def generate(options, env):
    """Migrate the fresh database and fill it, in this process."""
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT,
                   env=env, check=True)
    os.environ.update(env)
    import random

    import django

    django.setup()
    from bench import findings_bench

    findings_bench.LETTERS_PER_DUTY = options.letters
    start = time.perf_counter()
    findings_bench.org_create(random.Random(options.seed), duties=options.duties,
                              parties=options.parties)
    from django.db import connection

    with connection.cursor() as cursor:  # the bulk inserts set ids; move the sequences on
        for table in ("departments_department", "departments_role", "departments_person",
                      "responsibilities_process", "responsibilities_duty"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT max(id) FROM {table}))")
        _history_write(cursor)
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM responsibilities_assignment")
        letters = cursor.fetchone()[0]
    connection.close()
    print(f"generated {options.duties:,} duties, {options.parties:,} parties, {letters:,} "
          f"letters in {time.perf_counter() - start:.0f} s", flush=True)


def _history_write(cursor):
    """History rows for everything generated, two days old, as if it had been built through
    the app; and a change to one letter in a hundred half an hour ago, for the diff."""
    from django.apps import apps

    for app in ("departments", "responsibilities"):
        for model in apps.get_app_config(app).get_models():
            if not hasattr(model, "history"):
                continue
            columns = ", ".join(field.column for field in model._meta.concrete_fields)
            history = model.history.model._meta.db_table
            cursor.execute(
                f"INSERT INTO {history} ({columns}, history_date, history_type) "
                f"SELECT {columns}, now() - interval '2 days', '+' FROM {model._meta.db_table}")
    assignment = apps.get_model("responsibilities", "Assignment")
    columns = ", ".join(field.column for field in assignment._meta.concrete_fields)
    cursor.execute(
        f"INSERT INTO responsibilities_historicalassignment ({columns}, history_date, "
        f"history_type) SELECT {columns}, now() - interval '30 minutes', '~' "
        f"FROM responsibilities_assignment WHERE id % 100 = 0")


def urls():
    an_hour_ago = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))
    return [
        ("/healthz", "/healthz"),
        ("/ (home)", "/"),
        ("/departments/<code>/", "/departments/dept-1/"),
        ("/roles/<code>/", "/roles/role-1/"),
        ("/duties/<code>/", "/duties/duty-101/"),
        ("/processes/<code>/", "/processes/process-11/"),
        ("/findings/", "/findings/"),
        ("/matrix/", "/matrix/"),
        ("/owners/?q=", "/owners/?q=Duty+101"),
        ("/changes/", "/changes/"),
        ("api matrix/", "/api/v1/matrix/"),
        ("api matrix/?as_of=", f"/api/v1/matrix/?as_of={an_hour_ago}"),
        ("api matrix/diff/?from=", f"/api/v1/matrix/diff/?from={an_hour_ago}"),
        ("api matrix/?format=csv", "/api/v1/matrix/?format=csv"),
        ("api matrix/?format=xlsx", "/api/v1/matrix/?format=xlsx"),
        ("api findings/", "/api/v1/findings/"),
        ("api findings/summary/", "/api/v1/findings/summary/"),
        ("api lookup/?q=", "/api/v1/lookup/?q=Duty+101"),
        ("api duties/", "/api/v1/duties/"),
    ]


def measure(base, path, count):
    """(seconds of each counted request, (bytes, bytes sent), status of the last, queries of
    the last). The client asks for gzip, as browsers and most HTTP libraries do; "sent" is
    what crossed the wire."""
    times, size, status, queries = [], (0, 0), None, None
    for attempt in range(count):
        start = time.perf_counter()
        response = HTTP.get(base + path, timeout=600)
        elapsed = time.perf_counter() - start
        sent = int(response.headers.get("Content-Length") or len(response.content))
        size, status = (len(response.content), sent), response.status_code
        queries = response.headers.get("X-Query-Count", "?")
        if attempt:
            times.append(elapsed)
    return times, size, status, queries


def peak_rss_mb(server):
    """The highest peak RSS (VmHWM) among gunicorn's workers."""
    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True,
                              text=True).stdout.split()
    peaks = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) // 1024)
    return max(peaks, default=0)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    options = arguments()
    database_fresh(options.database_url)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "registry.settings",
           "DATABASE_URL": options.database_url, "DJANGO_DEBUG": "false",
           "DJANGO_SECRET_KEY": "load-bench-" + "x" * 50, "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SECURE_SSL_REDIRECT": "false", "REGISTRY_PUBLIC_READ": "true",
           "API_RATE_ANONYMOUS": "1000000/minute", "LOG_LEVEL": "ERROR",
           "REDIS_URL": options.redis_url, "REGISTRY_QUERY_COUNT_HEADER": "true"}
    server = None
    try:
        generate(options, env)
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
                       cwd=ROOT, env=env, check=True)
        start = time.perf_counter()
        subprocess.run([sys.executable, "manage.py", "refresh_findings"], cwd=ROOT, env=env,
                       check=True)
        print(f"refresh_findings: {time.perf_counter() - start:.1f} s", flush=True)
        server, base = serve(env, workers=options.workers, timeout=300)
        rows = []
        for label, path in urls():
            # /healthz is the yardstick: enough samples for a steady p95
            count = 50 if path == "/healthz" else options.requests
            times, size, status, queries = measure(base, path, count)
            rows.append((label, times, size, status, queries))
            print(f"  {label}: p50 {statistics.median(times) * 1000:,.0f} ms ({status})",
                  flush=True)
        rss = peak_rss_mb(server)
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        if not options.keep:
            database_drop(options.database_url)
    healthz = 1 / statistics.median(rows[0][1])
    print("\n| URL | p50 | p95 | req/s | ÷ /healthz | queries | bytes | sent |")
    print("|---|---|---|---|---|---|---|---|")
    for label, times, (size, sent), status, queries in rows:
        rate = 1 / statistics.median(times)
        print(f"| `{label}` | {statistics.median(times) * 1000:,.1f} ms | "
              f"{percentile(times, 0.95) * 1000:,.1f} ms | {rate:,.1f} | {rate / healthz:.5f} | "
              f"{queries} | {size:,}{'' if status == 200 else f' ({status})'} | {sent:,} |")
    print(f"\npeak worker RSS: {rss} MB")


if __name__ == "__main__":
    main()
