"""matrix/import/ over the API: preview, apply, bad files and who may import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from responsibilities.models import Assignment, Duty
from tests.factories import DutyFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def upload(text, name="matrix.csv", dry_run=False):
    return {"file": SimpleUploadedFile(name, text.encode()), "dry_run": dry_run}


def letters():
    return sorted(Assignment.objects.values_list("duty__code", "department__code", "raci"))


def test_import_dry_run_previews_and_changes_nothing(api_as, editor, tech_duty):
    before = letters()
    response = api_as(editor).post(
        "/api/v1/matrix/import/", upload("duty,title,tech\nown-duty,,AR\n", dry_run=True),
        format="multipart")
    assert response.status_code == 200
    assert response.json()["applied"] is False
    assert response.json()["changes"][0]["after"] == "AR"
    assert response.json()["summary"] == ("Dry run: 0 duties created, 0 cells created, "
                                          "1 changed, 0 cleared; nothing was changed.")
    assert letters() == before


def test_import_applies_and_records_the_user(api_as, editor, tech_duty):
    response = api_as(editor).post(
        "/api/v1/matrix/import/", upload("duty,title,tech\nown-duty,,AR\n"), format="multipart")
    assert response.status_code == 200
    assert response.json()["counts"]["changed"] == 1
    assert response.json()["summary"] == ("Imported: 0 duties created, 0 cells created, "
                                          "1 changed, 0 cleared.")
    assert letters() == [("own-duty", "tech", "A"), ("own-duty", "tech", "R")]
    assert Assignment.history.get(raci="R").history_user == editor


@pytest.mark.parametrize(("text", "name", "message"), [
    ("duty,title,tech\nown-duty,,Boss\n", "m.csv", "not a RACI letter"),
    ("", "m.csv", "empty"),
    ("not a workbook", "m.xlsx", "not a valid xlsx"),
])
def test_a_bad_upload_is_a_400_and_changes_nothing(api_as, editor, tech_duty, text, name, message):
    before = letters()
    response = api_as(editor).post("/api/v1/matrix/import/", upload(text, name),
                                   format="multipart")
    assert response.status_code == 400
    assert message in str(response.json())
    assert letters() == before


def test_the_problems_of_a_file_are_counted_in_proper_plurals(api_as, editor, tech_duty):
    response = api_as(editor).post("/api/v1/matrix/import/",
                                   upload("duty,title,tech\nown-duty,,Boss\n"),
                                   format="multipart")
    body = response.json()
    assert body["summary"] == "1 problem found; nothing was changed."
    assert "(1 cell: C (tech) row 2)" in body["problems"][0]["message"]


def test_process_editor_imports_into_their_own_process_only(api_as, process_editor, tech_duty):
    DutyFactory(code="foreign-duty")
    client = api_as(process_editor)
    own = client.post("/api/v1/matrix/import/", upload("duty,title,tech\nown-duty,,AR\n"),
                      format="multipart")
    assert own.status_code == 200
    before = letters()
    foreign = client.post("/api/v1/matrix/import/",
                          upload("duty,title,tech\nforeign-duty,,R\nown-duty,,A\n"),
                          format="multipart")
    assert foreign.status_code == 403
    assert "foreign-duty" in foreign.json()["detail"]
    assert letters() == before


def test_process_editor_cannot_create_a_duty_in_another_process(api_as, process_editor, tech_duty):
    ProcessFactory(code="foreign-process")
    response = api_as(process_editor).post(
        "/api/v1/matrix/import/",
        upload("duty,title,process,tech\nnew-duty,New duty,foreign-process,R\n"),
        format="multipart")
    assert response.status_code == 403
    assert "new-duty" in response.json()["detail"]
    assert not Duty.objects.filter(code="new-duty").exists()


def test_a_viewer_cannot_import(api_as, viewer, tech_duty):
    before = letters()
    response = api_as(viewer).post("/api/v1/matrix/import/",
                                   upload("duty,title,tech\nown-duty,,R\n"), format="multipart")
    assert response.status_code == 403
    assert letters() == before


def test_import_refuses_get(api_as, editor):
    assert api_as(editor).get("/api/v1/matrix/import/").status_code == 405
