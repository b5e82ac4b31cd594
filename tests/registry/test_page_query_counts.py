"""Every page runs the same number of queries for a small organisation and a larger one.

Each case names its queries. "login" is the session and the user (2 queries); "findings" is
the stored findings: their date, then the query of the page;
"permissions" is the user's own and group permissions, read once per request (2).
"""

import pytest
from django.db import connection

from governance.services import proposal_answer

pytestmark = pytest.mark.django_db

# The stored findings' update waits for its turn on PostgreSQL (registry.locks.serialise):
# one query more there.
SERIALISED = int(connection.vendor == "postgresql")

CASES = [
    # login, the reader's posts (none here, so no letters), the campaigns asking them, the first
    # processes and their count, departments, the version of their A and R counts (in the
    # cache), the findings summary (the stored findings' date and newest change: the summary is
    # in the cache)
    ("/", "viewer", 10),
    # login
    ("/owners/", "viewer", 2),
    # login, count, page of duties, their letters with parties, people holding them
    ("/owners/?q=duty", "viewer", 7),
    # login, duty, neighbouring steps, holders, letters, changes (duty id, count and page of
    # duty and letter history, labels of duties, departments, roles, processes), findings (the
    # stored findings' date, the duty's), the open proposals on it; whether the reader may
    # confirm its letters (an owner post held today; the permissions 2, the duties editable)
    ("/duties/own-duty/", "viewer", 22),
    # login, departments, processes, matrix (duties, letters, departments, roles),
    # permissions, editable duties, findings (the stored findings' date, the rows'); the
    # duties are counted and a page of their ids read first; whether to offer the import:
    # object permissions on letters (2: add, delete) and on their duties and processes (2),
    # asked until one answers yes
    ("/matrix/", "viewer", 19),
    ("/matrix/", "process_editor", 16),
    # a superuser needs no permission lookups
    ("/matrix/", "superuser", 13),
    # the department axis edits nothing: only the permissions the import link needs
    ("/matrix/?axis=department", "process_editor", 15),
    # ... plus the letters changed since and their states at both ends (3), the two snapshots
    # of their duties (5 tables each, every table read live and rewound from its history: 10)
    # and the last change of each cell
    ("/matrix/?since=2020-01-01", "process_editor", 40),
    # login, duty, party, letters, permissions, editable duty
    ("/matrix/cell/?duty=own-duty&party=role:own-role", "process_editor", 8),
    # login, processes with step counts
    ("/processes/", "viewer", 3),
    # login, process, steps, letters, holders, findings (date, first ones, count), changes
    # (process id, count and page of process, duty and letter history, labels of duties,
    # departments, roles, processes), whether the user may edit it (permissions 2, the
    # process's object permissions 2)
    ("/processes/own-process/", "viewer", 24),
    ("/processes/far-process/", "viewer", 24),
    # login, departments with counts, the version of their A and R counts (in the cache),
    # processes, the findings (date, count, page), the summary (date, newest change: in the
    # cache), open findings per day (date, one query), time to resolve, the waived findings
    # (one query; their waivers and names only when there are some)
    ("/findings/", "viewer", 13),
    ("/findings/?severity=warning&department=own-dept", "viewer", 13),
    # login, count and page of each of the 7 history tables, labels of 5 kinds of object, the
    # filters' choices (departments, roles, processes, users who made changes)
    ("/changes/", "viewer", 25),
    # login, departments with their counts, the version of their A and R counts (in the
    # cache), whether the user may add one (permissions 2)
    ("/departments/", "viewer", 6),
    # login, role, holders, our letters, their duties in order, the shown duties' letters,
    # the findings (date, first ones, count), whether the user may edit the role (permissions
    # 2, object permissions on the role and on its department 4) and hand it over (object
    # permissions on duties and on processes 2)
    ("/roles/own-role/", "viewer", 18),
    # login, count and page of roles with their holders today, whether the user may add one
    # (permissions 2, departments they may change 1)
    ("/roles/", "viewer", 7),
    # login, count and page of people, the roles they hold today, whether the user may add
    # one (permissions 2)
    ("/people/", "viewer", 7),
    # login, count and page of proposals with their authors and cells
    ("/proposals/", "viewer", 4),
    ("/proposals/?state=all", "viewer", 4),
]


@pytest.mark.parametrize(("url", "role", "count"), CASES)
def test_queries_do_not_grow(url, role, count, client_as, grow, django_assert_num_queries):
    client = client_as(role)
    # warms the content-type cache, which guardian reads once per process, and hands the
    # factories' writes on to the stored findings (the write services do that themselves)
    client.get(url)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200
    grow(5)
    client.get(url)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


def test_department_manual_queries_stay_bounded(client_as, grow, django_assert_max_num_queries):
    # login, department, sub-departments, roles, holders, our letters, their duties in order,
    # count and page of the steps we hold nothing on, the shown duties' letters, findings (the
    # stored findings' date, the first ones, their count), and the recent changes: department
    # id, the ids its roles ever had, count and page of 5 history tables, labels of at most 5
    # kinds of object (only the kinds on the page are read, hence "at most"); whether the user
    # may edit it (permissions 2, object permissions 2), add a department (none: the
    # permissions are read) and hand over (object permissions on duties and processes 2).
    client = client_as("viewer")
    client.get("/departments/own-dept/")
    with django_assert_max_num_queries(35):
        assert client.get("/departments/own-dept/").status_code == 200
    grow(5)
    client.get("/departments/own-dept/")
    with django_assert_max_num_queries(35):
        assert client.get("/departments/own-dept/").status_code == 200


# login, the proposal, its cells, the names in the findings it would change (worked out when
# it was put forward: reading writes nothing); the departments Accountable for its duties;
# the round's answers; whom the reader may answer for (permissions 2, the departments they
# may edit, the approver roles they hold); the departments asked. dept_admin may answer for
# Own department.
@pytest.mark.parametrize(("role", "count"), [("viewer", 12), ("dept_admin", 12)])
def test_a_proposal_page_runs_the_same_queries_as_the_organisation_grows(
        role, count, page_world, client_as, grow, django_assert_num_queries):
    url = f"/proposals/{page_world.proposal.pk}/"
    client = client_as(role)
    client.get(url)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200
    grow(5)
    client.get(url)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


def test_an_applied_proposal_page_runs_the_same_queries_as_the_organisation_grows(
        page_world, client_as, grow, django_assert_num_queries, dept_admin, editor):
    # login, the proposal, its cells, the names in the findings it changed, the departments
    # Accountable for its duties, the round's answers, the departments asked (nobody answers
    # an applied proposal: no permissions)
    proposal = page_world.proposal
    for user, department in ((dept_admin, page_world.own_department),
                             (editor, page_world.far_department)):
        proposal_answer(user=user, proposal=proposal, department=department, verdict="consent")
    url = f"/proposals/{proposal.pk}/"
    client = client_as("viewer")
    assert "applied" in client.get(url).content.decode()
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    grow(5)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
