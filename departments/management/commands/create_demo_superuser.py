from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "admin"


class Command(BaseCommand):
    help = "Create the demo superuser admin/admin (development only: refused with debug off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create a demo superuser with DJANGO_DEBUG=false.")
        User = get_user_model()
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write(f"Demo superuser exists: log in as {USERNAME!r}.")
            return
        User.objects.create_superuser(USERNAME, "admin@shop.example", PASSWORD)
        self.stdout.write(self.style.SUCCESS(
            f"Demo superuser created: user {USERNAME!r}, password {PASSWORD!r}."
        ))
