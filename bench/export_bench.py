"""Time the matrix exports (CSV and xlsx) on a generated matrix of the growth target's size.

    .venv/bin/python bench/export_bench.py                       # 20,000 duties × 600 roles
    .venv/bin/python bench/export_bench.py --duties 5000 --parties 200 --letters 10

The matrix is built in memory (the read model the endpoint and the command export), so the
figures are the writers' own: CSV through the streamed pieces, xlsx through XlsxWriter in
constant memory. Peak RSS is the process's, the generated matrix included.
"""

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")

import django  # noqa: E402

django.setup()

from responsibilities.matrix import Matrix, MatrixDuty  # noqa: E402
from responsibilities.parties import ROLE, Party  # noqa: E402
from spreadsheets.writing import matrix_csv_chunks, matrix_xlsx  # noqa: E402

CELLS = ["R", "A", "AR", "C", "I"]


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duties", type=int, default=20_000)
    parser.add_argument("--parties", type=int, default=600)
    parser.add_argument("--letters", type=int, default=25, help="filled cells per duty")
    parser.add_argument("--seed", type=int, default=3)
    return parser.parse_args()


def matrix_generate(options):
    rng = random.Random(options.seed)
    parties = [Party(ROLE, f"role-{n}", f"Role {n}") for n in range(options.parties)]
    duties = [MatrixDuty(f"duty-{n}", f"Duty number {n}", f"process-{n // 10}",
                         f"Process {n // 10}", n % 10 + 1) for n in range(options.duties)]
    cells = {duty.code: {parties[column].key: rng.choice(CELLS)
                         for column in rng.sample(range(options.parties), options.letters)}
             for duty in duties}
    return Matrix(ROLE, duties, parties, cells)


def timed(name, write):
    start = time.perf_counter()
    size = write()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"  {name}: {seconds:.1f} s, {size / 1e6:.1f} MB, peak RSS {peak} MB", flush=True)


def main():
    options = arguments()
    matrix = matrix_generate(options)
    letters = sum(len(row) for row in matrix.cells.values())
    print(f"{options.duties:,} duties × {options.parties:,} parties, {letters:,} filled cells")
    timed("CSV (streamed)", lambda: sum(len(piece.encode()) for piece in matrix_csv_chunks(matrix)))
    timed("xlsx", lambda: len(matrix_xlsx(matrix)))


if __name__ == "__main__":
    main()
