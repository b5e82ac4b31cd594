"""What proposals add to the pages of the apps below (registry.panels): a way to propose a
change from a duty, a finding or the matrix, and the proposals still open on a duty; and the
findings page's link to the evidence pack."""

from django.urls import reverse
from django.utils.http import urlencode

from findings.store import finding_key
from governance.campaign_selectors import campaigns_asking
from governance.models import ProposalState
from governance.selectors import proposal_list
from registry import panels
from registry.permissions import is_active_user

# Open proposals a duty page lists.
SHOWN = 10


def _new(**query):
    """The address of the proposal form for the duties `query` names."""
    url = reverse("governance:proposal_new")
    query = {name: value for name, value in query.items() if value}
    return f"{url}?{urlencode(query)}" if query else url


def _duty(*, code):
    """The duty page: the form for this duty, and the proposals open on it (one query)."""
    return {
        "propose_url": _new(duty=code),
        "open_proposals": list(proposal_list(state=ProposalState.OPEN, duty=code)[:SHOWN]),
    }


class FixProposals:
    """The findings page's link to propose a fix of each finding it lists, read as
    `propose_fix|get_item:item`: the proposal form for the finding's duty, titled with its
    message; None for a finding about no duty, or a vacancy's findings shown as one."""

    def get(self, item):
        if getattr(item, "is_group", True) or not item.duty:
            return None
        return _new(duty=item.duty, finding=finding_key(item.finding))


def _findings(*, user):
    """The findings page: a fix to propose for each finding on a duty, for a logged-in reader
    (proposing needs a login)."""
    return {"propose_fix": FixProposals()} if is_active_user(user) else {}


def _evidence(*, user):
    """The findings page: the auditors' evidence pack of today, for a logged-in reader (the
    pack names people, so it needs a login)."""
    return {"evidence_url": reverse("api:evidence")} if is_active_user(user) else {}


def _matrix(*, user, process=None, duty=None):
    """The matrix: the form for the duty or the process the matrix shows, for a logged-in
    reader."""
    if not is_active_user(user):
        return {}
    return {"propose_url": _new(duty=duty) if duty else _new(process=process)}


def _home(*, user):
    """The home page: the open confirmation campaigns that wait for the reader's answers, each
    with how many of their duties (one query, none for a visitor)."""
    return {"campaigns_asking": campaigns_asking(user=user)}


def register_panels():
    """Register a provider for each page that offers proposals."""
    panels.register("duty_detail", _duty)
    panels.register("home", _home)
    panels.register("findings_list", _findings)
    panels.register("findings_list", _evidence)
    panels.register("matrix_propose", _matrix)
