"""A small organisation in two halves: what the object-permission users own, and what not.

`own-*` objects sit in `own_department` / `own_process` (dept_admin and process_editor may
edit them); `far-*` objects belong to nobody's object permissions; `empty-*` objects have
nothing inside them, so they can be deleted. An open proposal, by nobody of the cast, asks
that own-dept be Consulted on far-duty: own-dept and far-dept must consent. An open
confirmation campaign over far-process, opened by nobody of the cast, asks far-duty's owner
(the holder of far-role, which is Accountable for it), who has no login; nothing a route
deletes takes it along.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db.models import Max
from django.utils import timezone
from rest_framework.test import APIClient

from governance.models import (
    Answer,
    Campaign,
    CampaignItem,
    Proposal,
    ProposalCell,
    ProposalState,
)
from responsibilities.models import Raci
from tests import factories
from tests.module_world import clients_as, user_make

# The models whose every write leaves a history row.
HISTORY_MODELS = [
    model for app in ("departments", "responsibilities", "findings")
    for model in apps.get_app_config(app).get_models()
    if hasattr(model, "history")
]
# The registry's rows: what a refused write must leave as it was (tests/snapshots.py). The
# proposals keep no history of their own.
REGISTRY_MODELS = [*HISTORY_MODELS, Proposal, ProposalCell, Answer, Campaign, CampaignItem]

# The ids of the world's proposal and campaign: the paths of tests/access.py are written out.
WORLD_PROPOSAL = 900_001
WORLD_CAMPAIGN = 900_002


def proposal_make(department, duty):
    """An open proposal, by `proposer` (none of the cast, as in tests/page_world.py), that
    `department` be Consulted on `duty` (of far-process): `department` and far-process's owner
    must consent."""
    proposal = Proposal.objects.create(
        pk=WORLD_PROPOSAL, title="Consult own department on far duty",
        reason="Own department hears of it too late.", author=user_make("proposer"),
        state=ProposalState.OPEN, opened_at=timezone.now())
    ProposalCell.objects.create(proposal=proposal, duty=duty, department=department,
                                before="", after="C")
    return proposal


def campaign_make(process, duty, person, department):
    """An open campaign over `process`, by `opener` (none of the cast), asking `person` about
    `duty` (held through `department`), due in a month."""
    campaign = Campaign.objects.create(
        pk=WORLD_CAMPAIGN, title="Far process review", process=process,
        deadline=timezone.localdate() + timedelta(days=30), opened_by=user_make("opener"))
    CampaignItem.objects.create(campaign=campaign, person=person, duty=duty,
                                department=department)
    return campaign


def world_create(own_department, own_process):
    """The organisation around `own_department` and `own_process` (see the module's doc)."""
    own_role = factories.RoleFactory(code="own-role", name="Own role", department=own_department)
    own_person = factories.PersonFactory(name="Olive Own", email="olive@example.com", chat="@olive")
    own_duty = factories.DutyFactory(code="own-duty", title="Own duty", process=own_process)
    far_department = factories.DepartmentFactory(code="far-dept", name="Far department")
    far_role = factories.RoleFactory(code="far-role", department=far_department)
    far_process = factories.ProcessFactory(code="far-process", owner=far_department)
    far_duty = factories.DutyFactory(code="far-duty", process=far_process)
    far_membership = factories.MembershipFactory(role=far_role)
    return SimpleNamespace(
        own_department=own_department, own_process=own_process, own_role=own_role,
        own_person=own_person, own_duty=own_duty,
        own_membership=factories.MembershipFactory(person=own_person, role=own_role),
        own_assignment=factories.AssignmentFactory(duty=own_duty, department=own_department,
                                         raci=Raci.RESPONSIBLE),
        far_department=far_department, far_role=far_role, far_process=far_process,
        far_duty=far_duty,
        far_membership=far_membership,
        far_assignment=factories.AssignmentFactory(duty=far_duty, role=far_role,
                                                   raci=Raci.ACCOUNTABLE),
        empty_department=factories.DepartmentFactory(code="empty-dept"),
        empty_process=factories.ProcessFactory(code="empty-process", owner=None),
        proposal=proposal_make(own_department, far_duty),
        campaign=campaign_make(far_process, far_duty, far_membership.person, far_department),
    )


@pytest.fixture
def world(own_department, own_process):
    return world_create(own_department, own_process)


@pytest.fixture
def tech_duty(own_process):
    """own-duty in own_process, department `tech` Accountable for it."""
    duty = factories.DutyFactory(code="own-duty", process=own_process)
    factories.AssignmentFactory(duty=duty, department=factories.DepartmentFactory(code="tech"),
                                raci=Raci.ACCOUNTABLE)
    return duty


@pytest.fixture
def api_client_as(request):
    """`api_client_as("viewer")`: an APIClient logged in as that cast member ("anonymous": none)."""
    return clients_as(request, APIClient, APIClient.force_authenticate)


class HistoryWatch:
    """The history rows written after it was made: `rows()`; create it after the users."""

    def __init__(self):
        self.start = {model: model.history.aggregate(last=Max("history_id"))["last"] or 0
                      for model in HISTORY_MODELS}

    def rows(self):
        return [row for model, last in self.start.items()
                for row in model.history.filter(history_id__gt=last).select_related(
                    "history_user")]

    def users(self):
        return [row.history_user for row in self.rows()]
