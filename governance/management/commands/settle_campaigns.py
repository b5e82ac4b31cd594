import datetime

from django.core.management.base import BaseCommand, CommandError

from governance.campaigns import campaigns_settle


class Command(BaseCommand):
    help = (
        "The confirmation campaigns' daily run: remind the people yet to answer a campaign "
        "whose deadline is RACI_CAMPAIGN_REMIND_DAYS away or nearer, and close each campaign "
        "whose deadline has passed, naming the owners who did not answer on its duties "
        "(the finding `unconfirmed`). Run it daily where no task queue does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Settle as on this day (YYYY-MM-DD); default today.")

    def handle(self, *args, **options):
        try:
            today = datetime.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as error:
            raise CommandError(f"--date: {error}. Write the day as YYYY-MM-DD.") from error
        self.stdout.write("Settling the open confirmation campaigns…")
        reminded, closed = campaigns_settle(today=today)
        for campaign in reminded:
            self.stdout.write(f"  reminded: {campaign.title} (deadline {campaign.deadline})")
        for campaign in closed:
            self.stdout.write(f"  closed: {campaign.title} (deadline {campaign.deadline})")
        self.stdout.write(self.style.SUCCESS(
            f"Reminded {len(reminded)} campaign(s), closed {len(closed)}."))
