"""Waivers in the admin: listed, and withdrawn through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from findings.models import Waiver
from findings.selectors import findings_list
from findings.store import finding_key
from findings.waivers import waiver_create

pytestmark = pytest.mark.django_db


def test_the_admin_lists_and_withdraws_waivers(client, superuser, editor, tech_duty):
    finding = next(f for f in findings_list(duty="own-duty"))
    waiver = waiver_create(user=editor, key=finding_key(finding.finding), reason="On purpose.",
                           expires=timezone.localdate() + timedelta(days=3))
    client.force_login(superuser)
    assert client.get("/admin/findings/waiver/").status_code == 200
    assert client.get("/admin/findings/waiver/add/").status_code == 200
    assert client.get(f"/admin/findings/waiver/{waiver.pk}/change/").status_code == 200
    response = client.post(f"/admin/findings/waiver/{waiver.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Waiver.objects.exists()
    assert Waiver.history.filter(history_type="-").get().history_user == superuser


def test_the_admin_refuses_a_second_waiver_of_a_finding_with_a_form_error(client, superuser,
                                                                         editor, tech_duty):
    finding = next(f for f in findings_list(duty="own-duty"))
    key = finding_key(finding.finding)
    expires = timezone.localdate() + timedelta(days=3)
    waiver_create(user=editor, key=key, reason="On purpose.", expires=expires)
    client.force_login(superuser)
    response = client.post("/admin/findings/waiver/add/", {
        "key": key, "reason": "Again.", "expires": expires.isoformat()})
    assert response.status_code == 200
    assert "This finding is waived already." in response.content.decode()
    assert Waiver.objects.count() == 1
