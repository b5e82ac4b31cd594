from django.core.management.base import BaseCommand

from governance.models import DeliveryState
from governance.webhooks import deliveries_due, delivery_attempt


class Command(BaseCommand):
    help = ("Try once more every webhook delivery whose pause has passed. A worker's schedule "
            "does this every minute; without Redis, run it from cron.")

    def handle(self, *args, **options):
        ids = deliveries_due()
        self.stdout.write(f"{len(ids)} delivery(ies) due.")
        unreachable = set()
        tried = [delivery_attempt(pk, unreachable=unreachable) for pk in ids]
        delivered = sum(1 for d in tried if d and d.state == DeliveryState.DELIVERED)
        failed = sum(1 for d in tried if d and d.state == DeliveryState.FAILED)
        self.stdout.write(self.style.SUCCESS(
            f"Delivered {delivered}, waiting {len(ids) - delivered - failed}, failed {failed}."))
