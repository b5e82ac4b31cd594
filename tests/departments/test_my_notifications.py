"""Your notifications (/me/notifications/): each person linked to a login chooses how often and
in which language they are mailed, and nobody else's."""

import pytest
from django.urls import reverse

from departments.models import MailLanguage, Notify, Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
URL = "/me/notifications/"


@pytest.fixture
def linked(viewer):
    """The viewer's own entry: mailed once a day, in the site's language."""
    return PersonFactory(name="Vera Viewer", email="vera@example.com", user=viewer)


def test_the_page_shows_the_readers_own_choice(client, viewer, linked):
    client.force_login(viewer)
    page = client.get(URL).content.decode()
    assert "Mail for Vera Viewer goes to vera@example.com." in page
    assert 'value="digest" required id="id_notify_1" checked' in page


def test_a_person_sets_their_own_pace_and_language(client, viewer, linked):
    client.force_login(viewer)
    response = client.post(URL, {"notify": Notify.IMMEDIATE, "language": MailLanguage.ZH_HANS})
    assert response.status_code == 302
    linked.refresh_from_db()
    assert (linked.notify, linked.language) == (Notify.IMMEDIATE, MailLanguage.ZH_HANS)
    record = linked.history.latest()
    assert record.history_user == viewer
    assert record.history_change_reason == "own notification preferences"


def test_an_unknown_choice_is_a_form_error_and_changes_nothing(client, viewer, linked):
    client.force_login(viewer)
    response = client.post(URL, {"notify": "hourly", "language": ""})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    linked.refresh_from_db()
    assert linked.notify == Notify.DIGEST


def test_a_login_that_belongs_to_nobody_is_told_how_to_get_linked(client, viewer):
    client.force_login(viewer)
    assert "Your login belongs to nobody" in client.get(URL).content.decode()
    response = client.post(URL, {"notify": Notify.OFF, "language": ""})
    assert response.status_code == 403
    assert not Person.objects.filter(notify=Notify.OFF).exists()


def test_nobody_changes_someone_elses_entry_here(client, viewer, linked):
    other = PersonFactory(name="Otto Other")
    client.force_login(viewer)
    client.post(URL, {"notify": Notify.OFF, "language": "", "person": other.pk})
    other.refresh_from_db()
    linked.refresh_from_db()
    assert other.notify == Notify.DIGEST  # the `person` sent is ignored: one's own entry only
    assert linked.notify == Notify.OFF


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_every_page_links_to_it_for_a_logged_in_reader(client, viewer):
    client.force_login(viewer)
    assert f'href="{URL}"' in client.get("/").content.decode()
