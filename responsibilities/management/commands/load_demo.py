from django.core.management.base import BaseCommand, CommandError

from departments.models import Department
from responsibilities.demo import LANGUAGES, demo_load


class Command(BaseCommand):
    help = "Build the demo e-commerce organisation (idempotent: run it as often as you like)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--lang", default="en", help=f"Language of names and titles: {', '.join(LANGUAGES)}."
        )
        parser.add_argument(
            "--if-empty", action="store_true",
            help="Do nothing when the registry already holds departments.",
        )

    def handle(self, *args, lang, if_empty, **options):
        if lang not in LANGUAGES:
            raise CommandError(f"Unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}.")
        if if_empty and Department.objects.exists():
            self.stdout.write("The registry already holds data; the demo was not loaded.")
            return
        counts = demo_load(lang=lang)
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo organisation ready: {summary}."))
