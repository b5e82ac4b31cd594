"""An export from the API or the page, imported back unchanged, changes nothing; a department
summary says what it is and the import refuses it, whichever way it comes in."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import load_workbook

from responsibilities.demo import demo_load
from responsibilities.models import Assignment, Duty
from spreadsheets.services import matrix_import

pytestmark = pytest.mark.django_db

IMPORT_API = "/api/v1/matrix/import/"
IMPORT_PAGE = reverse("spreadsheets:matrix_import")
SUMMARY_REFUSED = ("This file is a department summary exported from the registry, not the "
                   "matrix as assigned: export it again with the columns 'as assigned' to edit "
                   "and re-import it.")


def exported(client, query):
    response = client.get(f"/api/v1/matrix/?{query}")
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def state():
    """Every letter and duty, with how many history rows they have: what an import writes."""
    return (sorted(Assignment.objects.values_list("duty__code", "department__code",
                                                  "role__code", "raci"), key=str),
            Duty.objects.count(), Assignment.history.count(), Duty.history.count())


def dry_run(client, content, name):
    return client.post(IMPORT_API, {"file": SimpleUploadedFile(name, content),
                                    "dry_run": True}, format="multipart")


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_demo_exported_and_imported_back_unchanged_changes_nothing(api_client_as, form):
    demo_load()
    client = api_client_as("editor")
    content = exported(client, f"format={form}")
    before = state()
    response = dry_run(client, content, f"matrix.{form}")
    report = response.json()
    assert response.status_code == 200, report["problems"]
    assert report["problems"] == []
    assert report["changes"] == []
    assert report["duties_created"] == []
    assert report["counts"] == {"duties_created": 0, "created": 0, "changed": 0, "cleared": 0}
    assert report["rows"] == Duty.objects.count()
    assert state() == before


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_process_exported_in_chinese_and_previewed_on_the_page_has_nothing_to_import(
        client_as, api_client_as, form):
    demo_load()
    with translation.override("zh-hans"):
        content = exported(api_client_as("editor"), f"format={form}&process=complaint-handling")
    response = client_as("editor").post(IMPORT_PAGE, {
        "file": SimpleUploadedFile(f"matrix.{form}", content), "action": "preview"})
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["report"]["changes"] == []
    assert "The matrix already reads like this file: nothing to import." in page
    assert "Import these changes" not in page


def test_an_export_of_an_organisation_with_roles_holds_each_party_as_assigned(world,
                                                                              api_client_as):
    content = exported(api_client_as("viewer"), "format=csv").decode("utf-8-sig")
    header = content.splitlines()[0].split(",")
    assert sorted(header[4:]) == ["department:own-dept", "role:far-role"]
    before = state()
    report = matrix_import(content=content.encode(), filename="m.csv", dry_run=True).as_dict()
    assert (report["problems"], report["changes"]) == ([], [])
    assert state() == before


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_department_summary_says_so_in_its_first_row(world, api_client_as, form):
    content = exported(api_client_as("viewer"), f"format={form}&axis=department")
    if form == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        book = load_workbook(io.BytesIO(content), read_only=True)
        rows = [[cell or "" for cell in row]
                for row in book["Matrix"].iter_rows(values_only=True)]
    assert rows[0][0] == "summary:department"
    assert "A summary by department" in rows[0][1]
    assert "not the matrix as assigned" in rows[0][1]
    assert rows[1][:2] == ["duty", "title"]


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_api_refuses_a_department_summary_and_writes_nothing(world, api_client_as, form):
    client = api_client_as("editor")
    content = exported(client, f"format={form}&axis=department")
    before = state()
    response = client.post(IMPORT_API, {"file": SimpleUploadedFile(f"m.{form}", content)},
                           format="multipart")
    assert response.status_code == 400
    assert response.json() == {"file": [SUMMARY_REFUSED]}
    assert state() == before


def test_a_summary_exported_in_chinese_is_refused_all_the_same(world, api_client_as):
    client = api_client_as("editor")
    with translation.override("zh-hans"):
        content = exported(client, "format=xlsx&axis=department")
    response = client.post(IMPORT_API, {"file": SimpleUploadedFile("m.xlsx", content)},
                           format="multipart")
    assert response.json() == {"file": [SUMMARY_REFUSED]}


def test_the_page_refuses_a_department_summary_with_a_form_error(page_world, client_as,
                                                                 api_client_as):
    content = exported(api_client_as("editor"), "format=csv&axis=department")
    before = state()
    response = client_as("editor").post(IMPORT_PAGE, {
        "file": SimpleUploadedFile("m.csv", content), "action": "import"})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [SUMMARY_REFUSED]
    assert escape(SUMMARY_REFUSED) in response.content.decode()
    assert state() == before


def test_the_command_refuses_a_department_summary(world, api_client_as, tmp_path):
    path = tmp_path / "summary.csv"
    path.write_bytes(exported(api_client_as("viewer"), "format=csv&axis=department"))
    before = state()
    with pytest.raises(CommandError, match="is a department summary exported from the "
                                           "registry"):
        call_command("import_matrix", str(path), stdout=io.StringIO())
    assert state() == before


def test_a_summary_pasted_as_a_table_is_refused(world, api_client_as):
    text = exported(api_client_as("viewer"), "format=csv&axis=department").decode("utf-8-sig")
    pasted = text.replace(",", "\t")
    with pytest.raises(ValueError, match="is a department summary"):
        matrix_import(content=pasted.encode(), filename="pasted.tsv", dry_run=True)
