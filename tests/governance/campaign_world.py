"""A small organisation for the confirmation campaign tests (services, API and pages).

Technology has an approver post, Technical lead (Alice), and Engineers (Gil; Dan, whose
membership ended yesterday; Ivy, who is no longer active; Uma, who starts tomorrow). Customer
service has no approver post: Agent (Bo) and Desk (Cai). Finance's Accountant is Fay. The
Care process (owned by Customer service) has three steps:

1. "Handle user feedback": Technology Accountable (its approver is asked: Alice), the
   Engineer post Responsible (Gil), Customer service Consulted (nobody is asked for a C).
2. "Approve refunds": the Agent post Accountable (Bo), Customer service Responsible (nobody
   there approves, so everyone in it is asked: Bo again, and Cai), Finance Informed.
3. "Escalate to engineering": the Engineer post Accountable and Responsible (Gil).

Outside any process, "Reconcile the ledger" is Finance's Accountant's (Fay), and "Old
report" is switched off (nobody is asked about it). Everyone asked has a login named after
them in lower case.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from guardian.shortcuts import assign_perm

from departments.models import Notify
from findings.store import findings_current
from governance.campaigns import campaign_open
from governance.models import Notification
from registry import changes
from responsibilities.services.cells import CellChange, cells_set
from tests import factories
from tests.module_world import superuser_make, user_make

CARE_DUTIES = ("feedback", "refunds", "escalate")


def person(name, role=None, *, login=True, notify=Notify.IMMEDIATE, **extra):
    """A person named `name` (email: first name @example.com, login: first name) holding
    `role` from today on, unless `role` is None; `extra` goes to the membership."""
    first = name.split()[0].lower()
    someone = factories.PersonFactory(name=name, email=f"{first}@example.com", notify=notify,
                                      user=user_make(first) if login else None,
                                      is_active=extra.pop("person_active", True))
    if role is not None:
        factories.MembershipFactory(person=someone, role=role, **extra)
    return someone


def lead_of(target, codename):
    """A user holding guardian's `codename` on `target` only."""
    user = user_make(f"lead-{target.code}")
    assign_perm(codename, user, target)
    return user


def campaign_world_create():
    today = timezone.localdate()
    tech = factories.DepartmentFactory(code="tech", name="Technology", name_zh_hans="技术部")
    service = factories.DepartmentFactory(code="service", name="Customer service",
                                          name_zh_hans="客服部")
    finance = factories.DepartmentFactory(code="finance", name="Finance")
    legal = factories.DepartmentFactory(code="legal", name="Legal")  # holds no letter
    lead = factories.RoleFactory(code="tech-lead", name="Technical lead", department=tech,
                                 is_approver=True)
    engineer = factories.RoleFactory(code="engineer", name="Engineer", department=tech)
    agent = factories.RoleFactory(code="agent", name="Agent", department=service)
    desk = factories.RoleFactory(code="desk", name="Desk", department=service)
    accountant = factories.RoleFactory(code="accountant", name="Accountant", department=finance)
    world = SimpleNamespace(
        today=today, tech=tech, service=service, finance=finance, legal=legal, lead=lead,
        engineer=engineer, agent=agent, desk=desk, accountant=accountant,
        alice=person("Alice Wong", lead),
        gil=person("Gil Now", engineer),
        dan=person("Dan Gone", engineer, start_date=today - timedelta(days=300),
                   end_date=today - timedelta(days=1)),
        ivy=person("Ivy Retired", engineer, person_active=False),
        uma=person("Uma Soon", engineer, start_date=today + timedelta(days=1)),
        bo=person("Bo Li", agent),
        cai=person("Cai Desk", desk),
        fay=person("Fay Ledger", accountant),
    )
    care = factories.ProcessFactory(code="care", name="Care", owner=service)
    factories.DutyFactory(code="feedback", title="Handle user feedback",
                          title_zh_hans="处理用户反馈", process=care)
    factories.DutyFactory(code="refunds", title="Approve refunds", process=care)
    factories.DutyFactory(code="escalate", title="Escalate to engineering", process=care)
    factories.DutyFactory(code="ledger", title="Reconcile the ledger")
    factories.DutyFactory(code="old-report", title="Old report", is_active=False)
    cells_set(changes=[
        CellChange("feedback", "department:tech", "A"),
        CellChange("feedback", "role:engineer", "R"),
        CellChange("feedback", "department:service", "C"),
        CellChange("refunds", "role:agent", "A"),
        CellChange("refunds", "department:service", "R"),
        CellChange("refunds", "department:finance", "I"),
        CellChange("escalate", "role:engineer", "AR"),
        CellChange("ledger", "role:accountant", "AR"),
        CellChange("old-report", "role:engineer", "AR"),
    ], user=None)
    world.care = care
    world.tech_lead = lead_of(tech, "departments.change_department")
    world.service_lead = lead_of(service, "departments.change_department")
    world.care_editor = lead_of(care, "responsibilities.change_process")
    world.organiser = user_make("organiser")
    assign_perm("governance.add_campaign", world.organiser)
    world.root = superuser_make()
    findings_current()
    changes.flush()  # the factories' writes, handed on before the test's own
    Notification.objects.all().delete()
    return world


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


def asked(campaign):
    """The campaign's items as (duty code, person's name, department code), sorted."""
    return sorted(campaign.items.values_list("duty__code", "person__name_en", "department__code"))


NOT_MINE = "Finance approves refunds; we only pass them on."


@pytest.fixture
def world():
    return campaign_world_create()


@pytest.fixture
def care(world):
    """A campaign over the Care process, opened by its editor, due in two weeks."""
    return campaign_open(user=world.care_editor, title="Care review", deadline=in_days(14),
                         process=world.care)
