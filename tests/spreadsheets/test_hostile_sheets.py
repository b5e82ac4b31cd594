"""Sheets a careless or hostile hand writes: each is a clear problem or a clean refusal, never a
server error or a silent misreading."""

import io

import pytest
from openpyxl import Workbook

from departments.models import Department
from spreadsheets.reading import SpreadsheetError, read_grids
from spreadsheets.services import matrix_import

pytestmark = pytest.mark.django_db


def imported(text, name="sheet.csv", **options):
    return matrix_import(content=text.encode() if isinstance(text, str) else text,
                         filename=name, **options).as_dict()


@pytest.mark.parametrize("text", [
    "Department,Own role\nPlan,R\n",  # a departments word on the header row itself
    "R,some long text\nlong words here,I\n",  # letters but no column of them
])
def test_odd_layouts_are_read_or_refused_cleanly(text):
    try:
        report = imported(text, create_missing=True, dry_run=True)
    except SpreadsheetError:
        return
    assert isinstance(report["problems"], list)


@pytest.mark.parametrize("step", ["²", "①", "-1", "1.5"])
def test_a_step_that_is_not_a_plain_number_is_a_problem(step, own_process):
    report = imported(f"title,process,step,{own_process.owner.code}\nNew one,own-process,"
                      f"{step},R\n")
    assert not report["applied"]
    assert any(problem["column"] == "step" for problem in report["problems"])


def test_a_cover_sheet_naming_a_title_is_not_taken_for_the_matrix():
    book = Workbook()
    book.active.title = "Cover"
    book.active.append(["Title", "RACI matrix 2024"])
    matrix = book.create_sheet("Matrix")
    for row in (["Activity", "Ops"], ["Deploy", "A"]):
        matrix.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    report = imported(buffer.getvalue(), "raci.xlsx", create_missing=True)
    assert report["sheet"] == "Matrix" and report["applied"]
    assert list(Department.objects.values_list("name", flat=True)) == ["Ops"]


def test_a_dash_line_in_a_tab_separated_paste_does_not_make_it_markdown():
    [grid] = read_grids(b"Task\tPM\tDev\nPlan\tR\tA\n--\t\t\nBuild\tA\tR\n", "pasted.tsv")
    assert grid.rows[0] == ["Task", "PM", "Dev"] and len(grid.rows) == 4


@pytest.mark.parametrize("content", [
    b"Activity,Ops\n" + b"Deploy,R\n" * 1000 + b"New\x00duty,R\n",
    " " * 20_000 + "x\n| a | b |\n|---|---|\n",
])
def test_hostile_text_is_refused_or_read_quickly(content):
    if isinstance(content, str):
        content = content.encode()
    try:
        read_grids(content, "sheet.csv")
    except SpreadsheetError as error:
        assert "neither a workbook nor a text file" in str(error)


def test_a_long_run_of_footnote_marks_is_read_and_kept_short():
    report = imported("Activity,Ops\nDeploy,R" + "*" * 30_000 + "\n", create_missing=True)
    assert report["applied"]
