"""The matrix as a spreadsheet: duty, title, process, step, then one column per party.

CSV is UTF-8 with a BOM, so Excel reads Chinese; the xlsx workbook has a frozen header, a
*Names* sheet (the parties' and processes' names, which seed an empty registry) and a legend
sheet. No cell of either is run as a formula (spreadsheets.formulas). Both are offered
as `?format=` of the matrix (registered in SpreadsheetsConfig.ready). A department summary
(axis=department) starts with a row saying so, which the import refuses
(spreadsheets.summaries).
"""

import csv
import io
import tempfile
from pathlib import Path

import xlsxwriter
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from responsibilities.parties import DEPARTMENT
from spreadsheets.formulas import formula_escape
from spreadsheets.summaries import summary_row
from spreadsheets.tables import NAMES_HEADER, NAMES_SHEET

FIXED_COLUMNS = ("duty", "title", "process", "step")
LETTER_FILLS = {"R": "C6E0B4", "A": "F8CBAD", "C": "BDD7EE", "I": "EDEDED"}


def _header(matrix):
    return [*FIXED_COLUMNS, *(party.key for party in matrix.parties)]


def _top(matrix):
    """The rows above the header: the summary's mark on a department summary, else none."""
    return [summary_row(len(FIXED_COLUMNS) + len(matrix.parties))] \
        if matrix.axis == DEPARTMENT else []


def _fixed(duty):
    return [duty.code, duty.title, duty.process or "", "" if duty.step is None else str(duty.step)]


def _columns(matrix):
    """{party key: its column}."""
    return {party.key: column
            for column, party in enumerate(matrix.parties, len(FIXED_COLUMNS))}


def _filled_cells(matrix, duty, columns):
    """(column, letters) of the duty's non-empty cells: a row costs its letters, not the width
    of the matrix."""
    return [(columns[key], letters)
            for key, letters in matrix.cells.get(duty.code, {}).items() if letters]


# Rows per piece of a streamed CSV.
CSV_ROWS_PER_CHUNK = 500


def matrix_csv_chunks(matrix):
    """The matrix as UTF-8 CSV text, in pieces of CSV_ROWS_PER_CHUNK rows, to stream; it
    starts with a BOM, so Excel reads Chinese correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in (*_top(matrix), _header(matrix)):
        writer.writerow([formula_escape(value) for value in row])
    columns = _columns(matrix)
    for number, duty in enumerate(matrix.duties, start=1):
        # Only the text columns need escaping: a cell holds RACI letters or nothing.
        row = [formula_escape(value) for value in _fixed(duty)] + [""] * len(matrix.parties)
        for column, letters in _filled_cells(matrix, duty, columns):
            row[column] = letters
        writer.writerow(row)
        if number % CSV_ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def matrix_csv(matrix):
    """The matrix as one UTF-8 CSV text (with a BOM)."""
    return "".join(matrix_csv_chunks(matrix))


def matrix_xlsx(matrix):
    """The matrix as xlsx bytes: a frozen, bold header, sized columns, coloured letters and a
    legend sheet. Written row by row in constant memory (XlsxWriter), every cell a string."""
    with tempfile.TemporaryDirectory(prefix="matrix-xlsx-") as folder:
        path = Path(folder) / "matrix.xlsx"
        book = xlsxwriter.Workbook(str(path), {
            "constant_memory": True, "tmpdir": folder,
            # Text stays text: never a formula, a number or a link.
            "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
        })
        bold = book.add_format({"bold": True})
        slanted = book.add_format({"bold": True, "rotation": 45})
        letters = {letter: book.add_format({"align": "center", "bg_color": f"#{colour}"})
                   for letter, colour in LETTER_FILLS.items()}
        sheet = book.add_worksheet("Matrix")
        top = _top(matrix)
        for column, value in enumerate(top[0] if top else ()):
            if value:
                sheet.write_string(0, column, value, bold)
        sheet.freeze_panes(len(top) + 1, len(FIXED_COLUMNS))
        for column, width in enumerate((28, 48, 22, 6)):
            sheet.set_column(column, column, width)
        for column, value in enumerate(_header(matrix)):
            sheet.write_string(len(top), column, value,
                               bold if column < len(FIXED_COLUMNS) else slanted)
        columns = _columns(matrix)
        for number, duty in enumerate(matrix.duties, start=len(top) + 1):
            for column, value in enumerate(_fixed(duty)):
                if value:
                    sheet.write_string(number, column, ILLEGAL_CHARACTERS_RE.sub("", value))
            for column, value in _filled_cells(matrix, duty, columns):
                sheet.write_string(number, column, value, letters[value[0]])
        _names(book.add_worksheet(NAMES_SHEET), bold, matrix)
        _legend(book.add_worksheet("Legend"), bold)
        book.close()
        return path.read_bytes()


# The sheet naming the matrix's parties and processes (NAMES_SHEET), so that an export seeds
# an empty registry (import --create-missing) with their names, not only their codes.


def _names(sheet, bold, matrix):
    """Every party (with its department) and process of the matrix, by kind and code."""
    for column, value in enumerate(NAMES_HEADER):
        sheet.write_string(0, column, value, bold)
    processes = {duty.process: duty.process_name for duty in matrix.duties if duty.process}
    rows = [(party.kind, party.code, party.name, party.department_code
             if party.kind == "role" else "") for party in matrix.parties]
    shown = {party.code for party in matrix.parties if party.kind == "department"}
    # the departments of roles whose department holds no letter itself, each once
    rows += dict.fromkeys(("department", party.department_code, party.department_name, "")
                          for party in matrix.parties
                          if party.kind == "role" and party.department_code not in shown)
    rows += [("process", code, name or code, "") for code, name in processes.items()]
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value:
                sheet.write_string(number, column, ILLEGAL_CHARACTERS_RE.sub("", value))
    sheet.set_column(1, 2, 32)


def _legend(sheet, bold):
    lines = [
        (_("Letter"), _("Meaning")),
        ("R", _("Responsible: does the work")),
        ("A", _("Accountable: owns the outcome and signs off (exactly one per duty)")),
        ("C", _("Consulted: asked before, two-way")),
        ("I", _("Informed: told after, one-way")),
        (),
        (_("A cell may hold several letters, e.g. AR. Empty means not involved."),),
    ]
    for number, line in enumerate(lines):
        for column, text in enumerate(line):
            sheet.write_string(number, column, text, bold if number == 0 else None)
    sheet.set_column(1, 1, 70)
