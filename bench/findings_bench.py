"""Time the findings engine on a generated organisation: the loader and the rules apart.

    .venv/bin/python bench/findings_bench.py --duties 20000 --parties 500
    .venv/bin/python bench/findings_bench.py --database-url postgres://postgres@127.0.0.1:5432/bench

The organisation goes into a throwaway database (a temporary SQLite file, or `test_<name>` next
to the PostgreSQL database named in --database-url), which is dropped at the end. The data is
written with plain bulk inserts: a benchmark needs no history rows.
"""

import argparse
import os
import random
import resource
import sys
import time
import tracemalloc
from datetime import timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.throwaway_db import throwaway_database  # noqa: E402

TARGETS = {"whole analysis": 2.0, "rules alone": 1.0}  # seconds
MEMORY_TARGET_MB = 500
LETTERS_PER_DUTY = 10  # about 200,000 assignments for 20,000 duties
STEPS_PER_PROCESS = 10
BATCH = 2_000


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duties", type=int, default=20_000)
    parser.add_argument("--parties", type=int, default=500, help="departments plus roles")
    parser.add_argument("--runs", type=int, default=5, help="timed runs; the best one counts")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--database-url", help="PostgreSQL server to use instead of SQLite")
    return parser.parse_args()


def org_create(rng, *, duties, parties):
    """Departments, staffed roles, processes of ten steps and ~10 letters a duty, with flaws."""
    from departments.models import Department, Membership, Person, Role
    from responsibilities.models import Process

    yesterday = today() - timedelta(days=1)
    department_count = max(2, parties // 10)
    Department.objects.bulk_create(
        Department(id=n, code=f"dept-{n}", name=f"Department {n}", is_active=n % 40 != 0)
        for n in range(1, department_count + 1)
    )
    roles = [
        Role(id=n, code=f"role-{n}", name=f"Role {n}", department_id=n % department_count + 1)
        for n in range(1, parties - department_count + 1)
    ]
    Role.objects.bulk_create(roles)
    Person.objects.bulk_create(Person(id=r.id, name=f"Person {r.id}") for r in roles)
    Membership.objects.bulk_create(
        Membership(person_id=r.id, role_id=r.id, end_date=yesterday)
        if r.id % 25 == 0
        else Membership(person_id=r.id, role_id=r.id)
        for r in roles
    )
    process_count = duties // STEPS_PER_PROCESS + 1
    Process.objects.bulk_create(
        Process(
            id=n,
            code=f"process-{n}",
            name=f"Process {n}",
            owner_id=None if n % 50 == 0 else n % department_count + 1,
            is_active=n % 100 != 0,
        )
        for n in range(1, process_count + 1)
    )
    teams = {}
    for role in roles:
        teams.setdefault(role.department_id, []).append(("role", role.id))
    for department_id in teams:
        teams[department_id].append(("department", department_id))
    for start in range(0, duties, BATCH):
        duties_create(rng, range(start + 1, min(start + BATCH, duties) + 1), teams, yesterday)


def duties_create(rng, numbers, teams, yesterday):
    """One batch of duties and their letters; mostly sound, with a share of every flaw."""
    from responsibilities.models import Assignment, Duty, Raci

    Duty.objects.bulk_create(
        Duty(
            id=n,
            code=f"duty-{n}",
            title=f"Duty {n}",
            process_id=(n - 1) // STEPS_PER_PROCESS + 1,
            step=(n - 1) % STEPS_PER_PROCESS + 1,
            review_by=yesterday if n % 20 == 0 else None,
            is_active=n % 50 != 0,
        )
        for n in numbers
    )
    everyone = [party for team in teams.values() for party in team]
    assignments = []
    for n in numbers:
        team = teams[rng.choice(list(teams))]
        responsible = rng.sample(team, min(len(team), 2 if n % 5 == 0 else 1))
        if n % 10 == 0:  # a Responsible from another department: shared-responsible
            responsible.append(rng.choice(everyone))
        responsible = list(dict.fromkeys(responsible))
        others = [p for p in rng.sample(everyone, LETTERS_PER_DUTY) if p not in responsible]
        informed = LETTERS_PER_DUTY - len(responsible) - 4
        cells = [(party, Raci.RESPONSIBLE) for party in responsible]
        cells += [(others[0], Raci.ACCOUNTABLE)] if n % 30 else []  # every 30th: no A
        cells += [(party, Raci.CONSULTED) for party in others[1:4]]
        cells += [(party, Raci.INFORMED) for party in others[4 : 4 + informed]]
        assignments += [
            Assignment(duty_id=n, raci=letter, **{f"{kind}_id": pk}) for (kind, pk), letter in cells
        ]
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)


def today():
    from django.utils import timezone

    return timezone.localdate()


def best_of(runs, function):
    """The fastest of `runs` calls as (wall seconds, this process's CPU seconds), and a result.

    The CPU time leaves out waiting for a core, so it stays meaningful on a busy machine; for
    PostgreSQL it also leaves out the server's own work.
    """
    best, result = (float("inf"), float("inf")), None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    return best, result


def measure(runs):
    from django.conf import settings

    from findings.engine import analyse
    from findings.selectors import findings_data_load, findings_list

    figures = {}
    figures["loader"], data = best_of(runs, findings_data_load)
    limits = {
        "max_accountable": settings.RACI_MAX_ACCOUNTABLE,
        "max_consulted": settings.RACI_MAX_CONSULTED,
    }
    rules = partial(analyse, data, today=today(), **limits)
    figures["rules alone"], findings = best_of(runs, rules)
    del data, rules  # so the memory measured below is that of one analysis alone
    figures["whole analysis"], _ = best_of(runs, findings_list)
    figures["duty filter"], _ = best_of(runs, partial(findings_list, duty="duty-5"))
    tracemalloc.start()
    findings_list()
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return figures, len(findings), peak / 2**20


def report(counts, measured, runs, vendor):
    figures, findings, peak_mb = measured
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{vendor}: " + ", ".join(f"{count:,} {name}" for name, count in counts.items()))
    print(
        f"{findings:,} findings; best of {runs} runs, wall (CPU of this process), load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores:"
    )
    for name, (wall, cpu) in figures.items():
        target = TARGETS.get(name)
        note = f"  target at 200,000 assignments: < {target:.1f} s" if target else ""
        print(f"  {name:<15} {wall:6.3f} s ({cpu:.3f} s){note}")
    print(
        f"  peak Python memory of one analysis: {peak_mb:.0f} MB"
        f" (target < {MEMORY_TARGET_MB} MB); process peak RSS {maxrss_mb:.0f} MB"
    )


def main():
    options = arguments()
    with throwaway_database(options.database_url, prefix="findings-bench-") as connection:
        from departments.models import Department, Role
        from responsibilities.models import Assignment, Duty

        started = time.perf_counter()
        org_create(random.Random(options.seed), duties=options.duties, parties=options.parties)
        print(f"Generated in {time.perf_counter() - started:.1f} s")
        models = {
            "departments": Department,
            "roles": Role,
            "duties": Duty,
            "assignments": Assignment,
        }
        counts = {name: model.objects.count() for name, model in models.items()}
        report(counts, measure(options.runs), options.runs, connection.vendor)


if __name__ == "__main__":
    main()
