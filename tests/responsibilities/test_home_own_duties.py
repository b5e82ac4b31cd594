"""The home page of someone who holds posts: their posts and duties, and the confirmation
campaigns waiting for their answers."""

import datetime

import pytest
from django.utils import timezone

from governance.campaigns import campaign_answer, campaign_open
from responsibilities.models import Raci
from tests.factories import (
    AssignmentFactory,
    DepartmentFactory,
    DutyFactory,
    MembershipFactory,
    PersonFactory,
    RoleFactory,
)
from tests.module_world import superuser_make, user_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(client):
    """A logged-in agent of Customer service, A on refunds and C on outages; the department
    is R on refunds."""
    user = user_make("ana")
    service = DepartmentFactory(code="service", name="Customer service")
    role = RoleFactory(code="agent", name="Agent", department=service)
    MembershipFactory(person=PersonFactory(name="Ana", user=user), role=role)
    refunds = DutyFactory(code="refunds", title="Approve refunds")
    AssignmentFactory(duty=refunds, role=role, raci=Raci.ACCOUNTABLE)
    AssignmentFactory(duty=refunds, department=service, raci=Raci.RESPONSIBLE)
    AssignmentFactory(duty=DutyFactory(code="outage", title="Handle outages"), role=role,
                      raci=Raci.CONSULTED)
    AssignmentFactory(duty=DutyFactory(code="other", title="Someone else's"),
                      role=RoleFactory(code="clerk"), raci=Raci.RESPONSIBLE)
    client.force_login(user)
    return user


def own_section(html):
    start = html.index('id="own-heading"')
    return html[start:html.index("</section>", start)]


def test_the_home_page_lists_the_readers_posts_and_duties_most_owned_first(client, agent):
    section = own_section(client.get("/").content.decode())
    assert "Agent" in section and "Customer service" in section
    assert section.index("Approve refunds") < section.index("Handle outages")
    assert "Someone else" not in section
    # the role's A and its department's R on refunds, as one duty
    assert section.count("Approve refunds") == 1
    assert 'title="Accountable">A<' in section and 'title="Responsible">R<' in section


def test_a_post_that_ended_is_not_the_readers_any_more(client, agent):
    agent.person.memberships.update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    assert 'id="own-heading"' not in client.get("/").content.decode()


def test_a_reader_who_holds_no_post_sees_no_such_section(client):
    client.force_login(user_make("visitor"))
    assert 'id="own-heading"' not in client.get("/").content.decode()


def test_a_campaign_waiting_for_the_readers_answer_is_announced_until_answered(client, agent):
    campaign = campaign_open(user=superuser_make(), title="Refunds review",
                             deadline=timezone.localdate() + datetime.timedelta(days=7))
    html = client.get("/").content.decode()
    assert "The confirmation campaign “Refunds review” asks you about 1 duty by" in html
    assert f'href="/campaigns/{campaign.pk}/#mine"' in html
    campaign_answer(user=agent, campaign=campaign, duty=campaign.items.get().duty,
                    answer="confirmed")
    assert "Refunds review" not in client.get("/").content.decode()


def test_the_home_page_runs_as_many_queries_for_many_duties_as_for_few(
        client, agent, django_assert_num_queries):
    # login, the reader's posts, their letters (with duties), the campaigns asking them, then
    # the page's own: the first processes and their count, departments, the version of their
    # A and R counts, the findings summary (the stored findings' date and newest change)
    client.get("/")  # the first read of the day brings the stored findings up to date
    with django_assert_num_queries(11):
        client.get("/")
    role = agent.person.memberships.get().role
    for number in range(30):
        AssignmentFactory(duty=DutyFactory(code=f"more-{number}"), role=role, raci=Raci.INFORMED)
    client.get("/")
    with django_assert_num_queries(11):
        html = client.get("/").content.decode()
    assert "More in the manuals of your posts" in html
