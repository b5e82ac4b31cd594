"""Editors and importers writing the same cells at once, through gunicorn, on PostgreSQL.

    .venv/bin/python bench/race_bench.py
    .venv/bin/python bench/race_bench.py --seconds 60 --editors 8 --importers 2 --workers 4

A fresh database (`race_bench` next to the one in --database-url) is migrated and given a
small matrix (--duties × --departments cells), so every writer keeps running into the others.
The app is served by gunicorn with --workers processes. Editors set one random cell at a time
through `matrix/cells/` with `expect` (the cell as they last saw it; a 409 tells them what it
is now); importers upload the whole matrix with random letters through `matrix/import/`.

At the end every cell must be what its acknowledged writes lead to: each acknowledged write is
a step `before → after` of its cell (an editor's `expect → raci`, an import's reported
change), and a cell's steps must chain from its first state to its last without a gap, which a
lost update breaks. Any 5xx answer counts as an error. The run fails (exit 1) on either.
"""

import argparse
import csv
import io
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.served import database_drop, database_fresh, new_session, serve  # noqa: E402

LETTERS = ["", "R", "A", "AR", "C", "I", "RC", "CI"]


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/race_bench")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--editors", type=int, default=8)
    parser.add_argument("--importers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--duties", type=int, default=20)
    parser.add_argument("--departments", type=int, default=5)
    parser.add_argument("--seed", type=int, default=11)
    return parser.parse_args()


SETUP = """
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from departments.models import Department
from responsibilities.models import Duty
for n in range({departments}):
    Department.objects.create(code=f"dept-{{n}}", name=f"Department {{n}}")
for n in range({duties}):
    Duty.objects.create(code=f"duty-{{n}}", title=f"Duty {{n}}")
user = get_user_model().objects.create_superuser("bench", "bench@example.com", "unused")
print(Token.objects.create(user=user).key)
"""


def manage(env, *args, stdin=None):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, check=True).stdout


class Run:
    """What every writer saw: acknowledged steps per cell, and the answers by kind."""

    def __init__(self, url, token, cells, seconds):
        self.url, self.cells = url, cells
        self.headers = {"Authorization": f"Token {token}"}
        self.until = time.monotonic() + seconds
        self.lock = threading.Lock()
        self.steps = defaultdict(list)
        self.answers = Counter()
        self.errors = []
        self.local = threading.local()

    def post(self, kind, path, **kwargs):
        response = self.session().post(self.url + path, headers=self.headers, timeout=60,
                                       **kwargs)
        with self.lock:
            self.answers[f"{kind} {response.status_code}"] += 1
            if response.status_code >= 500:
                self.errors.append(f"{kind}: {response.status_code} {response.text[:200]}")
        return response

    def session(self):
        """The calling thread's HTTP session (a session is not for several threads at once)."""
        if not hasattr(self.local, "session"):
            self.local.session = new_session()
        return self.local.session

    def guarded(self, writer, seed):
        """Run `writer`; a writer that breaks down is an error of the run, not a silent stop."""
        try:
            writer(seed)
        except Exception as error:  # noqa: BLE001 - reported, and fails the run
            with self.lock:
                self.errors.append(f"{writer.__name__} stopped: {error!r}")

    def acknowledge(self, cell, before, after):
        with self.lock:
            self.steps[cell].append((before, after))

    def editor(self, seed):
        chance = random.Random(seed)
        seen = {}
        while time.monotonic() < self.until:
            duty, party = cell = chance.choice(self.cells)
            letters = chance.choice(LETTERS)
            expect = seen.get(cell, "")
            response = self.post("edit", "/api/v1/matrix/cells/", json={"cells": [
                {"duty": duty, "party": party, "raci": letters, "expect": expect}]})
            if response.status_code == 200:
                self.acknowledge(cell, expect, letters)
                seen[cell] = letters
            elif response.status_code == 409:
                seen[cell] = response.json()["cells"][0]["actual"]

    def importer(self, seed):
        chance = random.Random(seed)
        duties = sorted({duty for duty, _ in self.cells})
        parties = sorted({party for _, party in self.cells})
        while time.monotonic() < self.until:
            sheet = io.StringIO()
            writer = csv.writer(sheet)
            writer.writerow(["duty", "title", *parties])
            for duty in duties:
                writer.writerow([duty, "", *(chance.choice(LETTERS) for _ in parties)])
            response = self.post("import", "/api/v1/matrix/import/",
                                 files={"file": ("matrix.csv", sheet.getvalue().encode())})
            if response.status_code == 200 and response.json()["applied"]:
                for change in response.json()["changes"]:
                    self.acknowledge((change["duty"], change["party"]), change["before"],
                                     change["after"])


def unchained(steps, final):
    """The cells whose acknowledged steps do not lead from their first state to `final`:
    the steps must form one path, so each state is left as often as it is reached, except
    the first state (left once more) and the last (reached once more)."""
    broken = []
    for cell, cell_steps in steps.items():
        balance = Counter()
        for before, after in cell_steps:
            balance[before] += 1
            balance[after] -= 1
        balance[""] -= 1  # every cell starts empty
        balance[final.get(cell, "")] += 1
        if any(balance.values()):
            broken.append(cell)
    return broken


# How many stored findings differ from a full analysis of the final matrix (the findings
# every write kept current, under the same race).
FINDINGS_CHECK = """
from findings.engine import analyse
from findings.loading import findings_data_load
from findings.models import FindingsState, StoredFinding
from findings.store import finding_key
state = FindingsState.objects.get()
full = {finding_key(f) for f in analyse(
    findings_data_load(), today=state.as_of, max_accountable=state.max_accountable,
    max_consulted=state.max_consulted)}
print(len(full ^ set(StoredFinding.objects.filter(resolved_at=None).values_list("key", flat=True))))
"""


def final_cells(database_url):
    connection = psycopg2.connect(database_url)
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT d.code, 'department:' || p.code, string_agg(a.raci, '' ORDER BY
                   position(a.raci in 'ARCI'))
            FROM responsibilities_assignment a
            JOIN responsibilities_duty d ON d.id = a.duty_id
            JOIN departments_department p ON p.id = a.department_id
            GROUP BY 1, 2""")
        cells = {(duty, party): letters for duty, party, letters in cursor.fetchall()}
    connection.close()
    return cells


def main():
    options = arguments()
    database_fresh(options.database_url)
    env = {**os.environ, "DATABASE_URL": options.database_url, "DJANGO_DEBUG": "false",
           "DJANGO_SECRET_KEY": "race-bench-" + "x" * 50, "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SECURE_SSL_REDIRECT": "false", "API_RATE_USER": "1000000/minute",
           "API_RATE_IMPORT": "1000000/hour", "LOG_LEVEL": "ERROR"}
    server = None
    try:
        manage(env, "migrate", "--no-input", "-v", "0")
        token = manage(env, "shell", stdin=SETUP.format(
            duties=options.duties, departments=options.departments)).split()[-1]
        server, url = serve(env, workers=options.workers, timeout=60)
        cells = [(f"duty-{d}", f"department:dept-{p}")
                 for d in range(options.duties) for p in range(options.departments)]
        run = Run(url, token, cells, options.seconds)
        threads = [threading.Thread(target=run.guarded, args=(run.editor, options.seed + n))
                   for n in range(options.editors)]
        threads += [threading.Thread(target=run.guarded,
                                     args=(run.importer, options.seed + 100 + n))
                    for n in range(options.importers)]
        print(f"{options.editors} editors and {options.importers} importers on "
              f"{len(cells)} cells for {options.seconds} s, gunicorn with {options.workers} "
              f"workers, PostgreSQL …", flush=True)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
    final = final_cells(options.database_url)
    broken = unchained(run.steps, final)
    unlike = int(manage(env, "shell", stdin=FINDINGS_CHECK).split()[-1])
    database_drop(options.database_url)
    for answer, count in sorted(run.answers.items()):
        print(f"  {answer}: {count:,}")
    print(f"  acknowledged writes: {sum(map(len, run.steps.values())):,} cell steps")
    for error in run.errors[:10]:
        print(f"  {error}")
    print(f"errors: {len(run.errors)}; cells unlike the last acknowledged write: "
          f"{len(broken)}; stored findings unlike a full analysis: {unlike}")
    return 1 if run.errors or broken or unlike or not run.steps else 0


if __name__ == "__main__":
    sys.exit(main())
