"""The sync report (/identity/sync/): each SCIM write with who, what and when, and the findings
it opened and resolved; for staff only."""

import pytest
from django.test import Client

from identity.models import ScimGroup
from tests.identity.test_scim_world import *  # noqa: F403  (the fixtures)
from tests.identity.test_scim_world import recorded
from tests.module_world import user_make

pytestmark = pytest.mark.django_db

URL = "/identity/sync/"


@pytest.fixture
def staff(db):
    client = Client()
    client.force_login(user_make("staffer", is_staff=True))
    return client


def test_the_report_lists_each_change_with_its_author_and_the_findings_it_moved(
        scim, org, staff):
    user = scim.post("Users", recorded("okta_create_user")).json()["id"]
    group = scim.get('Groups?filter=displayName eq "cs-managers"').json()["Resources"][0]["id"]
    scim.patch(f"Groups/{group}", recorded("okta_add_member", user=user))
    scim.patch(f"Users/{user}", recorded("okta_deactivate_user"))

    page = staff.get(URL)

    assert page.status_code == 200
    text = page.content.decode()
    assert text.index("Test User left: deactivated") < text.index("Test User joined cs-managers")
    assert text.index("Test User joined cs-managers") < text.index("Test User was added")
    assert "by scim-entra" in text
    assert text.count("Findings opened") == 1  # the vacancy, again, on leaving
    assert text.count("Findings resolved") == 1  # the vacancy filled on joining
    assert "Customer service manager is vacant: 3 duties without a holder" in text


def test_a_refused_scim_request_leaves_no_trace_in_the_report(scim, staff):
    scim.post("Users", {"userName": ""})

    assert "The identity provider has changed nothing yet." in staff.get(URL).content.decode()


def test_the_report_is_for_staff_only(db):
    reader = Client()
    reader.force_login(user_make("reader"))

    assert Client().get(URL).status_code == 302
    assert reader.get(URL).status_code == 403
    assert reader.post(URL).status_code == 405


def test_an_administrator_maps_a_group_to_a_role_in_the_admin(org, superuser, token):
    admin = Client()
    admin.force_login(superuser)

    response = admin.post("/admin/identity/scimgroup/add/",
                          {"display_name": "refund-checkers", "role": org.lead.pk})

    assert response.status_code == 302, response.content.decode()[:2000]
    group = ScimGroup.objects.get(display_name="refund-checkers")
    assert group.role == org.lead
    assert group.history.get().history_user == superuser
    for page in ("/admin/identity/scimgroup/", f"/admin/identity/scimgroup/{group.pk}/change/",
                 "/admin/identity/scimtoken/", "/admin/identity/scimidentity/"):
        assert admin.get(page).status_code == 200, page
    assert URL in admin.get("/admin/identity/scimtoken/").content.decode()
