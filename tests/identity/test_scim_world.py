"""The world the SCIM tests speak in terms of (no tests here): an organisation with a post
that owns several duties, the identity provider's token, a client that speaks SCIM with it,
and the recorded requests of Entra ID and Okta (tests/identity/scim_requests/)."""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client

from departments.models import Notify
from findings.naming import findings_grouped
from findings.selectors import findings_list
from findings.store import findings_current
from governance.models import Notification
from identity.models import ScimGroup
from identity.services import token_create
from registry import changes
from responsibilities.services.cells import CellChange, cells_set
from tests import factories

REQUESTS = Path(__file__).parent / "scim_requests"
SCIM = "application/scim+json"


def recorded(name, **ids):
    """The recorded body `name`.json, each ${key} replaced by ids[key]."""
    body = (REQUESTS / f"{name}.json").read_text()
    for key, value in ids.items():
        body = body.replace("${" + key + "}", str(value))
    return json.loads(body)


class Scim:
    """A client of /scim/v2/ with a bearer token (or `authorization` as given)."""

    def __init__(self, token, authorization=None):
        self.client = Client()
        self.headers = {"Authorization": authorization or f"Bearer {token}"}

    def _send(self, method, path, body=None, raw=None):
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        return getattr(self.client, method)(f"/scim/v2/{path}", data=data, content_type=SCIM,
                                            headers=self.headers)

    def get(self, path):
        return self.client.get(f"/scim/v2/{path}", headers=self.headers)

    def post(self, path, body=None, raw=None):
        return self._send("post", path, body, raw)

    def put(self, path, body=None, raw=None):
        return self._send("put", path, body, raw)

    def patch(self, path, body=None, raw=None):
        return self._send("patch", path, body, raw)

    def delete(self, path):
        return self.client.delete(f"/scim/v2/{path}", headers=self.headers)


def vacancy_items():
    """{party: item} of the vacant-owner items as the findings page groups them."""
    shown = list(findings_list(vacancies_together=True))
    items = findings_grouped(shown)
    found = {}
    for item in items:
        if item.rule == "vacant-owner":
            found.setdefault(item.parties[0], []).append(item)
    return found


@pytest.fixture
def token(db):
    """The token of the identity provider "entra" and its ScimToken."""
    secret, found = token_create("entra")
    return SimpleNamespace(secret=secret, record=found, user=found.user)


@pytest.fixture
def scim(token):
    return Scim(token.secret)


@pytest.fixture
def org(db):
    """Customer service's manager is Responsible or Accountable on three steps of complaint
    handling (whose head of support is Accountable), a team lead on two of refunds (whose
    finance head is Accountable); the groups cs-managers and team-leads stand for those
    roles, and "all-staff" for none."""
    service = factories.DepartmentFactory(code="service", name="Customer service")
    support = factories.DepartmentFactory(code="support", name="Support office")
    finance = factories.DepartmentFactory(code="finance", name="Finance")
    manager = factories.RoleFactory(code="cs-manager", name="Customer service manager",
                                    department=service)
    agent = factories.RoleFactory(code="cs-agent", name="Agent", department=service)
    lead = factories.RoleFactory(code="team-lead", name="Team lead", department=service)
    head = factories.RoleFactory(code="head", name="Head of support", department=support)
    cfo = factories.RoleFactory(code="finance-head", name="Finance head", department=finance)
    complaints = factories.ProcessFactory(code="complaints", name="Complaint handling",
                                          owner=support)
    refunds = factories.ProcessFactory(code="refunds", name="Refunds", owner=finance)
    for code in ("complaint-intake", "complaint-summary", "complaint-follow-up"):
        factories.DutyFactory(code=code, title=code.replace("-", " ").capitalize(),
                              process=complaints)
    for code in ("refund-check", "refund-approve"):
        factories.DutyFactory(code=code, title=code.replace("-", " ").capitalize(),
                              process=refunds)
    cells_set(changes=[
        CellChange("complaint-intake", "role:cs-manager", "R"),
        CellChange("complaint-intake", "role:head", "A"),
        CellChange("complaint-summary", "role:cs-manager", "A"),
        CellChange("complaint-summary", "role:cs-agent", "R"),
        CellChange("complaint-follow-up", "role:cs-manager", "R"),
        CellChange("complaint-follow-up", "role:head", "A"),
        CellChange("refund-check", "role:team-lead", "R"),
        CellChange("refund-check", "role:finance-head", "A"),
        CellChange("refund-approve", "role:team-lead", "R"),
        CellChange("refund-approve", "role:finance-head", "A"),
    ], user=None)
    hana = factories.PersonFactory(name="Hana Head", email="hana@example.com",
                                   notify=Notify.DIGEST)
    fred = factories.PersonFactory(name="Fred Finance", email="fred@example.com")
    ann = factories.PersonFactory(name="Ann Agent", email="ann@example.com")
    factories.MembershipFactory(person=hana, role=head)
    factories.MembershipFactory(person=fred, role=cfo)
    factories.MembershipFactory(person=ann, role=agent)
    groups = {name: ScimGroup.objects.create(display_name=name, role=role)
              for name, role in (("cs-managers", manager), ("team-leads", lead),
                                 ("all-staff", None))}
    findings_current()
    changes.flush()
    Notification.objects.all().delete()
    return SimpleNamespace(manager=manager, agent=agent, lead=lead, head=head, cfo=cfo,
                           hana=hana, fred=fred, ann=ann, groups=groups,
                           complaints=complaints, refunds=refunds)
