from django.core.management.base import BaseCommand

from governance.mail import digests_send


class Command(BaseCommand):
    help = ("Send each person their daily digest: every notification not sent yet, one mail "
            "per person, in their language. A worker's schedule does this every morning; "
            "without Redis, run it daily from cron.")

    def handle(self, *args, **options):
        self.stdout.write("Sending the daily digests…")
        sent = digests_send()
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} mail(s)."))
