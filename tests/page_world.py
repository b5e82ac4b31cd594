"""A small organisation for the page tests, and a way to grow it for the query-count tests.

`page_world` puts one duty in `own_process` (which process_editor may edit) and one in a far
process nobody but the global editors may edit, and an open proposal by `proposer` (none of
the cast) that Far department be Informed of own-duty too: Far department (whose letters it
changes) and Own department (which owns own-process) must consent. An open confirmation
campaign over own-process asks the holder of own-role (no login) about its duties. `grow(n)`
adds `n` more of everything a page shows — departments, posts, people, duties with all four
letters, open proposals — so a test can assert that a page's query count is the same for the
small world and a larger one.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from governance.campaigns import campaign_open
from governance.services import proposal_create
from responsibilities.models import Raci
from tests import factories
from tests.module_world import clients_as, user_make

WORLD_PROPOSAL = "Keep Far department informed of own duty"
WORLD_CAMPAIGN = "Own process review"


def staffed_role(department, **extra):
    role = factories.RoleFactory(department=department, **extra)
    factories.MembershipFactory(role=role)
    return role


def lettered_duty(process, accountable, responsible, consulted, informed, **extra):
    """A duty with one party on each letter (roles or departments)."""
    duty = factories.DutyFactory(process=process, **extra)
    for party, letter in ((accountable, Raci.ACCOUNTABLE), (responsible, Raci.RESPONSIBLE),
                          (consulted, Raci.CONSULTED), (informed, Raci.INFORMED)):
        kind = "role" if party._meta.model_name == "role" else "department"
        factories.AssignmentFactory(duty=duty, raci=letter, **{kind: party})
    return duty


def page_world_create(own_department, own_process):
    """The organisation around `own_department` and `own_process` (see the module's doc)."""
    own_role = staffed_role(own_department, code="own-role", name="Own role")
    far_department = factories.DepartmentFactory(code="far-dept", name="Far department",
                                                 chat="#far")
    far_role = staffed_role(far_department, code="far-role", name="Far role")
    far_process = factories.ProcessFactory(code="far-process", name="Far process",
                                           owner=far_department, kind="playbook",
                                           channel="#far-incident")
    own_duty = lettered_duty(own_process, own_role, own_role, far_department, far_role,
                             code="own-duty", title="Own duty", out_of_scope="Refunds: ask Far.")
    next_duty = lettered_duty(own_process, own_role, far_role, own_department, far_department,
                              code="next-duty", title="Next duty")
    far_duty = lettered_duty(far_process, far_role, far_role, own_role, own_department,
                             code="far-duty", title="Far duty")
    proposer = user_make("proposer")
    proposal = proposal_create(user=proposer, title=WORLD_PROPOSAL,
                               reason="Far department hears of complaints too late.",
                               cells=[{"duty": "own-duty", "party": "department:far-dept",
                                       "raci": "CI"}])
    opener = get_user_model().objects.create_superuser("opener", "opener@example.com", None)
    campaign = campaign_open(user=opener, title=WORLD_CAMPAIGN,
                             deadline=timezone.localdate() + timedelta(days=30),
                             process=own_process)
    return SimpleNamespace(
        own_department=own_department, own_process=own_process, own_role=own_role,
        own_duty=own_duty, next_duty=next_duty,
        far_department=far_department, far_role=far_role, far_process=far_process,
        far_duty=far_duty, proposer=proposer, proposal=proposal, campaign=campaign,
    )


@pytest.fixture
def page_world(own_department, own_process):
    return page_world_create(own_department, own_process)


@pytest.fixture
def grow(page_world):
    """`grow(n)`: n more departments with staffed posts, and n more duties in each process."""

    def more(n):
        world = page_world
        for _ in range(n):
            department = factories.DepartmentFactory()
            role = staffed_role(department)
            factories.MembershipFactory(role=role)
            factories.RoleFactory(department=world.own_department)
            for process in (world.own_process, world.far_process):
                lettered_duty(process, role, world.own_role, department, world.far_role)
            lettered_duty(world.own_process, world.own_role, role, world.far_role, department)
            duty = lettered_duty(None, role, world.far_role, world.own_department, department)
            proposal_create(user=world.proposer, title=f"Also consult {department.name}",
                            reason="They know the customers.", cells=[
                                {"duty": duty.code, "party": f"department:{department.code}",
                                 "raci": "CI"}])
        return world

    return more


@pytest.fixture
def client_as(request):
    """`client_as("viewer")`: a test Client logged in as that cast member ("anonymous": none)."""
    return clients_as(request, Client, Client.force_login)
