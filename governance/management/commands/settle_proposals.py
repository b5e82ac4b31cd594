from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand

from governance.services import proposals_settle


class Command(BaseCommand):
    help = (
        "Turn silence into consent: every open proposal whose consent deadline "
        "(RACI_CONSENT_DAYS after it was put to the departments) has passed gets consent from "
        "each department yet to answer, and is applied, or marked stale when the matrix moved. "
        "Run it daily; it does nothing while RACI_CONSENT_DAYS is 0."
    )

    def handle(self, *args, **options):
        if not settings.RACI_CONSENT_DAYS:
            self.stdout.write("No consent deadline is set (RACI_CONSENT_DAYS is 0): every "
                              "proposal waits for its answers.")
            return
        self.stdout.write(f"Settling the open proposals older than {settings.RACI_CONSENT_DAYS} "
                          "days…")
        settled = proposals_settle()
        for proposal in settled:
            self.stdout.write(f"  #{proposal.pk} {proposal.title}: {proposal.state}")
        states = Counter(proposal.state for proposal in settled)
        self.stdout.write(self.style.SUCCESS(
            f"Settled {len(settled)} proposal(s): {states['applied']} applied, "
            f"{states['stale']} stale."))
