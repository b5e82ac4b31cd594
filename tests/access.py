"""The endpoint × role table of the REST API (STYLE.md §6).

Each Route names one method on one URL (a literal /api/v1/ path, with `{placeholders}`
filled from the `world` fixture of tests/api_world.py), the URL name it must resolve to,
the roles allowed, and the status they get. Everyone else logged in gets `refused` (403
unless said otherwise); anonymous visitors get `anonymous` (401). `test_access.py` runs
every route for every role, and fails when an /api/v1/ URL name is missing here.
"""

from dataclasses import dataclass, field

from tests.routes import url_names

ROLES = ("anonymous", "viewer", "editor", "dept_admin", "process_editor", "outsider",
         "superuser")
LOGGED_IN = frozenset(ROLES) - {"anonymous"}
GLOBAL = frozenset({"editor", "superuser"})
DEPARTMENT_ADMINS = GLOBAL | {"dept_admin"}
PROCESS_EDITORS = GLOBAL | {"process_editor"}


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

    @property
    def is_write(self):
        return self.method not in ("GET", "HEAD", "OPTIONS")

    def expected(self, role):
        if role == "anonymous":
            return self.anonymous
        return self.status if role in self.allowed else self.refused

    def __str__(self):
        return f"{self.method} {self.path}"


def read(path, name):
    return Route("GET", path, name, LOGGED_IN, 200)


def wrong_method(method, path, name):
    return Route(method, path, name, LOGGED_IN, 405)


def crud(base, name, *, item, allowed, create, change, delete=None, delete_allowed=None):
    """List, create, read, update (PUT and PATCH), delete and a wrong method of a resource."""
    detail = f"/api/v1/{base}/{item}/"
    return [
        read(f"/api/v1/{base}/", f"api:{name}-list"),
        Route("POST", f"/api/v1/{base}/", f"api:{name}-list", allowed[0], 201, create),
        wrong_method("PUT", f"/api/v1/{base}/", f"api:{name}-list"),
        read(detail, f"api:{name}-detail"),
        Route("PATCH", detail, f"api:{name}-detail", allowed[1], 200, change),
        Route("DELETE", f"/api/v1/{base}/{delete or item}/", f"api:{name}-detail",
              delete_allowed or allowed[1], 204),
    ]


ROUTES = [
    *crud("departments", "department", item="own-dept", delete="empty-dept",
          allowed=(GLOBAL, DEPARTMENT_ADMINS), delete_allowed=GLOBAL,
          create={"code": "new-dept", "name": "New department", "parent": "own-dept"},
          change={"name": "Renamed department", "chat": "#renamed"}),
    Route("PUT", "/api/v1/departments/own-dept/", "api:department-detail", DEPARTMENT_ADMINS,
          200, {"code": "own-dept", "name": "Put department"}),
    *crud("roles", "role", item="own-role", allowed=(DEPARTMENT_ADMINS, DEPARTMENT_ADMINS),
          create={"code": "new-role", "name": "New role", "department": "own-dept"},
          change={"description": "Answers the phone."}),
    *crud("people", "person", item="{own_person}", allowed=(GLOBAL, GLOBAL),
          create={"name": "New person", "email": "new@example.com"},
          change={"phone": "+86 10 1234"}),
    *crud("memberships", "membership", item="{own_membership}",
          allowed=(DEPARTMENT_ADMINS, DEPARTMENT_ADMINS),
          create={"person": "{own_person}", "role": "own-role", "is_primary": False},
          change={"end_date": "2099-12-31"}),
    *crud("processes", "process", item="own-process", delete="empty-process",
          allowed=(GLOBAL, PROCESS_EDITORS), delete_allowed=GLOBAL,
          create={"code": "new-process", "name": "New process", "owner": "own-dept"},
          change={"channel": "#own-process"}),
    *crud("duties", "duty", item="own-duty", allowed=(PROCESS_EDITORS, PROCESS_EDITORS),
          create={"code": "new-duty", "title": "New duty", "process": "own-process"},
          change={"title": "Renamed duty"}),
    *crud("assignments", "assignment", item="{own_assignment}",
          allowed=(PROCESS_EDITORS, PROCESS_EDITORS),
          create={"duty": "own-duty", "role": "own-role", "raci": "C"},
          change={"note": "Keeps the list."}),
    read("/api/v1/matrix/?process=own-process", "api:matrix"),
    read("/api/v1/matrix/?format=csv", "api:matrix"),
    wrong_method("POST", "/api/v1/matrix/", "api:matrix"),
    Route("POST", "/api/v1/matrix/cells/", "api:matrix-cells", PROCESS_EDITORS, 200,
          {"cells": [{"duty": "own-duty", "party": "department:own-dept", "raci": "AR"}]}),
    wrong_method("GET", "/api/v1/matrix/cells/", "api:matrix-cells"),
    read("/api/v1/findings/?severity=error", "api:findings"),
    read("/api/v1/findings/summary/", "api:findings-summary"),
    read("/api/v1/lookup/?q=own", "api:lookup"),
    wrong_method("DELETE", "/api/v1/lookup/", "api:lookup"),
    Route("GET", "/api/v1/schema/", "api:schema", LOGGED_IN, 200, anonymous=200),
    Route("GET", "/api/v1/docs/", "api:docs", LOGGED_IN, 200, anonymous=200),
    # history/, matrix/diff/ and matrix/import/ are tested in depth in
    # tests/responsibilities/test_history_api.py; here, only who gets in.
    read("/api/v1/history/", "api:history"),
    read("/api/v1/matrix/diff/?from=2020-01-01", "api:matrix-diff"),
    wrong_method("GET", "/api/v1/matrix/import/", "api:matrix-import"),
]


def api_url_names():
    """Every named URL in the `api` namespace, from the resolver itself."""
    return {name for name in url_names() if name.startswith("api:")}
