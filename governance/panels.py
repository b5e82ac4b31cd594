"""What proposals add to the pages of the apps below (registry.panels): a way to propose a
change from a duty, a finding or the matrix, and the proposals still open on a duty."""

from django.urls import reverse

from governance.models import ProposalState
from governance.selectors import proposal_list
from registry import panels

# Open proposals a duty page lists.
SHOWN = 10


def _duty(*, code):
    return {
        "propose_url": reverse("governance:proposal_new"),
        "open_proposals": list(proposal_list(state=ProposalState.OPEN, duty=code)[:SHOWN]),
    }


def register_panels():
    """Register a provider for each page that offers proposals."""
    panels.register("duty_detail", _duty)
    panels.register("findings_list", lambda **scope: {
        "propose_url": reverse("governance:proposal_new")})
    panels.register("matrix_actions", lambda **scope: {
        "propose_url": reverse("governance:proposal_new")})
