"""Writes at full size: a one-cell write with and without its findings update, and an import.

    .venv/bin/python bench/load.py --keep          # generates the organisation and keeps it
    .venv/bin/python bench/write_bench.py          # then times the writes on it

On the database bench/load.py kept (`load_bench`), after a `refresh_findings`:
- a one-cell write through the cells service, --writes times, each making a random role's cell on a
  random duty a C: once with the stored findings kept current in the write's transaction (as the
  app runs: the findings update and the delta `matrix/cells/` reports), once with the findings
  receiver disconnected (the write alone);
- an import of a sheet of every duty (--rows) × --columns role columns, as the export writes it,
  with --changes cells changed: its dry run, then the run.
Each write is rolled back, so the database stays as generated. Prints medians and the ratio.
"""

import argparse
import csv
import io
import os
import random
import statistics
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/load_bench")
    parser.add_argument("--writes", type=int, default=30)
    parser.add_argument("--columns", type=int, default=100, help="role columns of the sheet")
    parser.add_argument("--changes", type=int, default=200, help="cells the sheet changes")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


class Rollback(Exception):
    pass


def timed(function):
    """Seconds `function` took inside a transaction that is then rolled back."""
    from django.db import transaction

    start = time.perf_counter()
    try:
        with transaction.atomic():
            result = function()
            elapsed = time.perf_counter() - start
            raise Rollback
    except Rollback:
        pass
    return elapsed, result


def one_cell_writes(options, rng):
    from findings.services import cells_set_reporting
    from findings.store import on_written
    from registry import changes
    from responsibilities.models import Assignment, Duty
    from responsibilities.services.cells import CellChange, cells_set

    duties = list(Duty.objects.values_list("code", flat=True))
    roles = [f"role:{code}" for code in
             Assignment.objects.filter(role__isnull=False).values_list("role__code", flat=True)
             .distinct()[:200]]

    def write(service):
        change = CellChange(rng.choice(duties), rng.choice(roles), "C")
        return lambda: service(changes=[change], user=None)

    with_findings = [timed(write(cells_set_reporting))[0] for _ in range(options.writes)]
    changes.written.disconnect(on_written, dispatch_uid="findings.store")
    alone = [timed(write(cells_set))[0] for _ in range(options.writes)]
    changes.written.connect(on_written, dispatch_uid="findings.store")
    return statistics.median(with_findings), statistics.median(alone)


def sheet(options, rng):
    """The CSV of every duty × the first --columns roles, with --changes cells changed."""
    from responsibilities.models import Assignment, Duty

    roles = list(Assignment.objects.filter(role__isnull=False).order_by("role__code")
                 .values_list("role__code", flat=True).distinct()[:options.columns])
    letters = {}
    for duty, role, letter in Assignment.objects.filter(role__code__in=roles).values_list(
            "duty__code", "role__code", "raci"):
        letters[(duty, role)] = letters.get((duty, role), "") + letter
    duties = list(Duty.objects.order_by("code").values_list("code", "title"))
    changed = {(rng.choice(duties)[0], rng.choice(roles)) for _ in range(options.changes)}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["duty", "title", *(f"role:{role}" for role in roles)])
    for code, title in duties:
        cells = []
        for role in roles:
            value = letters.get((code, role), "")
            if (code, role) in changed:
                value = "" if value else "I"
            cells.append(value)
        writer.writerow([code, title, *cells])
    return out.getvalue().encode(), len(changed)


def main():
    options = arguments()
    os.environ.update({"DJANGO_SETTINGS_MODULE": "registry.settings",
                       "DATABASE_URL": options.database_url, "DJANGO_DEBUG": "false",
                       "DJANGO_SECRET_KEY": "write-bench-" + "x" * 50, "LOG_LEVEL": "ERROR"})
    import django

    django.setup()
    from findings.store import findings_current
    from spreadsheets.services import matrix_import

    rng = random.Random(options.seed)
    findings_current()
    with_findings, alone = one_cell_writes(options, rng)
    print(f"one-cell write: {alone * 1000:.1f} ms alone, {with_findings * 1000:.1f} ms with its "
          f"findings update and delta: {with_findings / alone:.2f}×", flush=True)
    content, changed = sheet(options, rng)
    for dry_run in (True, False):
        elapsed, result = timed(partial(matrix_import, content=content, filename="m.csv",
                                        dry_run=dry_run))
        counts = result.plan.counts()
        print(f"import of {result.plan.rows:,} rows × {options.columns} columns "
              f"({changed} cells changed; {len(content) / 1e6:.1f} MB), "
              f"{'dry run' if dry_run else 'run'}: {elapsed:.2f} s; problems "
              f"{len(result.plan.problems)}, {counts}", flush=True)


if __name__ == "__main__":
    main()
