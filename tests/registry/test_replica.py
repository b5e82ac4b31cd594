"""The read replica router: reads go to the replica, writes and reads inside a transaction to
the primary, and a browser that wrote reads from the primary for a while. The replica is
Django's test mirror of the test database, so both see the same rows."""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from departments.models import Department
from registry.routers import REPLICA, primary_reads
from registry.services import record_update
from tests import factories
from tests.module_world import superuser_make

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture
def routed(settings):
    settings.DATABASE_ROUTERS = ["registry.routers.ReplicaRouter"]
    settings.MIDDLEWARE = ["registry.middleware.ReadYourWritesMiddleware", *settings.MIDDLEWARE]
    settings.REGISTRY_PUBLIC_READ = True


class Queries:
    """The queries each database ran inside the block."""

    def __enter__(self):
        self.contexts = {alias: CaptureQueriesContext(connections[alias])
                         for alias in ("default", REPLICA)}
        for context in self.contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.contexts.values():
            context.__exit__(*exc)

    @property
    def primary(self):
        return [query["sql"] for query in self.contexts["default"].captured_queries]

    @property
    def replica(self):
        return [query["sql"] for query in self.contexts[REPLICA].captured_queries]


def test_reads_go_to_the_replica_and_writes_to_the_primary(routed):
    with Queries() as queries:
        department = factories.DepartmentFactory(code="ops")
    assert queries.primary and not queries.replica
    with Queries() as queries:
        assert Department.objects.get(code="ops") == department
    assert queries.replica and not queries.primary


def test_reads_inside_a_write_transaction_stay_on_the_primary(routed):
    factories.DepartmentFactory(code="ops")
    with Queries() as queries:
        record_update(user=None, instance=Department.objects.get(code="ops"),
                      data={"name": "Operations"})
        with transaction.atomic():
            Department.objects.get(code="ops")
        with primary_reads():
            Department.objects.get(code="ops")
    assert len(queries.replica) == 1, "only the read that fetched the object to change"
    assert Department.objects.get(code="ops").name == "Operations"


def test_pages_and_the_api_read_from_the_replica(routed, client):
    duty = factories.DutyFactory(code="pay")
    factories.AssignmentFactory(duty=duty)
    client.get("/api/v1/findings/")  # the first read stores the findings (on the primary)
    for url in ("/api/v1/matrix/", "/api/v1/findings/", "/api/v1/lookup/?q=pay", "/matrix/",
                "/duties/pay/"):
        with Queries() as queries:
            assert client.get(url).status_code == 200, url
        assert queries.replica and not queries.primary, url


def test_a_browser_that_wrote_reads_from_the_primary_for_a_while(routed, client, settings):
    client.force_login(superuser_make())
    factories.DutyFactory(code="pay")
    factories.DepartmentFactory(code="ops")
    response = client.post("/api/v1/matrix/cells/",
                           {"cells": [{"duty": "pay", "party": "department:ops", "raci": "A"}]},
                           content_type="application/json")
    assert response.status_code == 200
    assert response.cookies["registry_wrote"]["max-age"] == settings.REPLICA_LAG_SECONDS
    with Queries() as queries:
        assert client.get("/api/v1/matrix/").status_code == 200
    assert queries.primary and not queries.replica
    client.cookies.pop("registry_wrote")
    with Queries() as queries:
        assert client.get("/api/v1/matrix/").status_code == 200
    assert queries.replica and not queries.primary

