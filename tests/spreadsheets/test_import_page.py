"""The spreadsheet import page: preview, then import exactly the previewed file."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import panels
from responsibilities.models import Assignment

pytestmark = pytest.mark.django_db

URL = reverse("spreadsheets:matrix_import")


def letters(code="own-duty"):
    rows = Assignment.objects.filter(duty__code=code).values_list("raci", "role__code",
                                                                   "department__code")
    return sorted(rows, key=str)


def preview(client, text, name="sheet.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, text.encode()),
                             "action": "preview"})


def test_preview_lists_the_changes_and_writes_nothing(page_world, client_as):
    before = letters()
    response = preview(client_as("process_editor"), "duty,title,role:own-role\nown-duty,,C\n")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview of sheet.csv" in page
    assert "Import these changes" in page
    assert "role:own-role" in page
    assert letters() == before


def test_importing_the_preview_applies_it_and_records_the_user(page_world, client_as,
                                                                process_editor):
    client = client_as("process_editor")
    page = preview(client, "duty,title,role:own-role\nown-duty,,C\n")
    content = page.context["report"]["content"]
    response = client.post(URL, {"content": content, "filename": "sheet.csv",
                                 "action": "import"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("responsibilities:matrix_edit")
    assert "Imported: 0 duties created, 0 cells created, 1 changed" in response.content.decode()
    own_role = [letter for letter, role, _ in letters() if role == "own-role"]
    assert own_role == ["C"]
    assert Assignment.history.filter(raci="C", role__code="own-role").latest(
        "history_date").history_user == process_editor


def test_problems_are_listed_by_row_and_column_and_nothing_can_be_imported(page_world,
                                                                          client_as):
    before = letters()
    response = preview(client_as("editor"),
                       "duty,title,role:own-role\nown-duty,,Boss\nown-duty,,C\n")
    page = response.content.decode()
    assert "2 problems" in page
    assert "C (role:own-role)" in page and "“Boss” is not a RACI letter" in page
    assert "Duty own-duty already appears in row 2" in page
    assert "Import these changes" not in page
    assert letters() == before


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Choose a spreadsheet to import"),
    ({"content": "%%%not base64", "action": "import"}, "The previewed file was damaged"),
    ({"file": SimpleUploadedFile("x.xlsx", b"not a workbook")}, "not a valid xlsx workbook"),
])
def test_a_bad_upload_shows_a_form_error(page_world, client_as, data, message):
    before = letters()
    response = client_as("editor").post(URL, {"action": "preview", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert letters() == before


def test_a_viewer_may_not_import(page_world, client_as):
    before = letters()
    response = preview(client_as("viewer"), "duty,title,role:own-role\nown-duty,,C\n")
    assert response.status_code == 403
    assert letters() == before


def test_a_viewer_opening_the_import_page_is_told_why_not_and_what_to_do(page_world,
                                                                         client_as):
    response = client_as("viewer").get(URL)
    page = response.content.decode()
    assert response.status_code == 403
    assert "Not allowed" in page  # the styled refusal (templates/403.html), not a bare 403
    assert "You may read the matrix but not import into it" in page
    assert "Ask whoever manages the process to give you that right" in page
    assert "Import a spreadsheet" not in page


def test_a_visitor_reading_without_a_login_is_asked_to_log_in_to_import(page_world, client,
                                                                       settings):
    settings.REGISTRY_PUBLIC_READ = True
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_whoever_may_edit_a_process_opens_the_import_page(page_world, client_as):
    response = client_as("process_editor").get(URL)
    assert response.status_code == 200
    assert "Preview" in response.content.decode()


def test_the_preview_and_the_message_count_in_proper_plurals(page_world, client_as):
    client = client_as("editor")
    page = preview(client, "duty,title,process,role:own-role\nnew-duty,New duty,own-process,R\n")
    assert ("1 row read: 1 duty to create, 1 cell to create, 0 to change, 0 to clear."
            in page.content.decode())
    response = client.post(URL, {"content": page.context["report"]["content"],
                                 "filename": "sheet.csv", "action": "import"}, follow=True)
    assert ("Imported: 1 duty created, 1 cell created, 0 changed, 0 cleared."
            in response.content.decode())


@pytest.mark.parametrize(("role", "allowed"), [
    ("anonymous", False), ("viewer", False), ("dept_admin", False), ("editor", True),
    ("process_editor", True), ("superuser", True),
])
def test_the_matrix_page_is_told_whether_to_offer_the_import(page_world, request, role,
                                                             allowed):
    user = AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
    assert panels.context("matrix_actions", user=user) == {"import_allowed": allowed}


def test_the_import_offer_costs_the_same_queries_however_many_processes(page_world, grow,
                                                                        process_editor):
    def queries():
        user = type(process_editor).objects.get(pk=process_editor.pk)  # no permission cache
        with CaptureQueriesContext(connection) as captured:
            assert panels.context("matrix_actions", user=user) == {"import_allowed": True}
        return len(captured)

    small = queries()
    grow(10)
    assert queries() == small


def test_the_matrix_links_an_editor_to_the_import_page(page_world, client_as):
    assert URL in client_as("editor").get(reverse("responsibilities:matrix_edit")).content.decode()
