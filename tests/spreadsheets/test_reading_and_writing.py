"""Reading and writing the matrix as spreadsheets; no database needed."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from responsibilities.letters import parse_letters
from responsibilities.matrix import MatrixDuty, matrix_build
from spreadsheets.formulas import FORMULA_STARTS, formula_escape, formula_unescape
from spreadsheets.reading import SpreadsheetError, read_grids
from spreadsheets.writing import matrix_csv, matrix_xlsx


def read_table(content, filename):
    """The header and rows of the first table of a file, as read."""
    rows = read_grids(content, filename)[0].rows
    return rows[0], rows[1:]


@pytest.mark.parametrize(("written", "letters"), [
    ("AR", "AR"), ("RA", "AR"), ("A/R", "AR"), ("R, A", "AR"), ("r a", "AR"),
    ("Accountable", "A"), ("Responsible & Accountable", "AR"), ("responsible and consulted", "RC"),
    ("负责", "R"), ("执行", "R"), ("批准", "A"), ("问责", "A"), ("咨询", "C"), ("知会", "I"),
    ("告知", "I"), ("负责、批准", "AR"), ("I", "I"), ("", ""), ("-", ""), ("  ", ""),
])
def test_cells_are_read_as_people_write_them(written, letters):
    assert parse_letters(written) == letters


@pytest.mark.parametrize("written", ["X", "S", "Resp", "R?", "支持", "RACI!", "1"])
def test_anything_else_is_a_bad_letter(written):
    with pytest.raises(ValueError):
        parse_letters(written)


def small_matrix():
    return matrix_build(
        axis="role",
        duties=[MatrixDuty("pay-fix", "修复支付接口", "outage", "Outage", 1),
                MatrixDuty("loose", "Loose duty", None, None, None)],
        departments=[("tech", "Technology")],
        roles=[("oncall", "On-call", "tech")],
        assignments=[("pay-fix", "R", None, "oncall"), ("pay-fix", "A", "tech", None),
                     ("loose", "I", "tech", None)],
    )


def test_csv_export_has_the_documented_layout():
    text = matrix_csv(small_matrix())
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "duty,title,process,step,department:tech,role:oncall"
    assert lines[1] == "pay-fix,修复支付接口,outage,1,A,R"
    assert lines[2] == "loose,Loose duty,,,I,"


def test_xlsx_export_is_readable_by_a_person():
    book = load_workbook(io.BytesIO(matrix_xlsx(small_matrix())))
    sheet = book["Matrix"]
    assert sheet.freeze_panes == "E2"
    assert sheet["A1"].font.bold
    assert [cell.value for cell in sheet[2]] == ["pay-fix", "修复支付接口", "outage", "1", "A", "R"]
    assert "Legend" in book.sheetnames


def test_xlsx_and_csv_read_back_the_same_table():
    matrix = small_matrix()
    from_csv = read_table(matrix_csv(matrix).encode(), "m.csv")
    from_xlsx = read_table(matrix_xlsx(matrix), "m.xlsx")
    assert from_csv == from_xlsx
    assert from_csv[0][:4] == ["duty", "title", "process", "step"]


def test_csv_with_semicolons_and_no_bom_is_read():
    header, rows = read_table(b"duty;title;tech\nd1;One;A/R\n", "m.csv")
    assert header == ["duty", "title", "tech"]
    assert rows == [["d1", "One", "A/R"]]


def xlsx_bytes(*rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_numbers_and_blank_cells_become_strings():
    header, rows = read_table(xlsx_bytes(["duty", "step", "tech"], ["d1", 3, None]), "m.xlsx")
    assert rows == [["d1", "3", ""]]


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"", "m.csv", "empty"),
    (b"\n\n", "m.csv", "empty"),
    (b"PK\x03\x04not really a zip", "m.xlsx", "not a valid xlsx"),
    (b"plain text", "m.xlsx", "not a valid xlsx"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "m.csv", "neither a workbook nor a text"),
])
def test_bad_files_get_a_clear_message(content, filename, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_table(content, filename)


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(SpreadsheetError, match="larger than 20 MB"):
        read_table(b"duty\n" + b"x" * (20 * 1024 * 1024), "m.csv")


HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"Click\")", "=cmd|' /C calc'!A0", "+1+1", "-2",
           "@SUM(A1)", "\t=1", "'=already quoted", "''", "'", "Charlie's team", "plain"]


@pytest.mark.parametrize("text", HOSTILE)
def test_what_an_export_escapes_reading_takes_back(text):
    written = formula_escape(text)
    assert not written.startswith(FORMULA_STARTS)
    assert formula_unescape(written) == text


def hostile_matrix():
    return matrix_build(
        axis="role",
        duties=[MatrixDuty(f"evil-{n}", title, None, None, None)
                for n, title in enumerate(HOSTILE)],
        departments=[("tech", "Technology")], roles=[],
        assignments=[(f"evil-{n}", "R", "tech", None) for n in range(len(HOSTILE))],
    )


def test_no_csv_cell_starts_like_a_formula():
    rows = list(csv.reader(io.StringIO(matrix_csv(hostile_matrix()).lstrip("\ufeff"))))
    assert [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)] == []
    assert rows[1][1] == "'" + HOSTILE[0]


def test_no_xlsx_cell_is_a_formula():
    sheet = load_workbook(io.BytesIO(matrix_xlsx(hostile_matrix())))["Matrix"]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value]
    assert {cell.data_type for cell in cells} == {"s"}
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == HOSTILE


@pytest.mark.parametrize(("writer", "name"), [(lambda m: matrix_csv(m).encode(), "matrix.csv"),
                                              (matrix_xlsx, "matrix.xlsx")])
def test_hostile_titles_come_back_unchanged_from_an_export(writer, name):
    _header, rows = read_table(writer(hostile_matrix()), name)
    assert [row[1] for row in rows] == [text.strip() for text in HOSTILE]


@pytest.mark.parametrize("encoding", ["cp1252", "gb18030", "big5"])
def test_a_csv_in_the_encoding_excel_writes_on_windows_is_read(encoding):
    text = {"cp1252": "Café", "gb18030": "处理投诉", "big5": "處理投訴"}[encoding]
    header, rows = read_table(f"duty,title\nd1,{text}\n".encode(encoding), "m.csv")
    assert rows == [["d1", text]]
