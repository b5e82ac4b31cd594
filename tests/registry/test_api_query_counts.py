"""Every list, detail, matrix, lookup, findings and proposals read runs a fixed number of
queries: the same with 10 rows as with 200."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from findings.store import findings_current
from governance.services import proposal_create
from responsibilities.models import Raci
from tests import factories
from tests.module_world import user_make

pytestmark = pytest.mark.django_db

# The stored findings' update waits for its turn on PostgreSQL (registry.locks.serialise):
# one query more there.
SERIALISED = int(connection.vendor == "postgresql")

# URL → the queries it runs, named. (Token/session lookups come on top for real clients:
# these tests log in with force_authenticate.)
READS = {
    "/api/v1/departments/?limit=1000": 2,  # count, departments + parent
    "/api/v1/roles/?limit=1000&is_active=true": 2,  # count, roles + department
    "/api/v1/people/?limit=1000": 2,  # count, people + login
    "/api/v1/memberships/?limit=1000": 2,  # count, memberships + role
    "/api/v1/processes/?limit=1000": 2,  # count, processes + owner
    "/api/v1/duties/?limit=1000": 3,  # count, duties + process, letters + parties
    "/api/v1/duties/?limit=1000&process=bulk": 3,  # the same, filtered
    "/api/v1/assignments/?limit=1000": 2,  # count, assignments + duty + party
    "/api/v1/duties/bulk-duty-1/": 2,  # duty + process, letters + parties
    "/api/v1/matrix/": 4,  # duties, letters, departments, roles
    "/api/v1/matrix/?process=bulk&axis=role": 5,  # the process, then the four
    "/api/v1/matrix/?format=csv": 4,  # the same four
    # words a typo may stand for and people or posts named, ranked ids with the count, their
    # rows, letters, holders
    "/api/v1/lookup/?q=duty&limit=1000": 5,
    # the stored findings' date, their count, the page, the names their messages use
    "/api/v1/findings/?limit=1000": 4,
    # the stored findings' date and newest change: the summary itself is in the cache
    "/api/v1/findings/summary/": 2,
    # five tables as they stood then, each read live and rewound from the rows written since
    "/api/v1/matrix/?as_of=2020-01-01T00:00:00Z": 10,
    # the letters with history rows since, their states at both ends (3), then two snapshots
    # of the duties that changed and the last change of each cell
    "/api/v1/matrix/diff/?from=2020-01-01T00:00:00Z": 24,
    # count, proposals + author, their cells + duty + party + party's department
    "/api/v1/proposals/?limit=1000": 3,
    # the proposal + author, its cells, the names in the findings it would change (worked out
    # when it was put forward: reading writes nothing), the departments Accountable for its
    # duties, this round's answers, who may answer (2), the departments asked
    "/api/v1/proposals/{proposal}/": 8,
}


def grow(count, author):
    """`count` more of everything: departments with a held role, a process with a duty
    holding an R (department) and an A (role), a proposal by `author` that the role be
    Consulted too."""
    bulk = factories.ProcessFactory(code="bulk") if count == 10 else None
    for _ in range(count):
        department = factories.DepartmentFactory()
        role = factories.RoleFactory(department=department)
        factories.MembershipFactory(role=role)
        duty = factories.DutyFactory(process=bulk or factories.ProcessFactory(owner=department))
        factories.AssignmentFactory(duty=duty, department=department, raci=Raci.RESPONSIBLE)
        factories.AssignmentFactory(duty=duty, role=role, raci=Raci.ACCOUNTABLE)
        proposal_create(user=author, title="Consult the post too", reason="It knows best.",
                        cells=[{"duty": duty.code, "party": f"role:{role.code}", "raci": "AC"}])
    if bulk:
        factories.DutyFactory(code="bulk-duty-1", process=bulk, title="bulk one")


def measure(client, proposal):
    # The factories' writes handed on to the stored findings, as the write services do.
    findings_current()
    counts = {}
    for url in READS:
        address = url.format(proposal=proposal.pk)
        client.get(address)  # fills the caches a first read fills
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200, address
        counts[url] = len(queries)
    return counts


def test_reads_run_the_same_fixed_number_of_queries_at_10_and_200_rows(api_client_as):
    client, author = api_client_as("viewer"), user_make("proposer")
    grow(10, author)
    # the bulk duty, with no letter, given an Accountable and Responsible department
    party = f"department:{factories.DepartmentFactory().code}"
    proposal = proposal_create(user=author, title="Somebody to do it", reason="Nobody does.",
                               cells=[{"duty": "bulk-duty-1", "party": party, "raci": "AR"}])
    small = measure(client, proposal)
    grow(190, author)
    assert client.get("/api/v1/duties/?limit=1000").json()["count"] >= 200
    assert client.get("/api/v1/proposals/?limit=1000").json()["count"] == 201
    assert measure(client, proposal) == small == READS
