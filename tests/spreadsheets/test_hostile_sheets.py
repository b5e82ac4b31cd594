"""Sheets a careless or hostile hand writes: each is a clear problem or a clean refusal, never a
server error or a silent misreading."""

import io

import pytest
from openpyxl import Workbook

from departments.models import Department
from responsibilities.models import Assignment
from spreadsheets.reading import SpreadsheetError, read_grids
from spreadsheets.services import matrix_import

pytestmark = pytest.mark.django_db


def imported(text, name="sheet.csv", **options):
    return matrix_import(content=text.encode() if isinstance(text, str) else text,
                         filename=name, **options).as_dict()


def test_a_departments_word_on_the_header_row_itself_is_a_problem_not_a_crash():
    report = imported("Department,Own role\nPlan,R\n", dry_run=True)
    assert not report["applied"] and report["problems"]


def test_letters_with_no_column_of_them_are_refused_with_a_message():
    with pytest.raises(SpreadsheetError, match="No sheet of the file holds RACI letters"):
        imported("R,some long text\nlong words here,I\n", create_missing=True, dry_run=True)


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
    assert list(Department.objects.values_list("name_en", flat=True)) == ["Ops"]


def test_a_dash_line_in_a_tab_separated_paste_does_not_make_it_markdown():
    [grid] = read_grids(b"Task\tPM\tDev\nPlan\tR\tA\n--\t\t\nBuild\tA\tR\n", "pasted.tsv")
    assert grid.rows[0] == ["Task", "PM", "Dev"] and len(grid.rows) == 4


def test_a_nul_anywhere_in_a_text_file_is_refused():
    with pytest.raises(SpreadsheetError, match="neither a workbook nor a text file"):
        read_grids(b"Activity,Ops\n" + b"Deploy,R\n" * 1000 + b"New\x00duty,R\n", "sheet.csv")


def test_a_long_run_of_spaces_before_a_markdown_table_is_read_at_once():
    [grid] = read_grids((" " * 20_000 + "x\n| a | b |\n|---|---|\n").encode(), "notes.md")
    assert grid.rows == [["a", "b"]]


def test_a_long_run_of_footnote_marks_is_read_and_kept_short():
    report = imported("Activity,Ops\nDeploy,R" + "*" * 30_000 + "\n", create_missing=True)
    assert report["applied"]
    assert Assignment.objects.get().note == "*" * 20
