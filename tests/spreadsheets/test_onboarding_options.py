"""The onboarding options reach every way in: the command, the API and the import page each
take create-missing, a letters mapping, a sheet and the orientation, and refuse a bad mapping."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from departments.models import Department
from responsibilities.models import Assignment, Duty, Process

pytestmark = pytest.mark.django_db

PUBLISHED = ("# Onboarding\n\n| Activity | CSPI QE | Product QE |\n|---|---|---|\n"
             "| **Setup** | | |\n| [Kick-off](kickoff.md) | R | A |\n| Triggering | X | N/A |\n")


def letters():
    return sorted(Assignment.objects.values_list("duty__title_en", "department__name_en", "raci"))


def test_the_command_creates_what_the_sheet_names_and_maps_a_spelling(tmp_path):
    path = tmp_path / "raci.md"
    path.write_text(PUBLISHED)
    out = StringIO()
    call_command("import_matrix", str(path), "--create-missing", "--letters", "X=R", stdout=out)
    assert "create department 'CSPI QE' as cspi-qe" in out.getvalue()
    assert "create process 'Setup' as setup" in out.getvalue()
    assert letters() == [("Kick-off", "CSPI QE", "R"), ("Kick-off", "Product QE", "A"),
                         ("Triggering", "CSPI QE", "R")]
    assert list(Process.objects.get(code="setup").duties.order_by("step")
                .values_list("title_en", "step")) == [("Kick-off", 1), ("Triggering", 2)]


def test_the_command_refuses_a_mapping_that_is_not_one(tmp_path):
    path = tmp_path / "raci.md"
    path.write_text(PUBLISHED)
    with pytest.raises(CommandError, match="SPELLING=LETTERS"):
        call_command("import_matrix", str(path), "--letters", "X", stdout=StringIO())
    assert not Department.objects.exists()


def test_the_api_takes_the_same_options(api_as, editor):
    response = api_as(editor).post("/api/v1/matrix/import/", {
        "file": SimpleUploadedFile("raci.md", PUBLISHED.encode()), "create_missing": True,
        "letters": "X=R", "dry_run": True}, format="multipart")
    assert response.status_code == 200, response.json()
    created = response.json()["created"]
    assert [item["name"] for item in created["departments"]] == ["CSPI QE", "Product QE"]
    assert created["processes"] == [{"code": "setup", "name": "Setup"}]
    assert not Department.objects.exists()
    response = api_as(editor).post("/api/v1/matrix/import/", {
        "file": SimpleUploadedFile("raci.md", PUBLISHED.encode()), "letters": "X=Q"},
        format="multipart")
    assert response.status_code == 400 and "letters" in response.json()


def test_the_page_previews_a_pasted_table_then_imports_it_with_its_options(client_as):
    client = client_as("editor")
    url = reverse("spreadsheets:matrix_import")
    page = client.post(url, {"paste": PUBLISHED, "create_missing": "on", "letters": "X=R",
                             "action": "preview"})
    html = page.content.decode()
    assert "To be created" in html and 'name="code:department:CSPI QE" value="cspi-qe"' in html
    assert not Department.objects.exists()
    report = page.context["report"]
    response = client.post(url, {"content": report["content"], "filename": report["filename"],
                                 "create_missing": "on", "letters": "X=R", "action": "import"})
    assert response.status_code == 302
    assert ("Triggering", "CSPI QE", "R") in letters()


def test_a_row_without_a_code_finds_its_duty_by_title_within_its_process(tmp_path):
    from tests import factories

    for code in ("intake", "review"):
        process = factories.ProcessFactory(code=code, name=code.title())
        factories.DutyFactory(code=f"{code}-triage", title="Triage", process=process)
    factories.DepartmentFactory(code="ops", name="Ops")
    path = tmp_path / "sheet.csv"
    path.write_text("Process,Activity,Ops\nReview,Triage,A\n")
    call_command("import_matrix", str(path), stdout=StringIO())
    assert letters() == [("Triage", "Ops", "A")]
    assert Assignment.objects.get().duty.code == "review-triage"


def test_a_footnote_mark_is_kept_as_the_note_of_the_letters_it_marks(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("Activity,Ops\nDeploy,A / R*\n")
    call_command("import_matrix", str(path), "--create-missing", stdout=StringIO())
    assert sorted(Assignment.objects.values_list("raci", "note")) == [("A", "*"), ("R", "*")]


def test_the_codes_of_what_is_created_can_be_chosen_on_the_preview(client_as):
    client = client_as("editor")
    url = reverse("spreadsheets:matrix_import")
    page = client.post(url, {"paste": PUBLISHED, "create_missing": "on", "letters": "X=R",
                             "action": "preview"})
    assert 'name="code:department:CSPI QE" value="cspi-qe"' in page.content.decode()
    report = page.context["report"]
    chosen = {"content": report["content"], "filename": report["filename"],
              "create_missing": "on", "letters": "X=R", "action": "import",
              "code:department:CSPI QE": "qe", "code:process:Setup": "onboarding"}
    refused = client.post(url, {**chosen, "code:department:Product QE": "not a code"})
    assert refused.status_code == 200 and not Department.objects.exists()
    assert "not a code" in refused.content.decode()
    assert client.post(url, chosen).status_code == 302
    assert set(Department.objects.values_list("code", flat=True)) == {"qe", "product-qe"}
    assert Process.objects.get(code="onboarding").name == "Setup"


def test_a_departments_row_under_the_header_makes_the_parties_roles_in_them(tmp_path):
    from departments.models import Role

    path = tmp_path / "sheet.csv"
    path.write_text("Activity,Support lead,On-call engineer\n"
                    "Department,Customer service,Technology\n"
                    "Handle the outage,A,R\n")
    call_command("import_matrix", str(path), "--create-missing", stdout=StringIO())
    assert sorted(Role.objects.values_list("name_en", "department__name_en")) == [
        ("On-call engineer", "Technology"), ("Support lead", "Customer service")]
    assert Assignment.objects.count() == 2
    assert not Process.objects.exists(), "the departments row is not a section"


def test_a_duty_renamed_in_a_sheet_without_codes_is_reported_not_duplicated(tmp_path):
    from tests import factories

    process = factories.ProcessFactory(code="release", name="Release")
    factories.DutyFactory(code="build", title="Build", process=process)
    factories.DutyFactory(code="ship", title="Ship", process=process)
    factories.DepartmentFactory(code="ops", name="Ops")
    renamed = tmp_path / "renamed.csv"
    renamed.write_text("Activity,Ops\nRelease,\nBuild,R\nShip it,A\n")
    with pytest.raises(CommandError):
        call_command("import_matrix", str(renamed), stdout=StringIO(), stderr=StringIO())
    assert Duty.objects.count() == 2
    inserted = tmp_path / "inserted.csv"
    inserted.write_text("Activity,Ops\nRelease,\nBuild,R\nTest,C\nShip,A\n")
    call_command("import_matrix", str(inserted), stdout=StringIO())
    assert list(Duty.objects.filter(process=process).order_by("step")
                .values_list("title_en", flat=True)) == ["Build", "Ship", "Test"]


def test_a_published_sheet_imported_twice_changes_nothing_the_second_time(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("Activity,Ops,Dev\nRelease,,\nBuild,R,A\nCheck,A,R\nCheck,C,AR\n")
    call_command("import_matrix", str(path), "--create-missing", stdout=StringIO())
    before = letters()
    out = StringIO()
    call_command("import_matrix", str(path), "--create-missing", stdout=out)
    assert "0 duties created, 0 cells created, 0 changed, 0 cleared" in out.getvalue()
    assert letters() == before and Duty.objects.filter(title_en="Check").count() == 2


def test_a_sheet_that_is_not_there_and_a_mapping_that_is_not_one_are_refused(client_as,
                                                                            tmp_path):
    path = tmp_path / "raci.md"
    path.write_text(PUBLISHED)
    with pytest.raises(CommandError, match="There is no sheet “Budget” in the file"):
        call_command("import_matrix", str(path), "--sheet", "Budget", stdout=StringIO())
    page = client_as("editor").post(reverse("spreadsheets:matrix_import"), {
        "paste": PUBLISHED, "letters": "X", "action": "preview"})
    assert "SPELLING=LETTERS" in page.content.decode() and page.context["report"] is None
    assert not Department.objects.exists()


def test_a_chosen_code_already_taken_is_a_problem(client_as):
    Department.objects.create(code="qe", name="Quality")
    client = client_as("editor")
    url = reverse("spreadsheets:matrix_import")
    report = client.post(url, {"paste": PUBLISHED, "create_missing": "on", "letters": "X=R",
                               "action": "preview"}).context["report"]
    page = client.post(url, {"content": report["content"], "filename": report["filename"],
                             "create_missing": "on", "letters": "X=R", "action": "import",
                             "code:department:CSPI QE": "qe"})
    assert page.status_code == 200 and "The code qe is taken" in page.content.decode()
    assert Department.objects.count() == 1
