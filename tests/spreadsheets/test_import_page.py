"""The spreadsheet import page: preview, then import exactly the previewed file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

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


def test_the_matrix_links_to_the_import_page(page_world, client_as):
    assert URL in client_as("viewer").get(reverse("responsibilities:matrix_edit")).content.decode()
