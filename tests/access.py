"""The endpoint × role table of the REST API.

Each Route names one method on one URL (a literal /api/v1/ path, with `{placeholders}`
filled from the `world` of tests/api_world.py), the URL name it must resolve to, the roles
allowed, and the status they get. Everyone else logged in gets `refused` (403 unless said
otherwise); anonymous visitors get `anonymous` (401). A write names what it changes when it
succeeds (`expect`, tests/snapshots.py): each object, with its new values and one history
row naming the acting user. tests/registry/test_api_access.py runs every route for every
role, and fails when an /api/v1/ URL name, or a method its view answers, has no row here.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from departments.models import Department, Membership, Person, Role
from findings.models import Waiver
from responsibilities.models import Assignment, Duty, Process
from tests.api_world import WORLD_CAMPAIGN, WORLD_PROPOSAL
from tests.routes import url_names
from tests.snapshots import changed, created, deleted

ROLES = ("anonymous", "viewer", "editor", "dept_admin", "process_editor", "outsider",
         "superuser")
LOGGED_IN = frozenset(ROLES) - {"anonymous"}
GLOBAL = frozenset({"editor", "superuser"})
DEPARTMENT_ADMINS = GLOBAL | {"dept_admin"}
PROCESS_EDITORS = GLOBAL | {"process_editor"}


@dataclass(frozen=True)
class Upload:
    """A file in a multipart body."""

    name: str
    content: bytes


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    name: str
    allowed: frozenset
    status: int
    body: dict = field(default_factory=dict)
    refused: int = 403
    anonymous: int = 401
    expect: tuple = ()  # what a successful write changes (tests/snapshots.py)
    multipart: bool = False  # the body as a form with files (Upload values), not JSON
    label: str = ""  # tells apart rows of the same method and path

    @property
    def is_write(self):
        return self.method not in ("GET", "HEAD", "OPTIONS")

    def expected(self, role):
        if role == "anonymous":
            return self.anonymous
        return self.status if role in self.allowed else self.refused

    def __str__(self):
        return f"{self.method} {self.path}" + (f" ({self.label})" if self.label else "")


def read(path, name, anonymous=401):
    return Route("GET", path, name, LOGGED_IN, 200, anonymous=anonymous)


def probes(path, name, *, head=True, anonymous=401):
    """HEAD (the GET handler without the body) and OPTIONS (DRF's description of the
    endpoint), which every DRF view answers as reads."""
    return [
        *([Route("HEAD", path, name, LOGGED_IN, 200, anonymous=anonymous)] if head else []),
        Route("OPTIONS", path, name, LOGGED_IN, 200, anonymous=anonymous),
    ]


def wrong_method(method, path, name):
    return Route(method, path, name, LOGGED_IN, 405)


@dataclass(frozen=True)
class Resource:
    """A CRUD resource of the API: `departments` named `api:department-*`, with `item` the
    code (or `{placeholder}` id) of the object its detail routes address."""

    base: str
    name: str
    item: str

    def detail(self, item=None):
        return f"/api/v1/{self.base}/{item or self.item}/"

    def reads(self):
        """List and detail, read, HEAD and OPTIONS, and PUT on the list (405)."""
        listing, detail = f"/api/v1/{self.base}/", self.detail()
        return [
            read(listing, f"api:{self.name}-list"),
            *probes(listing, f"api:{self.name}-list"),
            wrong_method("PUT", listing, f"api:{self.name}-list"),
            read(detail, f"api:{self.name}-detail"),
            *probes(detail, f"api:{self.name}-detail"),
        ]

    def create(self, allowed, body, *expect):
        return Route("POST", f"/api/v1/{self.base}/", f"api:{self.name}-list", allowed, 201,
                     body, expect=expect)

    def change(self, allowed, body, *expect):
        return Route("PATCH", self.detail(), f"api:{self.name}-detail", allowed, 200, body,
                     expect=expect)

    def replace(self, allowed, body, *expect):
        return Route("PUT", self.detail(), f"api:{self.name}-detail", allowed, 200, body,
                     expect=expect)

    def restore(self):
        """POST restore/ of an object that is not deleted: a 400 that says so, to anyone logged
        in (who may restore what is in tests/registry/test_restore.py), and OPTIONS."""
        path = f"{self.detail()}restore/"
        return [Route("POST", path, f"api:{self.name}-restore", LOGGED_IN, 400),
                *probes(path, f"api:{self.name}-restore", head=False)]

    def delete(self, allowed, *expect, item=None):
        return Route("DELETE", self.detail(item), f"api:{self.name}-detail", allowed, 204,
                     expect=expect)


API_DEPARTMENTS = Resource("departments", "department", "own-dept")
API_ROLES = Resource("roles", "role", "own-role")
API_PEOPLE = Resource("people", "person", "{own_person}")
API_MEMBERSHIPS = Resource("memberships", "membership", "{own_membership}")
API_PROCESSES = Resource("processes", "process", "own-process")
API_DUTIES = Resource("duties", "duty", "own-duty")
API_ASSIGNMENTS = Resource("assignments", "assignment", "{own_assignment}")

OWN_DEPT, OWN_ROLE, OWN_PROCESS, OWN_DUTY = (
    {"code": "own-dept"}, {"code": "own-role"}, {"code": "own-process"}, {"code": "own-duty"})
OWN_PERSON, OWN_MEMBERSHIP, OWN_ASSIGNMENT = (
    {"pk": "{own_person}"}, {"pk": "{own_membership}"}, {"pk": "{own_assignment}"})

IMPORT = "/api/v1/matrix/import/"
CONFIRM = f"{API_DUTIES.detail()}confirm/"
# own-duty has one letter (own-dept R); far-duty has far-role A.
OWN_SHEET = Upload("matrix.csv", b"duty,title,role:own-role\nown-duty,,C\n")
FAR_SHEET = Upload("matrix.csv", b"duty,title,role:far-role\nfar-duty,,R\n")
BAD_SHEET = Upload("matrix.csv", b"duty,title,role:own-role\nown-duty,,Boss\n")


# The keys (findings.store.finding_key) of own-duty's no-accountable and of empty-process's
# unowned-process in the world of tests/api_world.py.
WAIVABLE_KEY = "57d5a080a3eb61530aa809985870765b"
NO_DUTY_KEY = "66b702f4d17d9254b2dc9e54c6eeeb16"
IN_A_MONTH = (date.today() + timedelta(days=30)).isoformat()


# proposals/: the world's proposal, open, asks that own-dept be Consulted on far-duty; its
# author is none of the cast. Anyone logged in may propose; the cast's proposals here are
# refused by the service (a cell that already holds its letters), so nothing is created.
API_PROPOSALS = Resource("proposals", "proposal", str(WORLD_PROPOSAL))
ANSWERS = f"{API_PROPOSALS.detail()}answers/"
UNCHANGED_CELL = {"title": "Own department responsible", "reason": "As it is.",
                  "cells": [{"duty": "own-duty", "party": "department:own-dept", "raci": "R"}]}


def proposals_routes():
    """Reading, proposing, changing (only the author may: nobody here) and answering (for
    own-dept: whoever may edit it, refused for an objection without a reason; for a department
    not asked: nobody)."""
    detail, name = API_PROPOSALS.detail(), "api:proposal-detail"
    return [
        *API_PROPOSALS.reads(),
        read("/api/v1/proposals/?state=open&department=own-dept&duty=far-duty",
             "api:proposal-list"),
        Route("POST", "/api/v1/proposals/", "api:proposal-list", LOGGED_IN, 400,
              UNCHANGED_CELL, label="no change"),
        Route("PATCH", detail, name, frozenset(), 403, {"title": "Mine now"},
              label="revision"),
        Route("PATCH", detail, name, frozenset(), 403, {"state": "withdrawn"},
              label="withdrawal"),
        wrong_method("PUT", detail, name),
        wrong_method("DELETE", detail, name),
        read(ANSWERS, "api:proposal-answers"),
        *probes(ANSWERS, "api:proposal-answers"),
        Route("POST", ANSWERS, "api:proposal-answers", DEPARTMENT_ADMINS, 400,
              {"department": "own-dept", "answer": "objection", "reason": ""},
              label="objection without a reason"),
        Route("POST", ANSWERS, "api:proposal-answers", LOGGED_IN, 400,
              {"department": "empty-dept", "answer": "consent"}, label="not asked"),
        wrong_method("PUT", ANSWERS, "api:proposal-answers"),
    ]


# campaigns/: the world's campaign, open over far-process, asks far-duty's owner, who has no
# login: nobody of the cast answers it. Opening or changing one over a process is for whoever
# may edit the process, over the whole organisation for holders of governance.add_campaign;
# here each is refused by the service (a deadline in the past), so nothing is written.
API_CAMPAIGNS = Resource("campaigns", "campaign", str(WORLD_CAMPAIGN))
PAST = "2020-01-01"


def campaigns_routes():
    """Reading a campaign, its tasks and its evidence pack; opening, changing and answering
    it: refused by the service or by the permissions, never written."""
    detail, name = API_CAMPAIGNS.detail(), "api:campaign-detail"
    tasks, answers, evidence = (f"{detail}{tail}/" for tail in ("tasks", "answers", "evidence"))
    return [
        *API_CAMPAIGNS.reads(),
        Route("POST", "/api/v1/campaigns/", "api:campaign-list", PROCESS_EDITORS, 400,
              {"title": "Check", "deadline": PAST, "process": "own-process"},
              label="own process, past deadline"),
        Route("POST", "/api/v1/campaigns/", "api:campaign-list", frozenset({"superuser"}), 400,
              {"title": "Check everything", "deadline": PAST}, label="whole organisation"),
        Route("PATCH", detail, name, GLOBAL, 400, {"deadline": PAST}),
        wrong_method("PUT", detail, name),
        wrong_method("DELETE", detail, name),
        read(f"{tasks}?limit=10", "api:campaign-tasks"),
        *probes(tasks, "api:campaign-tasks"),
        wrong_method("POST", tasks, "api:campaign-tasks"),
        Route("POST", answers, "api:campaign-answers", frozenset(), 403,
              {"duty": "far-duty", "answer": "confirmed"}, label="not asked"),
        *probes(answers, "api:campaign-answers", head=False),
        wrong_method("GET", answers, "api:campaign-answers"),
        read(evidence, "api:campaign-evidence"),
        *probes(evidence, "api:campaign-evidence"),
        wrong_method("POST", evidence, "api:campaign-evidence"),
    ]


# webhooks/: for holders of the webhook permissions alone (here, the superuser). No webhook
# exists in the world: a detail is a 404 to them, a 403 to everyone else logged in.
WEBHOOKS = "/api/v1/webhooks/"
NO_WEBHOOK = f"{WEBHOOKS}999999/"


def webhooks_routes():
    """Every method of the list, a webhook and its deliveries: the superuser's, refused to the
    rest of the cast; a bad subscription is a 400 and creates nothing."""
    only = frozenset({"superuser"})
    deliveries = f"{NO_WEBHOOK}deliveries/"
    return [
        *(Route(method, WEBHOOKS, "api:webhook-list", only, 200)
          for method in ("GET", "HEAD", "OPTIONS")),
        Route("POST", WEBHOOKS, "api:webhook-list", only, 400,
              {"name": "Hook", "url": "ftp://example.com/"}, label="bad URL"),
        Route("PUT", WEBHOOKS, "api:webhook-list", only, 405),
        *(Route(method, NO_WEBHOOK, "api:webhook-detail", only, 404)
          for method in ("GET", "HEAD", "DELETE")),
        Route("OPTIONS", NO_WEBHOOK, "api:webhook-detail", only, 200),
        Route("PATCH", NO_WEBHOOK, "api:webhook-detail", only, 404, {"name": "Mine"}),
        Route("PUT", NO_WEBHOOK, "api:webhook-detail", only, 405),
        *(Route(method, deliveries, "api:webhook-deliveries", only, 404)
          for method in ("GET", "HEAD")),
        Route("OPTIONS", deliveries, "api:webhook-deliveries", only, 200),
    ]


def sheet(label, allowed, status, upload, *expect, dry_run=False):
    """POST matrix/import/ of one file (multipart)."""
    return Route("POST", IMPORT, "api:matrix-import", allowed, status,
                 {"file": upload, "dry_run": dry_run}, expect=expect, multipart=True,
                 label=label)


ROUTES = [
    *API_DEPARTMENTS.reads(),
    API_DEPARTMENTS.create(
        GLOBAL, {"code": "new-dept", "name": "New department", "parent": "own-dept"},
        created(Department, code="new-dept", name_en="New department", parent__code="own-dept")),
    API_DEPARTMENTS.change(
        DEPARTMENT_ADMINS, {"name": "Renamed department", "chat": "#renamed"},
        changed(Department, OWN_DEPT, name_en="Renamed department", chat="#renamed")),
    API_DEPARTMENTS.replace(
        DEPARTMENT_ADMINS, {"code": "own-dept", "name": "Put department"},
        changed(Department, OWN_DEPT, name_en="Put department")),
    API_DEPARTMENTS.delete(GLOBAL, deleted(Department, code="empty-dept"), item="empty-dept"),

    *API_DEPARTMENTS.restore(),
    *API_ROLES.reads(),
    *API_ROLES.restore(),
    *API_PROCESSES.restore(),
    *API_DUTIES.restore(),
    API_ROLES.create(
        DEPARTMENT_ADMINS, {"code": "new-role", "name": "New role", "department": "own-dept"},
        created(Role, code="new-role", name_en="New role", department__code="own-dept")),
    API_ROLES.change(
        DEPARTMENT_ADMINS, {"description": "Answers the phone."},
        changed(Role, OWN_ROLE, description_en="Answers the phone.")),
    API_ROLES.replace(
        DEPARTMENT_ADMINS, {"code": "own-role", "name": "Put role", "department": "own-dept"},
        changed(Role, OWN_ROLE, name_en="Put role", department__code="own-dept")),
    # Its membership goes with it.
    API_ROLES.delete(DEPARTMENT_ADMINS, deleted(Role, **OWN_ROLE),
                  deleted(Membership, **OWN_MEMBERSHIP)),

    *API_PEOPLE.reads(),
    API_PEOPLE.create(
        GLOBAL, {"name": "New person", "email": "new@example.com"},
        created(Person, name_en="New person", email="new@example.com")),
    API_PEOPLE.change(GLOBAL, {"phone": "+86 10 1234"},
                  changed(Person, OWN_PERSON, phone="+86 10 1234")),
    API_PEOPLE.replace(
        GLOBAL, {"name": "Olive Put", "email": "put@example.com"},
        changed(Person, OWN_PERSON, name_en="Olive Put", email="put@example.com")),
    API_PEOPLE.delete(GLOBAL, deleted(Person, **OWN_PERSON), deleted(Membership, **OWN_MEMBERSHIP)),

    *API_MEMBERSHIPS.reads(),
    API_MEMBERSHIPS.create(
        DEPARTMENT_ADMINS, {"person": "{own_person}", "role": "own-role", "is_primary": False},
        created(Membership, person="{own_person}", role__code="own-role", is_primary=False)),
    API_MEMBERSHIPS.change(
        DEPARTMENT_ADMINS, {"end_date": "2099-12-31"},
        changed(Membership, OWN_MEMBERSHIP, end_date=date(2099, 12, 31))),
    API_MEMBERSHIPS.replace(
        DEPARTMENT_ADMINS,
        {"person": "{own_person}", "role": "own-role", "start_date": "2020-01-01"},
        changed(Membership, OWN_MEMBERSHIP, role__code="own-role",
                start_date=date(2020, 1, 1))),
    API_MEMBERSHIPS.delete(DEPARTMENT_ADMINS, deleted(Membership, **OWN_MEMBERSHIP)),

    *API_PROCESSES.reads(),
    API_PROCESSES.create(
        GLOBAL, {"code": "new-process", "name": "New process", "owner": "own-dept"},
        created(Process, code="new-process", name_en="New process", owner__code="own-dept")),
    API_PROCESSES.change(PROCESS_EDITORS, {"channel": "#own-process"},
                     changed(Process, OWN_PROCESS, channel="#own-process")),
    API_PROCESSES.replace(
        PROCESS_EDITORS, {"code": "own-process", "name": "Put process", "owner": "own-dept"},
        changed(Process, OWN_PROCESS, name_en="Put process", owner__code="own-dept")),
    API_PROCESSES.delete(GLOBAL, deleted(Process, code="empty-process"), item="empty-process"),

    *API_DUTIES.reads(),
    API_DUTIES.create(
        PROCESS_EDITORS, {"code": "new-duty", "title": "New duty", "process": "own-process"},
        created(Duty, code="new-duty", title_en="New duty", process__code="own-process")),
    API_DUTIES.change(PROCESS_EDITORS, {"title": "Renamed duty"},
                  changed(Duty, OWN_DUTY, title_en="Renamed duty")),
    API_DUTIES.replace(
        PROCESS_EDITORS, {"code": "own-duty", "title": "Put duty", "process": "own-process"},
        changed(Duty, OWN_DUTY, title_en="Put duty", process__code="own-process")),
    # Confirming its letters: its owners (none of the cast holds its posts) or its editors.
    Route("POST", CONFIRM, "api:duty-confirm", PROCESS_EDITORS, 200,
          expect=(changed(Duty, OWN_DUTY, confirmed_by=None),)),
    *probes(CONFIRM, "api:duty-confirm", head=False),
    wrong_method("GET", CONFIRM, "api:duty-confirm"),
    # Its letter goes with it.
    API_DUTIES.delete(PROCESS_EDITORS, deleted(Duty, **OWN_DUTY),
                  deleted(Assignment, **OWN_ASSIGNMENT)),

    *API_ASSIGNMENTS.reads(),
    API_ASSIGNMENTS.create(
        PROCESS_EDITORS, {"duty": "own-duty", "role": "own-role", "raci": "C"},
        created(Assignment, duty__code="own-duty", role__code="own-role", raci="C")),
    API_ASSIGNMENTS.change(PROCESS_EDITORS, {"note": "Keeps the list."},
                       changed(Assignment, OWN_ASSIGNMENT, note="Keeps the list.")),
    API_ASSIGNMENTS.replace(
        PROCESS_EDITORS, {"duty": "own-duty", "department": "own-dept", "raci": "A"},
        changed(Assignment, OWN_ASSIGNMENT, duty__code="own-duty",
                department__code="own-dept", raci="A")),
    API_ASSIGNMENTS.delete(PROCESS_EDITORS, deleted(Assignment, **OWN_ASSIGNMENT)),

    read("/api/v1/matrix/?process=own-process", "api:matrix"),
    read("/api/v1/matrix/?format=csv", "api:matrix"),
    *probes("/api/v1/matrix/?process=own-process", "api:matrix"),
    wrong_method("POST", "/api/v1/matrix/", "api:matrix"),
    Route("POST", "/api/v1/matrix/cells/", "api:matrix-cells", PROCESS_EDITORS, 200,
          {"cells": [{"duty": "own-duty", "party": "department:own-dept", "raci": "AR"}]},
          expect=(created(Assignment, duty__code="own-duty", department__code="own-dept",
                          raci="A"),)),
    wrong_method("GET", "/api/v1/matrix/cells/", "api:matrix-cells"),
    *probes("/api/v1/matrix/cells/", "api:matrix-cells", head=False),
    Route("POST", "/api/v1/handover/", "api:handover", PROCESS_EDITORS, 200,
          {"party": "department:own-dept", "to": "role:own-role"},
          expect=(deleted(Assignment, duty__code="own-duty", department__code="own-dept",
                          raci="R"),
                  created(Assignment, duty__code="own-duty", role__code="own-role", raci="R"))),
    Route("POST", "/api/v1/handover/", "api:handover", PROCESS_EDITORS, 200,
          {"party": "department:own-dept", "to": "role:own-role", "dry_run": True},
          label="dry run"),
    wrong_method("GET", "/api/v1/handover/", "api:handover"),
    *probes("/api/v1/handover/", "api:handover", head=False),
    read("/api/v1/findings/?severity=error", "api:findings"),
    *probes("/api/v1/findings/?severity=error", "api:findings"),
    read("/api/v1/findings/summary/", "api:findings-summary"),
    *probes("/api/v1/findings/summary/", "api:findings-summary"),
    # waivers/: the world holds no waiver, so its detail routes answer 404 to anyone logged in
    # (tests/findings/test_waivers_pages.py covers them in full). A waiver ending today is a
    # 400 for whoever may waive the finding, a 403 for everyone else, and changes nothing:
    # own-duty's no-accountable needs the right to edit own-duty; the unowned empty-process,
    # a finding about no duty, the global right to set every cell.
    read("/api/v1/waivers/", "api:waiver-list"),
    *probes("/api/v1/waivers/", "api:waiver-list"),
    wrong_method("PUT", "/api/v1/waivers/", "api:waiver-list"),
    Route("POST", "/api/v1/waivers/", "api:waiver-list", PROCESS_EDITORS, 400,
          {"key": WAIVABLE_KEY, "reason": "On purpose.", "expires": "2020-01-01"},
          label="duty finding"),
    Route("POST", "/api/v1/waivers/", "api:waiver-list", GLOBAL, 400,
          {"key": NO_DUTY_KEY, "reason": "On purpose.", "expires": "2020-01-01"},
          label="no duty"),
    Route("POST", "/api/v1/waivers/", "api:waiver-list", PROCESS_EDITORS, 201,
          {"key": WAIVABLE_KEY, "reason": "On purpose.", "expires": IN_A_MONTH},
          expect=(created(Waiver, key=WAIVABLE_KEY, reason="On purpose."),),
          label="waived"),
    Route("GET", "/api/v1/waivers/999999/", "api:waiver-detail", LOGGED_IN, 404),
    Route("HEAD", "/api/v1/waivers/999999/", "api:waiver-detail", LOGGED_IN, 404),
    *probes("/api/v1/waivers/999999/", "api:waiver-detail", head=False),
    Route("PATCH", "/api/v1/waivers/999999/", "api:waiver-detail", LOGGED_IN, 404,
          {"reason": "Still on purpose."}),
    Route("DELETE", "/api/v1/waivers/999999/", "api:waiver-detail", LOGGED_IN, 404),
    wrong_method("PUT", "/api/v1/waivers/999999/", "api:waiver-detail"),
    read("/api/v1/lookup/?q=own", "api:lookup"),
    *probes("/api/v1/lookup/?q=own", "api:lookup"),
    wrong_method("DELETE", "/api/v1/lookup/", "api:lookup"),
    read("/api/v1/schema/", "api:schema", anonymous=200),
    *probes("/api/v1/schema/", "api:schema", anonymous=200),
    read("/api/v1/docs/", "api:docs", anonymous=200),
    Route("HEAD", "/api/v1/docs/", "api:docs", LOGGED_IN, 200, anonymous=200),
    Route("OPTIONS", "/api/v1/docs/", "api:docs", LOGGED_IN, 405, anonymous=405),
    # history/ and matrix/diff/ are tested in depth in tests/responsibilities/test_history_api.py,
    # matrix/import/ in tests/spreadsheets/test_api.py; here, who gets in and what lands.
    read("/api/v1/history/", "api:history"),
    *probes("/api/v1/history/", "api:history"),
    read("/api/v1/matrix/diff/?from=2020-01-01", "api:matrix-diff"),
    *probes("/api/v1/matrix/diff/?from=2020-01-01", "api:matrix-diff"),
    sheet("own duty", PROCESS_EDITORS, 200, OWN_SHEET,
          created(Assignment, duty__code="own-duty", role__code="own-role", raci="C")),
    sheet("far duty", GLOBAL, 200, FAR_SHEET,
          deleted(Assignment, duty__code="far-duty", role__code="far-role", raci="A"),
          created(Assignment, duty__code="far-duty", role__code="far-role", raci="R")),
    # A dry run previews, changes nothing, and is refused to whoever may not import.
    sheet("dry run", PROCESS_EDITORS, 200, OWN_SHEET, dry_run=True),
    # A file with a problem changes nothing. Its one cell is not a change, so there is no duty
    # to refuse: whoever may import somewhere gets the 400 and the problems; a reader is
    # refused before the file is read.
    sheet("bad letter", PROCESS_EDITORS | {"outsider"}, 400, BAD_SHEET),
    wrong_method("GET", IMPORT, "api:matrix-import"),
    *probes(IMPORT, "api:matrix-import", head=False),
    *proposals_routes(),
    *campaigns_routes(),
    *webhooks_routes(),
    # evidence/ names people, so it needs a login even under REGISTRY_PUBLIC_READ
    # (tests/governance/test_evidence.py reads its sheets).
    read("/api/v1/evidence/?date=2020-01-01", "api:evidence"),
    *probes("/api/v1/evidence/?date=2020-01-01", "api:evidence"),
    Route("GET", "/api/v1/evidence/?date=2020-13-01", "api:evidence", LOGGED_IN, 400,
          label="bad date"),
    wrong_method("POST", "/api/v1/evidence/", "api:evidence"),
]


def api_url_names():
    """Every named URL in the `api` namespace, from the resolver itself."""
    return {name for name in url_names() if name.startswith("api:")}
