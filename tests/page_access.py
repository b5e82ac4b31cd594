"""The page × role table: every page route, who may open it and what everyone else gets.

Anonymous visitors are sent to the login page (302) unless REGISTRY_PUBLIC_READ is on; every
logged-in user reads every page; editing a cell, and importing a sheet, needs the right to
edit the duties it changes (docs/permissions.md): 403 otherwise. A write names what it changes when
it succeeds (`expect`, tests/snapshots.py). tests/registry/test_page_access.py runs every route
for every role, and fails when a page URL name (outside /api/v1/ and /admin/), or a method its
view answers, has no row here.
"""

import base64
from dataclasses import dataclass, field

from django.urls import reverse

from responsibilities.models import Assignment
from tests.routes import EVERY_METHOD, url_names
from tests.snapshots import created, deleted

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

    @property
    def is_write(self):
        return self.method not in ("GET", "HEAD", "OPTIONS", "TRACE")

    @property
    def url(self):
        url = reverse(self.name, kwargs=self.kwargs)
        return f"{url}?{self.query}" if self.query else url

    def expected(self, role):
        if role == "anonymous":
            return self.anonymous
        return self.status if role in self.allowed else self.refused

    def call(self, client):
        if self.method == "POST":
            return client.post(self.url, self.data)
        return client.generic(self.method, self.url)

    def __str__(self):
        return f"{self.method} {self.url}" + (f" ({self.label})" if self.label else "")


def page(name, query="", **kwargs):
    return PageRoute("GET", name, kwargs, query)


def wrong_method(method, name, **kwargs):
    return PageRoute(method, name, kwargs, status=405, anonymous=405)


CELL = "responsibilities:matrix_cell_edit"
IMPORT = "spreadsheets:matrix_import"
# A previewed sheet comes back base64-encoded; this one sets one cell of own-duty, where
# own-role holds A and R, to C.
OWN_SHEET = {"content": base64.b64encode(b"duty,title,role:own-role\nown-duty,,C\n").decode(),
             "filename": "sheet.csv", "action": "preview"}

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
    page(IMPORT),
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
    page("findings:finding_list"),
    page("findings:finding_list", "severity=error&department=own-dept"),
    page("responsibilities:change_list"),
    page("responsibilities:change_list", "process=own-process&user=viewer"),
    page("responsibilities:change_list", "duty=no-such-duty"),
    page("responsibilities:department_list"),
    page("responsibilities:department_detail", code="own-dept"),
    PageRoute("GET", "responsibilities:department_detail", {"code": "nowhere"}, status=404),
    page("responsibilities:role_detail", code="own-role"),
    wrong_method("POST", "responsibilities:role_detail", code="own-role"),
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
