"""A duty marked as a control (segregation of duties): the API field and the duty page's tag."""

import pytest
from django.utils.html import strip_tags

from responsibilities.models import Duty

pytestmark = pytest.mark.django_db


def test_a_duty_is_no_control_until_an_editor_marks_it(world, api_client_as):
    client = api_client_as("editor")
    assert client.get("/api/v1/duties/own-duty/").json()["is_control"] is False
    response = client.patch("/api/v1/duties/own-duty/", {"is_control": True}, format="json")
    assert response.status_code == 200 and response.json()["is_control"] is True
    assert Duty.objects.get(code="own-duty").is_control


def test_a_control_flag_that_is_no_boolean_is_a_field_error(world, api_client_as):
    response = api_client_as("editor").patch("/api/v1/duties/own-duty/",
                                             {"is_control": "perhaps"}, format="json")
    assert response.status_code == 400 and "is_control" in response.json()
    assert not Duty.objects.get(code="own-duty").is_control


def test_a_reader_cannot_mark_a_control(world, api_client_as):
    response = api_client_as("viewer").patch("/api/v1/duties/own-duty/", {"is_control": True},
                                             format="json")
    assert response.status_code == 403
    assert not Duty.objects.get(code="own-duty").is_control


def test_the_duty_page_tags_a_control_and_says_what_it_means(page_world, client_as):
    def text():
        html = client_as("viewer").get("/duties/own-duty/").content.decode()
        return " ".join(strip_tags(html).split())

    assert "control:" not in text()
    Duty.objects.filter(code="own-duty").update(is_control=True)
    assert ("control: the Accountable and the Responsible must differ, as parties and as people."
            in text())
