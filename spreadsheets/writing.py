"""The matrix as a spreadsheet: duty, title, process, step, then one column per party.

CSV is UTF-8 with a BOM, so Excel reads Chinese; the xlsx workbook has a frozen header and a
legend sheet. No cell of either is run as a formula (spreadsheets.formulas). Both are offered
as `?format=` of the matrix (registered in SpreadsheetsConfig.ready).
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

from spreadsheets.formulas import formula_escape

FIXED_COLUMNS = ("duty", "title", "process", "step")
LETTER_FILLS = {"R": "C6E0B4", "A": "F8CBAD", "C": "BDD7EE", "I": "EDEDED"}


def matrix_table(matrix):
    """The header and the rows of the matrix as plain strings."""
    header = [*FIXED_COLUMNS, *(party.key for party in matrix.parties)]
    rows = [
        [duty.code, duty.title, duty.process or "", "" if duty.step is None else str(duty.step),
         *(matrix.letters(duty.code, party.key) for party in matrix.parties)]
        for duty in matrix.duties
    ]
    return header, rows


def matrix_csv(matrix):
    """The matrix as UTF-8 CSV text (with a BOM, so Excel reads Chinese correctly)."""
    header, rows = matrix_table(matrix)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in (header, *rows):
        writer.writerow([formula_escape(value) for value in row])
    return buffer.getvalue()


def matrix_xlsx(matrix):
    """The matrix as xlsx bytes: a frozen, bold header, sized columns, and a legend sheet."""
    header, rows = matrix_table(matrix)
    book = Workbook()
    sheet = book.active
    sheet.title = "Matrix"
    sheet.append(header)
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in row])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl makes a formula of any text starting with =
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(text_rotation=0 if cell.column <= 4 else 45)
    for row in sheet.iter_rows(min_row=2, min_col=5):
        for cell in row:
            cell.alignment = Alignment(horizontal="center")
            if cell.value:
                cell.fill = PatternFill("solid", fgColor=LETTER_FILLS[cell.value[0]])
    sheet.freeze_panes = "E2"
    for letter, width in zip("ABCD", (28, 48, 22, 6), strict=True):
        sheet.column_dimensions[letter].width = width
    _legend(book.create_sheet("Legend"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _legend(sheet):
    sheet.append([_("Letter"), _("Meaning")])
    for letter, meaning in (
        ("R", _("Responsible: does the work")),
        ("A", _("Accountable: owns the outcome and signs off (exactly one per duty)")),
        ("C", _("Consulted: asked before, two-way")),
        ("I", _("Informed: told after, one-way")),
    ):
        sheet.append([letter, meaning])
    sheet.append([])
    sheet.append([_("A cell may hold several letters, e.g. AR. Empty means not involved.")])
    sheet.column_dimensions["B"].width = 70
    sheet["A1"].font = sheet["B1"].font = Font(bold=True)
