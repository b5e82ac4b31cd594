"""Importing the RACI matrices people already have: onboarding a team's own spreadsheet.

A team's matrix rarely has the registry's export layout. This module covers what the importer
(`spreadsheets.services.matrix_import`) makes of such files:

1. an activity column titled Activity, Task, Deliverable, Work item, 活动, 工作内容 or nothing;
2. unknown party columns created as departments and roles (`create_missing`), Chinese names
   given pinyin codes, listed in the dry run's "created" report, refused without the option;
3. the matrix found on another sheet than the first (or the one named by `sheet=`), below
   title rows, beside blank and "Notes" columns, above a legend;
4. section rows (a phase name with no letters) turned into processes;
5. cells as people write them: a file's own spellings (`letters=`), N/A, R/A, "A / R C*",
   Traditional Chinese words; an unknown spelling reported once;
6. a transposed matrix (parties as rows), given or detected;
7. a title too long for the registry refused as a problem, in the dry run too;
8. GBK CSV from Chinese Excel, TSV and Markdown tables pasted from a wiki;
9. pinyin codes for duties titled in Chinese only.

On any problem nothing is written: no department, role, process, duty or letter.
"""

import io
import re

import pytest
from django.db.models import Q
from openpyxl import Workbook

from departments.models import Department, Role
from responsibilities.models import Assignment, Duty, Process
from responsibilities.selectors.current_matrix import matrix_read
from spreadsheets.reading import SpreadsheetError
from spreadsheets.services import matrix_import
from tests import factories

pytestmark = pytest.mark.django_db

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- helpers ---------------------------------------------------------------------------------


def xlsx(*sheets):
    """The bytes of a workbook. Each argument is a list of rows (a sheet named Sheet<n>) or a
    dict {sheet name: rows}; a row is a list of cell values, None or "" for a blank cell."""
    book = Workbook()
    book.remove(book.active)
    for number, sheet in enumerate(sheets, start=1):
        named = sheet if isinstance(sheet, dict) else {f"Sheet{number}": sheet}
        for name, rows in named.items():
            page = book.create_sheet(name)
            for row_number, row in enumerate(rows, start=1):
                for column_number, value in enumerate(row, start=1):
                    if value not in (None, ""):
                        page.cell(row=row_number, column=column_number, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def imported(content, filename="matrix.xlsx", **options):
    """The ImportResult of `matrix_import`; a file the importer refuses outright (instead of
    reporting problems) fails the test with the importer's message."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    try:
        return matrix_import(content=content, filename=filename, **options)
    except SpreadsheetError as error:
        pytest.fail(f"the importer refused the file: {error}")


def cells():
    """The matrix as {duty code: {party key: letters}}."""
    return matrix_read(axis="role").cells


def state():
    """Everything an import may write, to show that a refused import wrote nothing."""
    return (Department.objects.count(), Role.objects.count(), Process.objects.count(),
            Duty.objects.count(), Assignment.objects.count(), cells())


def problems(result):
    return result.as_dict()["problems"]


def code_of(title):
    return Duty.objects.get(Q(title_en=title) | Q(title_zh_hans=title)).code


@pytest.fixture
def org():
    """Two departments, Dev and Ops, and one existing duty, "Build the release"."""
    dev = factories.DepartmentFactory(code="dev", name="Dev")
    ops = factories.DepartmentFactory(code="ops", name="Ops")
    release = factories.ProcessFactory(code="release", name="Release", owner=dev)
    factories.DutyFactory(code="build", title="Build the release", process=release)
    return dev, ops


# --- 1. the activity column ------------------------------------------------------------------


@pytest.mark.parametrize("heading", ["Activity", "Task", "Deliverable", "Work item", "活动",
                                     "工作内容", ""])
def test_the_activity_column_may_have_any_usual_heading_or_none(org, heading):
    content = xlsx([[heading, "Dev", "Ops"],
                    ["Build the release", "R", "A"],
                    ["Write release notes", "C", "R"]])
    result = imported(content)
    assert problems(result) == []
    assert result.applied
    assert cells()["build"] == {"department:dev": "R", "department:ops": "A"}
    assert result.as_dict()["duties_created"] == [code_of("Write release notes")]
    assert cells()[code_of("Write release notes")] == {"department:dev": "C",
                                                       "department:ops": "R"}


# --- 2. new departments and roles ------------------------------------------------------------

NEW_PARTIES = ("Activity,Dev,Security & Compliance,客服部,Platform Engineer (Engineering)\n"
               "Review access rights,I,A,C,R\n")


def test_create_missing_makes_departments_and_roles_named_as_the_headers(org):
    result = imported(NEW_PARTIES, "team.csv", create_missing=True)
    assert problems(result) == []
    assert result.applied
    security = Department.objects.get(name_en="Security & Compliance")
    assert SLUG.match(security.code)
    service = Department.objects.get(name_zh_hans="客服部")
    assert service.code == "ke-fu-bu"
    engineer = Role.objects.get(name_en="Platform Engineer")
    assert engineer.department.name == "Engineering"
    assert cells()[code_of("Review access rights")] == {
        "department:dev": "I", f"department:{security.code}": "A",
        "department:ke-fu-bu": "C", f"role:{engineer.code}": "R"}


def test_the_dry_run_lists_the_parties_it_would_create_and_creates_none(org):
    before = state()
    preview = imported(NEW_PARTIES, "team.csv", create_missing=True, dry_run=True)
    assert state() == before
    assert not preview.applied
    assert problems(preview) == []
    created = preview.as_dict()["created"]
    departments = {entry["name"]: entry["code"] for entry in created["departments"]}
    assert set(departments) == {"Security & Compliance", "客服部", "Engineering"}
    assert departments["客服部"] == "ke-fu-bu"
    assert all(SLUG.match(code) for code in departments.values())
    [role] = created["roles"]
    assert role["name"] == "Platform Engineer"
    assert role["department"] in (departments["Engineering"], "Engineering")
    assert created["processes"] == []
    # the real run creates what the dry run announced
    assert imported(NEW_PARTIES, "team.csv", create_missing=True).as_dict()["created"] == created


def test_without_create_missing_an_unknown_column_is_a_problem_and_nothing_is_written(org):
    before = state()
    result = imported(NEW_PARTIES, "team.csv")
    assert not result.applied
    named = " ".join(f"{p['column']} {p['message']}" for p in problems(result))
    assert "Security & Compliance" in named
    assert "客服部" in named
    assert state() == before


# --- 3. finding the matrix in a workbook -----------------------------------------------------

MATRIX = [["Activity", "Dev", "Ops"],
          ["Build the release", "R", "A"],
          ["Deploy to production", "C", "AR"],
          ["Announce the release", "I", "R"]]


def test_the_matrix_on_the_third_sheet_after_an_introduction_is_found(org):
    content = xlsx({"Introduction": [["Release RACI"],
                                     ["This workbook says who does what for a release."],
                                     ["R", "Responsible: does the work"],
                                     ["A", "Accountable: signs it off"]]},
                   {"Contacts": [["Name", "Email"], ["Ada", "ada@example.com"]]},
                   {"RACI": MATRIX})
    result = imported(content)
    assert problems(result) == []
    assert cells()["build"] == {"department:dev": "R", "department:ops": "A"}
    assert cells()[code_of("Deploy to production")] == {"department:dev": "C",
                                                        "department:ops": "AR"}
    assert not Duty.objects.filter(title_en__startswith="This workbook").exists()


def test_sheet_picks_the_named_sheet(org):
    older = [["Activity", "Dev", "Ops"], ["Build the release", "A", "R"]]
    content = xlsx({"2024": MATRIX}, {"2023": older})
    result = imported(content, sheet="2023")
    assert problems(result) == []
    assert cells()["build"] == {"department:dev": "A", "department:ops": "R"}
    assert not Duty.objects.filter(title_en="Deploy to production").exists()


def test_a_blank_first_row_and_title_rows_above_the_header_are_skipped(org):
    content = xlsx([[],
                    ["Release RACI matrix"],
                    ["Owner: PMO · version 3 · March"],
                    *MATRIX])
    result = imported(content)  # not "The file is empty"
    assert problems(result) == []
    assert result.applied
    assert cells()["build"] == {"department:dev": "R", "department:ops": "A"}
    assert not Duty.objects.filter(title_en__startswith="Owner").exists()


def test_blank_and_notes_columns_and_a_legend_below_are_not_columns_or_duties(org):
    content = xlsx([["Activity", "Dev", None, "Ops", "Notes"],
                    ["Write release notes", "R", None, "A", "Ask product for the changelog"],
                    ["Tag the release", "AR", None, "", ""],
                    [],
                    ["A = Accountable"],
                    ["R = Responsible, C = Consulted, I = Informed"]])
    result = imported(content)
    assert problems(result) == []
    assert result.applied
    notes = Duty.objects.get(title_en="Write release notes")
    assert notes.description == "Ask product for the changelog"
    assert cells()[notes.code] == {"department:dev": "R", "department:ops": "A"}
    assert cells()[code_of("Tag the release")] == {"department:dev": "AR"}
    assert sorted(result.as_dict()["duties_created"]) == sorted(
        [notes.code, code_of("Tag the release")])
    assert not Duty.objects.filter(title_en__contains="=").exists()


# --- 4. section rows become processes --------------------------------------------------------


def test_section_rows_become_processes_with_their_duties_in_order(org):
    content = xlsx([["Activity", "Dev", "Ops"],
                    ["Planning", None, None],
                    ["Gather requirements", "C", "R"],
                    ["Estimate the effort", "R", "A"],
                    ["Delivery", None, None],
                    ["Build the feature", "R", ""],
                    ["Test the feature", "R", "C"],
                    ["Ship the feature", "I", "AR"]])
    result = imported(content, create_missing=True)
    assert problems(result) == []
    assert result.applied
    assert {entry["name"] for entry in result.as_dict()["created"]["processes"]} == {
        "Planning", "Delivery"}
    planning = Process.objects.get(name_en="Planning")
    delivery = Process.objects.get(name_en="Delivery")
    assert list(planning.duties.order_by("step").values_list("title_en", "step")) == [
        ("Gather requirements", 1), ("Estimate the effort", 2)]
    assert list(delivery.duties.order_by("step").values_list("title_en", "step")) == [
        ("Build the feature", 1), ("Test the feature", 2), ("Ship the feature", 3)]
    assert not Duty.objects.filter(title_en__in=["Planning", "Delivery"]).exists()
    assert cells()[code_of("Ship the feature")] == {"department:dev": "I",
                                                    "department:ops": "AR"}


# --- 5. cells as people write them -----------------------------------------------------------


@pytest.mark.parametrize(("written", "letters", "expected"), [
    ("X", {"X": "R"}, "R"),
    ("N/A", None, ""),
    ("R/A", None, "AR"),
    ("A / R C*", None, "ARC"),
    ("負責", None, "R"),
    ("當責", None, "A"),
    ("諮詢", None, "C"),
    ("通知", None, "I"),
    ("當責、負責", None, "AR"),
])
def test_a_cell_is_read_as_people_write_it(org, written, letters, expected):
    content = xlsx([["Activity", "Dev", "Ops"], ["Build the release", written, "I"]])
    options = {"letters": letters} if letters is not None else {}
    result = imported(content, **options)
    assert problems(result) == []
    assert result.applied
    assert cells()["build"].get("department:dev", "") == expected
    assert cells()["build"]["department:ops"] == "I"


def test_an_unknown_spelling_is_one_problem_naming_it_and_nothing_is_written(org):
    rows = [["Activity", "Dev", "Ops"]] + [[f"Step {n}", "S", "R"] for n in range(1, 6)]
    before = state()
    result = imported(xlsx(rows))
    assert not result.applied
    assert len(problems(result)) == 1
    assert re.search(r"[“\"'‘«]S[”\"'’»]", problems(result)[0]["message"])
    assert state() == before


# --- 6. transposed matrices ------------------------------------------------------------------

ACTIVITIES = ["Build the release", "Run the tests", "Deploy", "Monitor", "Roll back",
              "Announce"]
DEV_LETTERS = ["R", "AR", "C", "I", "R", "I"]
OPS_LETTERS = ["A", "C", "AR", "R", "A", "R"]
NORMAL = [["Activity", "Dev", "Ops"],
          *([title, dev, ops] for title, dev, ops in zip(ACTIVITIES, DEV_LETTERS, OPS_LETTERS,
                                                         strict=True))]
TRANSPOSED = [["", *ACTIVITIES], ["Dev", *DEV_LETTERS], ["Ops", *OPS_LETTERS]]


def planned_cells(result):
    return sorted((change["duty"], change["party"], change["after"])
                  for change in result.as_dict()["changes"])


@pytest.mark.parametrize("transpose", [True, None], ids=["given", "detected"])
def test_a_transposed_matrix_imports_the_same_cells_as_its_normal_form(org, transpose):
    normal = imported(xlsx(NORMAL), dry_run=True)
    assert problems(normal) == []
    options = {"transpose": True} if transpose else {}
    preview = imported(xlsx(TRANSPOSED), dry_run=True, **options)
    assert problems(preview) == []
    assert planned_cells(preview) == planned_cells(normal)
    result = imported(xlsx(TRANSPOSED), **options)
    assert result.applied
    for title, dev, ops in zip(ACTIVITIES, DEV_LETTERS, OPS_LETTERS, strict=True):
        assert cells()[code_of(title)] == {"department:dev": dev, "department:ops": ops}


# --- 7. a title too long ---------------------------------------------------------------------


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry run", "real run"])
def test_a_title_too_long_is_a_problem_on_its_row_not_an_error(org, dry_run):
    sheet = f"Activity,Dev\nWrite release notes,R\n{'x' * 333},A\n"
    before = state()
    result = imported(sheet, "long.csv", dry_run=dry_run)
    assert not result.applied
    assert [p["row"] for p in problems(result)] == [3]
    assert "300" in problems(result)[0]["message"]
    assert state() == before


# --- 8. GBK CSV, TSV and Markdown ------------------------------------------------------------


def test_a_gbk_csv_from_chinese_excel_imports(org):
    factories.DepartmentFactory(code="yanfa", name="研发部")
    factories.DepartmentFactory(code="yunwei", name="运维部")
    sheet = "活动,研发部,运维部\r\n构建发布,负责,批准\r\n上线部署,咨询,负责、批准\r\n"
    content = sheet.encode("gbk")
    result = imported(content, "矩阵.csv")
    assert problems(result) == []
    assert result.applied
    assert cells()[code_of("构建发布")] == {"department:yanfa": "R", "department:yunwei": "A"}
    assert cells()[code_of("上线部署")] == {"department:yanfa": "C", "department:yunwei": "AR"}


def test_a_tsv_pasted_from_a_sheet_imports(org):
    result = imported("Activity\tDev\tOps\nBuild the release\tR\tA\nDeploy\tC\tAR\n",
                      "paste.tsv")
    assert problems(result) == []
    assert cells()["build"] == {"department:dev": "R", "department:ops": "A"}
    assert cells()[code_of("Deploy")] == {"department:dev": "C", "department:ops": "AR"}


def test_a_markdown_table_pasted_from_a_wiki_imports_without_its_markup(org):
    table = ("| Activity | Dev | Ops |\n"
             "|---|---|---|\n"
             "| Build the release | R | A |\n"
             "| [Deploy](https://wiki.example.com/deploy) | **C** | AR |\n")
    result = imported(table, "paste.md")
    assert problems(result) == []
    assert result.applied
    assert cells()["build"] == {"department:dev": "R", "department:ops": "A"}
    assert cells()[code_of("Deploy")] == {"department:dev": "C", "department:ops": "AR"}
    assert not Duty.objects.filter(title_en__contains="](").exists()


# --- 9. codes for Chinese titles -------------------------------------------------------------


def test_a_duty_titled_in_chinese_only_gets_a_pinyin_code(org):
    result = imported("duty,title,Dev\n,处理投诉,R\n", "duties.csv")
    assert problems(result) == []
    assert result.as_dict()["duties_created"] == ["chu-li-tou-su"]
    assert cells()["chu-li-tou-su"] == {"department:dev": "R"}
