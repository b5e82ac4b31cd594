"""The page × role table: every page route, who may open it and what everyone else gets.

Anonymous visitors are sent to the login page (302) unless REGISTRY_PUBLIC_READ is on; every
logged-in user reads every page; editing a cell, and importing a sheet, needs the right to
edit the duties it changes (docs/permissions.md): 403 otherwise. Proposing needs a login
even where reading does not; only a proposal's author revises, opens or withdraws it, and a
department's answer is for those who may edit it. A write names what it changes when
it succeeds (`expect`, tests/snapshots.py). tests/registry/test_page_access.py runs every route
for every role, and fails when a page URL name (outside /api/v1/ and /admin/), or a method its
view answers, has no row here.
"""

import base64
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse

from departments.models import Department, Membership, Person, Role
from governance.models import Campaign, Proposal
from responsibilities.models import Assignment, Duty, Process
from tests.routes import EVERY_METHOD, url_names
from tests.snapshots import changed, created, deleted

ROLES = ("anonymous", "viewer", "editor", "dept_admin", "process_editor", "outsider",
         "superuser")
LOGGED_IN = frozenset(ROLES) - {"anonymous"}
GLOBAL = frozenset({"editor", "superuser"})
PROCESS_EDITORS = GLOBAL | {"process_editor"}

# Named routes that are not pages of this app, each with where it is tested.
NOT_PAGES = {
    "healthz": "tests/registry/test_health.py",
    "logout": "Django's own view; the header's log-out form posts to it",
    "password_change": "Django's own view",
    "password_change_done": "Django's own view",
    "password_reset": "Django's own view",
    "password_reset_done": "Django's own view",
    "password_reset_confirm": "Django's own view",
    "password_reset_complete": "Django's own view",
    "oidc_authentication_init": "single sign-on: tests/identity/test_oidc.py",
    "oidc_authentication_callback": "single sign-on: tests/identity/test_oidc.py",
    **{f"scim:{name}": "SCIM, for the identity provider's token: tests/identity/test_scim_tokens.py"
       for name in ("root", "search", "users-search", "users", "groups-search", "groups", "me",
                    "service-provider-config", "resource-types", "schemas", "bulk")},
}


@dataclass(frozen=True)
class PageRoute:
    method: str
    name: str
    kwargs: dict = field(default_factory=dict)
    query: str = ""
    allowed: frozenset = LOGGED_IN
    status: int = 200
    data: dict = field(default_factory=dict)
    refused: int = 403
    anonymous: int = 302
    expect: tuple = ()  # what a successful write changes (tests/snapshots.py)
    label: str = ""  # tells apart rows of the same method and URL
    others: dict = field(default_factory=dict)  # {role: status} where a role differs

    @property
    def is_write(self):
        return self.method not in ("GET", "HEAD", "OPTIONS", "TRACE")

    @property
    def url(self):
        # A callable value is looked up when the route is called (an id from the world).
        kwargs = {key: value() if callable(value) else value for key, value in self.kwargs.items()}
        url = reverse(self.name, kwargs=kwargs)
        return f"{url}?{self.query}" if self.query else url

    def expected(self, role):
        if role == "anonymous":
            return self.anonymous
        if role in self.others:
            return self.others[role]
        return self.status if role in self.allowed else self.refused

    def call(self, client):
        if self.method == "POST":
            return client.post(self.url, {key: value() if callable(value) else value
                                          for key, value in self.data.items()})
        return client.generic(self.method, self.url)

    def __str__(self):
        if any(callable(value) for value in self.kwargs.values()):  # no database at collection
            return f"{self.method} {self.name} {sorted(self.kwargs)}" + (
                f" ({self.label})" if self.label else "")
        return f"{self.method} {self.url}" + (f" ({self.label})" if self.label else "")


def page(name, query="", **kwargs):
    return PageRoute("GET", name, kwargs, query)


def wrong_method(method, name, **kwargs):
    return PageRoute(method, name, kwargs, status=405, anonymous=405)


CELL = "responsibilities:matrix_cell_edit"
IMPORT = "spreadsheets:matrix_import"
# Who may open the import page: whoever may edit some duty or letter (the outsider theirs).
IMPORTERS = PROCESS_EDITORS | {"outsider"}
# A previewed sheet comes back base64-encoded; this one sets one cell of own-duty, where
# own-role holds A and R, to C.
OWN_SHEET = {"content": base64.b64encode(b"duty,title,role:own-role\nown-duty,,C\n").decode(),
             "filename": "sheet.csv", "action": "preview"}

DEPT_ADMINS = GLOBAL | {"dept_admin"}
# Those who may change some department: they may add roles and appoint people there.
STAFFERS = DEPT_ADMINS | {"outsider"}


def own_holder():
    """The id of the person holding own-role."""
    return Person.objects.get(memberships__role__code="own-role").pk


def own_membership():
    return Membership.objects.get(role__code="own-role", is_primary=True).pk


HANDOVER = "findings:handover"
# own-role's letters in the page world, which the handover gives to far-role.
HANDED_OVER = (("own-duty", "A"), ("own-duty", "R"), ("next-duty", "A"), ("far-duty", "C"))

NEW = "governance:proposal_new"
DETAIL = "governance:proposal_detail"
EDIT = "governance:proposal_edit"
ANSWER = "governance:proposal_answer"
# Every logged-in member of the cast may propose, and no one else, even when reading is
# public: listed one by one (not as `allowed`), so that the public-read test expects anonymous
# visitors to be sent to log in.
PROPOSERS = {role: 200 for role in LOGGED_IN}
NOBODY = frozenset()


def world_proposal():
    """The id of the page world's open proposal, whose author is none of the cast."""
    return Proposal.objects.get(author__username="proposer").pk


# The proposals' writes change no registry row when they succeed (tests/snapshots.py cannot
# name them): the table has their refusals, tests/governance/test_pages.py their successes.
PROPOSAL_ROUTES = [
    page("governance:proposal_list"),
    page("governance:proposal_list", "state=all&author=me&page=2"),
    page("governance:proposal_list", "state=lost"),
    wrong_method("POST", "governance:proposal_list"),
    PageRoute("GET", NEW, allowed=NOBODY, others=PROPOSERS, label="choose the duties"),
    PageRoute("GET", NEW, query="duty=own-duty&duty=far-duty", allowed=NOBODY,
              others=PROPOSERS),
    PageRoute("GET", NEW, query="process=own-process", allowed=NOBODY, others=PROPOSERS),
    PageRoute("GET", NEW, query="duty=no-such-duty", status=400, refused=400),
    PageRoute("GET", NEW, query="process=nowhere&finding=0", status=400, refused=400),
    # the form without a title, a reason or a change: its errors, and nothing proposed
    PageRoute("POST", NEW, query="duty=own-duty", status=400, refused=400,
              data={"action": "propose"}),
    wrong_method("PUT", NEW),
    PageRoute("GET", DETAIL, {"pk": world_proposal}),
    PageRoute("GET", DETAIL, {"pk": 999999}, status=404),
    wrong_method("POST", DETAIL, pk=world_proposal),
    PageRoute("GET", EDIT, {"pk": world_proposal}, allowed=NOBODY),
    PageRoute("POST", EDIT, {"pk": world_proposal}, allowed=NOBODY, status=403,
              data={"title": "Mine now", "reason": "Taken over."}),
    PageRoute("GET", EDIT, {"pk": 999999}, status=404, refused=404),
    wrong_method("PUT", EDIT, pk=world_proposal),
    PageRoute("POST", "governance:proposal_open", {"pk": world_proposal}, allowed=NOBODY,
              status=403),
    wrong_method("GET", "governance:proposal_open", pk=world_proposal),
    PageRoute("POST", "governance:proposal_withdraw", {"pk": world_proposal}, allowed=NOBODY,
              status=403),
    wrong_method("GET", "governance:proposal_withdraw", pk=world_proposal),
    # Far department must consent: only the global editors may answer for it, and an
    # objection needs its reason, so theirs comes back to the proposal with nothing recorded.
    PageRoute("POST", ANSWER, {"pk": world_proposal}, allowed=NOBODY, status=403,
              others={"editor": 302, "superuser": 302},
              data={"department": "far-dept", "verdict": "objection"}),
    PageRoute("POST", ANSWER, {"pk": 999999}, status=404, refused=404,
              data={"department": "far-dept", "verdict": "consent"}),
    wrong_method("GET", ANSWER, pk=world_proposal),
]

def world_campaign():
    """The id of the page world's open campaign, which asks nobody of the cast."""
    return Campaign.objects.get().pk


CAMPAIGN_NEW, CAMPAIGN, CAMPAIGN_ANSWER = (
    "governance:campaign_new", "governance:campaign_detail", "governance:campaign_answer")
CONFIRM_OWN = {"duty": "own-duty", "answer": "confirmed"}

# Opening a campaign needs a login even when reading is public, and the right to edit its
# scope: the cast's are refused by the service (a deadline in the past), so nothing is opened.
# Nobody of the cast is asked by the world's campaign, so no answer of theirs is taken.
CAMPAIGN_ROUTES = [
    page("governance:campaign_list"),
    wrong_method("POST", "governance:campaign_list"),
    PageRoute("GET", CAMPAIGN_NEW, allowed=NOBODY, others=PROPOSERS),
    PageRoute("POST", CAMPAIGN_NEW, allowed=PROCESS_EDITORS, status=400, label="past deadline",
              data={"title": "Check", "process": "own-process", "deadline": "2020-01-01"}),
    PageRoute("POST", CAMPAIGN_NEW, status=400, refused=400, data={"title": ""},
              label="no title"),
    wrong_method("PUT", CAMPAIGN_NEW),
    PageRoute("GET", CAMPAIGN, {"pk": world_campaign}),
    PageRoute("GET", CAMPAIGN, {"pk": 999999}, status=404),
    wrong_method("POST", CAMPAIGN, pk=world_campaign),
    PageRoute("POST", CAMPAIGN_ANSWER, {"pk": world_campaign}, allowed=NOBODY, status=403,
              data=CONFIRM_OWN),
    PageRoute("POST", CAMPAIGN_ANSWER, {"pk": 999999}, status=404, refused=404,
              data=CONFIRM_OWN),
    wrong_method("GET", CAMPAIGN_ANSWER, pk=world_campaign),
    # Nobody of the cast has a person: the page says so, and a choice sent is refused.
    PageRoute("GET", "departments:my_notifications", allowed=NOBODY, others=PROPOSERS),
    PageRoute("POST", "departments:my_notifications", allowed=NOBODY, status=403,
              data={"notify": "off", "language": ""}),
    wrong_method("PUT", "departments:my_notifications"),
    # The identity provider's changes, for staff (tests/identity/test_scim_sync_report.py)
    PageRoute("GET", "scim_sync_report", allowed=frozenset({"superuser"})),
    wrong_method("POST", "scim_sync_report"),
]

OWN_CELL = "duty=own-duty&party=role%3Aown-role"
FAR_CELL = "duty=far-duty&party=role%3Afar-role"


def letter(duty, role, raci):
    """How a role's letter on a duty is found, for `expect`."""
    return {"duty__code": duty, "role__code": role, "raci": raci}


ROUTES = [
    page("responsibilities:home"),
    wrong_method("POST", "responsibilities:home"),
    page("responsibilities:owner_search"),
    page("responsibilities:owner_search", "q=own"),
    page("responsibilities:duty_detail", code="own-duty"),
    PageRoute("GET", "responsibilities:duty_detail", {"code": "no-such-duty"}, status=404),
    # Confirming a duty's letters: its owners (nobody of the cast holds its posts) and those
    # who may edit it; nobody of the cast has a person, so none is named as confirming.
    PageRoute("POST", "responsibilities:duty_confirm", {"code": "own-duty"},
              allowed=PROCESS_EDITORS, status=302,
              expect=(changed(Duty, {"code": "own-duty"}, confirmed_by=None),)),
    PageRoute("POST", "responsibilities:duty_confirm", {"code": "no-such-duty"}, status=404),
    wrong_method("GET", "responsibilities:duty_confirm", code="own-duty"),
    page("responsibilities:matrix_edit"),
    page("responsibilities:matrix_edit", "axis=department&process=own-process"),
    page("responsibilities:matrix_edit", "since=2020-01-01&department=own-dept"),
    wrong_method("POST", "responsibilities:matrix_edit"),
    PageRoute("GET", CELL, query=OWN_CELL, allowed=PROCESS_EDITORS),
    PageRoute("GET", CELL, query=FAR_CELL, allowed=GLOBAL),
    PageRoute("POST", CELL, allowed=PROCESS_EDITORS, status=302, data={
        "duty": "own-duty", "party": "role:own-role", "letters": ["A"], "expect": "AR"},
        expect=(deleted(Assignment, **letter("own-duty", "own-role", "R")),), label="own duty"),
    PageRoute("POST", CELL, allowed=GLOBAL, status=302, data={
        "duty": "far-duty", "party": "role:far-role", "letters": ["R"], "expect": "AR"},
        expect=(deleted(Assignment, **letter("far-duty", "far-role", "A")),), label="far duty"),
    wrong_method("PUT", CELL),
    PageRoute("GET", IMPORT, allowed=IMPORTERS),
    PageRoute("POST", IMPORT, allowed=PROCESS_EDITORS, data=OWN_SHEET, label="preview"),
    PageRoute("POST", IMPORT, allowed=PROCESS_EDITORS, status=302,
              data={**OWN_SHEET, "action": "import"}, label="import", expect=(
                  deleted(Assignment, **letter("own-duty", "own-role", "A")),
                  deleted(Assignment, **letter("own-duty", "own-role", "R")),
                  created(Assignment, **letter("own-duty", "own-role", "C")))),
    wrong_method("PUT", IMPORT),
    page("responsibilities:process_list"),
    page("responsibilities:process_detail", code="own-process"),
    page("responsibilities:process_detail", code="far-process"),
    wrong_method("DELETE", "responsibilities:process_detail", code="own-process"),
    PageRoute("GET", "responsibilities:process_edit", {"code": "own-process"},
              allowed=PROCESS_EDITORS),
    PageRoute("POST", "responsibilities:process_edit", {"code": "own-process"},
              allowed=PROCESS_EDITORS, status=302, data={
                  "name_en": "Own process", "code": "own-process", "kind": "process",
                  "owner": lambda: Department.objects.get(code="far-dept").pk,
                  "is_active": "on"},
              expect=(changed(Process, {"code": "own-process"}, owner__code="far-dept"),)),
    page("findings:finding_list"),
    page("findings:finding_list", "severity=error&department=own-dept"),
    # The page world has no finding and no waiver: the waiver pages answer 404 to anyone
    # logged in (tests/findings/test_waivers_pages.py tests who may waive and withdraw).
    PageRoute("GET", "findings:waiver_create", query="key=0", status=404, refused=404),
    PageRoute("POST", "findings:waiver_create", query="key=0", status=404, refused=404,
              data={"reason": "On purpose.", "expires": "2030-01-01"}),
    wrong_method("PUT", "findings:waiver_create"),
    PageRoute("POST", "findings:waiver_withdraw", {"pk": 999999}, status=404, refused=404),
    wrong_method("GET", "findings:waiver_withdraw", pk=999999),
    page("responsibilities:change_list"),
    page("responsibilities:change_list", "process=own-process&user=viewer"),
    page("responsibilities:change_list", "duty=no-such-duty"),
    page("responsibilities:department_list"),
    page("responsibilities:department_detail", code="own-dept"),
    PageRoute("GET", "responsibilities:department_detail", {"code": "nowhere"}, status=404),
    page("responsibilities:role_detail", code="own-role"),
    wrong_method("POST", "responsibilities:role_detail", code="own-role"),
    page("departments:role_list"),
    page("departments:role_list", "q=own&page=2"),
    page("departments:person_list"),
    page("departments:person_list", "q=example"),
    PageRoute("GET", "departments:person_detail", {"pk": own_holder}),
    PageRoute("GET", "departments:person_detail", {"pk": 999999}, status=404),
    PageRoute("GET", "departments:department_create", allowed=GLOBAL),
    PageRoute("POST", "departments:department_create", allowed=GLOBAL, status=302,
              data={"name_en": "Legal", "is_active": "on"},
              expect=(created(Department, code="legal", name_en="Legal"),)),
    PageRoute("POST", "departments:department_create", allowed=GLOBAL, label="no name",
              data={"code": "nameless"}),
    PageRoute("GET", "departments:department_edit", {"code": "own-dept"}, allowed=DEPT_ADMINS),
    PageRoute("POST", "departments:department_edit", {"code": "own-dept"}, allowed=DEPT_ADMINS,
              status=302, data={"name_en": "Own department", "code": "own-dept"},
              expect=(changed(Department, {"code": "own-dept"}, is_active=False),),
              label="deactivate"),
    PageRoute("GET", "departments:role_create", query="department=own-dept", allowed=STAFFERS),
    # The outsider may add roles to their own department only: own-dept is not a choice.
    PageRoute("POST", "departments:role_create", allowed=DEPT_ADMINS, status=302,
              others={"outsider": 200},
              data={"name_en": "Clerk", "department": lambda: Department.objects.get(
                  code="own-dept").pk, "is_active": "on"},
              expect=(created(Role, code="clerk", department__code="own-dept"),)),
    PageRoute("GET", "departments:role_edit", {"code": "own-role"}, allowed=DEPT_ADMINS),
    PageRoute("POST", "departments:role_edit", {"code": "far-role"}, allowed=GLOBAL,
              status=302, data={"name_en": "Far post", "code": "far-role",
                                "department": lambda: Department.objects.get(code="far-dept").pk,
                                "is_active": "on"},
              expect=(changed(Role, {"code": "far-role"}, name_en="Far post"),)),
    PageRoute("GET", "departments:person_create", allowed=GLOBAL),
    PageRoute("POST", "departments:person_create", allowed=GLOBAL, status=302,
              data={"name_en": "Zhu Hong", "email": "zhu.hong@example.com", "is_active": "on"},
              expect=(created(Person, email="zhu.hong@example.com"),)),
    PageRoute("GET", "departments:person_edit", {"pk": own_holder}, allowed=GLOBAL),
    PageRoute("POST", "departments:person_edit", {"pk": own_holder}, allowed=GLOBAL,
              status=302, data={"name_en": "Renamed", "is_active": "on"},
              expect=(changed(Person, {"memberships__role__code": "own-role"},
                              name_en="Renamed"),)),
    PageRoute("GET", "departments:membership_create", query="role=own-role", allowed=STAFFERS),
    PageRoute("POST", "departments:membership_create", allowed=DEPT_ADMINS, status=302,
              data={"person": lambda: Person.objects.get(memberships__role__code="far-role").pk,
                    "role": lambda: Role.objects.get(code="own-role").pk},
              others={"outsider": 200},
              expect=(created(Membership, role__code="own-role", is_primary=False),)),
    PageRoute("GET", "departments:membership_end", {"pk": own_membership}, allowed=DEPT_ADMINS),
    PageRoute("POST", "departments:membership_end", {"pk": own_membership}, allowed=DEPT_ADMINS,
              status=302, data={"end_date": "2030-01-01"},
              expect=(changed(Membership, {"role__code": "own-role", "is_primary": True},
                              end_date=date(2030, 1, 1)),)),
    wrong_method("DELETE", "departments:membership_end", pk=own_membership),
    # own-role holds a letter on far-duty too, which the process editor may not edit
    PageRoute("GET", HANDOVER, query="party=role:own-role", allowed=GLOBAL),
    PageRoute("GET", HANDOVER, query="party=role:nobody", status=400, refused=400),
    PageRoute("POST", HANDOVER, query="party=role:own-role", allowed=GLOBAL,
              data={"to": "role:far-role", "action": "preview"}, label="preview"),
    PageRoute("POST", HANDOVER, query="party=role:own-role", allowed=GLOBAL, status=302,
              data={"to": "role:far-role", "action": "apply"}, label="apply", expect=(
                  *(deleted(Assignment, **letter(duty, "own-role", raci))
                    for duty, raci in HANDED_OVER),
                  *(created(Assignment, **letter(duty, "far-role", raci))
                    for duty, raci in HANDED_OVER))),
    wrong_method("PUT", HANDOVER),
    *PROPOSAL_ROUTES,
    *CAMPAIGN_ROUTES,
    # Django's own views. The log-in form answers GET, HEAD, OPTIONS, POST and PUT (read as a
    # POST, with no form): a wrong password shows the form again. set_language answers every
    # method, and sets the language on a POST only.
    *[PageRoute(method, "login", status=200, anonymous=200)
      for method in ("GET", "HEAD", "OPTIONS", "PUT")],
    PageRoute("POST", "login", status=200, anonymous=200, label="wrong password",
              data={"username": "viewer", "password": "wrong"}),
    PageRoute("POST", "set_language", status=302, anonymous=302,
              data={"language": "zh-hans", "next": "/"}),
    *[PageRoute(method, "set_language", query="next=/", status=302, anonymous=302)
      for method in sorted(EVERY_METHOD - {"POST"})],
]


def page_url_names():
    """Every named URL outside the api and admin namespaces, from the resolver itself."""
    return {
        name for name in url_names()
        if not name.startswith(("api:", "admin:"))
    }
