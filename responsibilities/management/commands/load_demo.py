from django.core.management.base import BaseCommand

from departments.models import Department
from responsibilities.demo import demo_load


class Command(BaseCommand):
    help = ("Build the demo e-commerce organisation, every name in English and Chinese "
            "(idempotent: run it as often as you like).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true",
            help="Do nothing when the registry already holds departments.",
        )

    def handle(self, *args, if_empty, **options):
        if if_empty and Department.objects.exists():
            self.stdout.write("The registry already holds data; the demo was not loaded.")
            return
        counts = demo_load()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo organisation ready: {summary}."))
