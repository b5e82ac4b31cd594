"""Time GET /api/v1/matrix/ against the physical limit measured in the same run.

    .venv/bin/python bench/matrix_bench.py
    .venv/bin/python bench/matrix_bench.py --database-url postgres://postgres@127.0.0.1:5432/bench

A generated organisation (5,000 duties × 200 parties, ~50,000 assignments by default) goes
into a throwaway database: a temporary SQLite file, or `test_<name>` next to the PostgreSQL
database named in --database-url, dropped at the end. Bench data is written with plain bulk
inserts (no history rows needed).

The endpoint is called through Django's test Client with a token, so the figure includes
authentication, middleware, the four matrix queries, building the Matrix and encoding it.
The physical limit is the same rows (every active duty's letters with its duty, process and
party codes) fetched by one raw SQL query and encoded with orjson.
"""

import argparse
import random
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.throwaway_db import throwaway_database  # noqa: E402

TARGET_RATIO = 2.0  # the endpoint within 2× of the physical limit
TARGET_POSTGRES_MS = 300
BATCH = 2_000
STEPS_PER_PROCESS = 10
RAW_SQL = """
SELECT d.code, d.title, p.code, p.name, d.step, a.raci, dep.code, r.code, rd.code
FROM responsibilities_assignment a
JOIN responsibilities_duty d ON d.id = a.duty_id
LEFT JOIN responsibilities_process p ON p.id = d.process_id
LEFT JOIN departments_department dep ON dep.id = a.department_id
LEFT JOIN departments_role r ON r.id = a.role_id
LEFT JOIN departments_department rd ON rd.id = r.department_id
WHERE d.is_active AND (p.id IS NULL OR p.is_active)
"""


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duties", type=int, default=5_000)
    parser.add_argument("--parties", type=int, default=200, help="departments plus roles")
    parser.add_argument("--letters", type=int, default=10, help="letters per duty")
    parser.add_argument("--runs", type=int, default=7, help="timed runs; the best one counts")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--database-url", help="PostgreSQL server to use instead of SQLite")
    return parser.parse_args()


def org_create(rng, *, duties, parties, letters):
    """Departments (a tenth of the parties) with roles, processes of ten steps, and `letters`
    distinct parties with a letter on every duty."""
    from departments.models import Department, Role
    from responsibilities.models import Assignment, Duty, Process, Raci

    departments = max(2, parties // 10)
    Department.objects.bulk_create(
        Department(id=n, code=f"dept-{n}", name=f"Department {n}")
        for n in range(1, departments + 1)
    )
    Role.objects.bulk_create(
        Role(id=n, code=f"role-{n}", name=f"Role {n}", department_id=n % departments + 1)
        for n in range(1, parties - departments + 1)
    )
    everyone = [("department", n) for n in range(1, departments + 1)] + [
        ("role", n) for n in range(1, parties - departments + 1)]
    Process.objects.bulk_create(
        Process(id=n, code=f"process-{n}", name=f"Process {n}", owner_id=n % departments + 1)
        for n in range(1, duties // STEPS_PER_PROCESS + 2)
    )
    order = [Raci.RESPONSIBLE, Raci.ACCOUNTABLE, Raci.CONSULTED, Raci.CONSULTED]
    for start in range(1, duties + 1, BATCH):
        numbers = range(start, min(start + BATCH, duties + 1))
        Duty.objects.bulk_create(
            Duty(id=n, code=f"duty-{n}", title=f"Duty {n}", step=(n - 1) % STEPS_PER_PROCESS + 1,
                 process_id=(n - 1) // STEPS_PER_PROCESS + 1)
            for n in numbers
        )
        Assignment.objects.bulk_create(
            (Assignment(duty_id=n, raci=(order[i] if i < len(order) else Raci.INFORMED),
                        **{f"{kind}_id": pk})
             for n in numbers
             for i, (kind, pk) in enumerate(rng.sample(everyone, letters))),
            batch_size=BATCH,
        )


def best_of(runs, function):
    """The fastest of `runs` calls, in milliseconds, and the last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        best = min(best, (time.perf_counter() - started) * 1000)
    return best, result


def physical_limit():
    """One raw query for every letter of the active duties, encoded by orjson."""
    import orjson
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(RAW_SQL)
        return orjson.dumps(cursor.fetchall())


def endpoint(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response.content


def measure(runs):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from responsibilities.selectors.current_matrix import matrix_read

    user = get_user_model().objects.create_user("bench")
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    endpoint(client, "/api/v1/matrix/")  # warm up: URL configuration, imports, connection
    limit, raw = best_of(runs, physical_limit)
    figures = {"physical limit (raw SQL + orjson)": (limit, len(raw))}
    for axis in ("department", "role"):
        read, _matrix = best_of(runs, partial(matrix_read, axis=axis))
        figures[f"  matrix_read alone, axis={axis}"] = (read, None)
        url = f"/api/v1/matrix/?axis={axis}"
        took, body = best_of(runs, partial(endpoint, client, url))
        figures[f"GET {url}"] = (took, len(body))
    took, body = best_of(runs, partial(endpoint, client, "/api/v1/matrix/?format=csv"))
    figures["GET /api/v1/matrix/?format=csv"] = (took, len(body))
    return limit, figures


def report(counts, vendor, runs, limit, figures):
    print(f"{vendor}: " + ", ".join(f"{count:,} {name}" for name, count in counts.items()))
    print(f"best of {runs} runs:")
    for name, (took, size) in figures.items():
        ratio = f"{took / limit:4.2f}× limit" if not name.startswith(" ") else ""
        body = f"{size / 1024:8.0f} KiB" if size else " " * 12
        print(f"  {name:<42} {took:8.1f} ms {body}  {ratio}")
    endpoint_ms = figures["GET /api/v1/matrix/?axis=department"][0]
    verdict = "within" if endpoint_ms <= TARGET_RATIO * limit else "NOT within"
    print(f"default endpoint {verdict} {TARGET_RATIO:.0f}× the physical limit"
          + (f"; target on PostgreSQL < {TARGET_POSTGRES_MS} ms" if vendor == "postgresql"
             else ""))


def main():
    options = arguments()
    with throwaway_database(options.database_url, prefix="matrix-bench-") as connection:
        from departments.models import Department, Role
        from responsibilities.models import Assignment, Duty

        started = time.perf_counter()
        org_create(random.Random(options.seed), duties=options.duties,
                   parties=options.parties, letters=options.letters)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"generated in {time.perf_counter() - started:.1f} s")
        counts = {"duties": Duty.objects.count(),
                  "parties": Department.objects.count() + Role.objects.count(),
                  "assignments": Assignment.objects.count()}
        limit, figures = measure(options.runs)
        report(counts, connection.vendor, options.runs, limit, figures)


if __name__ == "__main__":
    main()
