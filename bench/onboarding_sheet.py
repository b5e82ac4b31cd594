"""Writes a published-style RACI sheet for timing an onboarding import (--create-missing).

    .venv/bin/python bench/onboarding_sheet.py /tmp/big.csv      # 200 sections × 100 rows
    /usr/bin/time -v .venv/bin/python manage.py import_matrix /tmp/big.csv --create-missing

The sheet is what a company would publish: an "Activity" column, 50 team columns the registry
does not know, a section row naming each phase (a process to create) above its activities,
five letters a row ("A/R" among them). Into an empty registry it creates 50 departments, 200
processes, 20,000 duties and 120,125 letters (seed 3).
"""

import argparse
import csv
import random


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--sections", type=int, default=200)
    parser.add_argument("--rows", type=int, default=100, help="activities per section")
    parser.add_argument("--teams", type=int, default=50)
    parser.add_argument("--seed", type=int, default=3)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    teams = [f"Team {n}" for n in range(options.teams)]
    with open(options.output, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Activity", *teams])
        for section in range(options.sections):
            writer.writerow([f"Phase {section}", *[""] * len(teams)])
            for number in range(options.rows):
                row = [""] * len(teams)
                for column in rng.sample(range(len(teams)), 5):
                    row[column] = rng.choice(["R", "A", "C", "I", "A/R"])
                writer.writerow([f"Activity {section}-{number}", *row])


if __name__ == "__main__":
    main()
