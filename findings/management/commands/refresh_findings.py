import argparse
from datetime import date as Date

from django.core.management.base import BaseCommand
from django.utils import timezone

from findings.store import findings_refresh


class Command(BaseCommand):
    help = (
        "Recompute every finding and store them: run it daily (just after midnight) so the "
        "date-driven rules (review dates, memberships starting or ending) hold for the new day. "
        "Idempotent; every write already keeps the findings it touches current."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date,
                            help="Compute the findings as of this day (YYYY-MM-DD); default today.")

    def handle(self, *args, date=None, **options):
        self.stdout.write("Recomputing the findings of the whole organisation…")
        delta = findings_refresh(date or timezone.localdate())
        self.stdout.write(self.style.SUCCESS(
            f"Findings current: {len(delta.opened)} opened, {len(delta.resolved)} resolved."))


def _date(text):
    try:
        return Date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-12-01.") from error
