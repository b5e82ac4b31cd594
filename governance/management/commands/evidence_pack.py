"""evidence_pack: write the auditors' evidence pack of a day to an xlsx file (docs/evidence.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from xlsxwriter.exceptions import FileCreateError

from governance.campaign_selectors import campaign_read
from governance.evidence import campaign_day, evidence_write


def _day(value):
    """The day `value` names (YYYY-MM-DD, no later than today), today when None."""
    today = timezone.localdate()
    if value is None:
        return today
    try:
        day = parse_date(value) if len(value) == 10 else None
    except ValueError:  # well-formed but impossible, such as 2026-02-30
        day = None
    if day is None:
        raise CommandError(_("%(value)r is not a date: give it as YYYY-MM-DD.") % {
            "value": value})
    if day > today:
        raise CommandError(_("%(day)s is after today: give a day no later than today.") % {
            "day": day.isoformat()})
    return day


class Command(BaseCommand):
    help = ("Write the evidence pack of a day (the matrix, the owners and the people holding "
            "their posts, the confirmations, the open findings and the waivers in force), or of a "
            "confirmation campaign with its answers, to an xlsx file.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day the pack shows, YYYY-MM-DD (default: today).")
        parser.add_argument("--campaign", help="A confirmation campaign's number: its answers "
                            "come first, on the day of its deadline (or today, while open).")
        parser.add_argument("--output", "-o", required=True, help="The xlsx file to write.")

    def handle(self, *args, date, output, campaign=None, **options):
        path = Path(output)
        if campaign is not None:
            if date is not None:
                raise CommandError(_("Give --campaign or --date, not both: a campaign's pack "
                                     "shows the day of its deadline."))
            number, campaign = campaign, campaign_read(campaign)
            if campaign is None:
                raise CommandError(_("There is no confirmation campaign #%(number)s.")
                                   % {"number": number})
        day = campaign_day(campaign) if campaign is not None else _day(date)

        def progress(sheet):
            self.stdout.write(_("Writing the sheet %(sheet)s…") % {"sheet": sheet})

        try:
            # Refused before the sheets are read, which takes a while on a large registry.
            if path.is_dir() or not path.parent.is_dir():
                raise CommandError(_("Cannot write %(path)s: no such folder, or it is a "
                                     "folder.") % {"path": path})
            evidence_write(day=day, target=str(path), progress=progress, campaign=campaign)
        except (OSError, ValueError, FileCreateError) as error:  # ValueError: a NUL in the name
            reason = getattr(error, "strerror", None) or error
            raise CommandError(_("Cannot write %(path)s: %(reason)s.") % {
                "path": path, "reason": reason}) from None
        self.stdout.write(self.style.SUCCESS(_("Wrote the evidence pack of %(day)s to %(path)s.")
                                             % {"day": day.isoformat(), "path": path}))
