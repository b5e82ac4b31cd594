"""The matrix as a spreadsheet: duty, title, process, step, then one column per party.

Writing gives CSV (UTF-8 with a BOM, so Excel reads Chinese) or an xlsx workbook with a
frozen header and a legend sheet. Reading takes either back as a header and string rows,
and `parse_letters` reads a cell the way people write them in real spreadsheets.
"""

import csv
import io
import re
import zipfile

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

from responsibilities.matrix import sort_letters

FIXED_COLUMNS = ("duty", "title", "process", "step")
MAX_FILE_BYTES = 20 * 1024 * 1024

# Whole words and the usual Chinese terms, each standing for one letter.
LETTER_WORDS = {
    "responsible": "R", "accountable": "A", "consulted": "C", "informed": "I",
    "负责": "R", "执行": "R", "批准": "A", "问责": "A", "咨询": "C", "知会": "I", "告知": "I",
}
# Separators people put between letters: / , + & ; spaces, "and", and their CJK forms.
SEPARATORS = re.compile(r"(?:\s+|[/,+&;、，／＆；]|\band\b|和|与)+", re.IGNORECASE)
EMPTY_CELLS = {"", "-", "–", "—"}
LETTER_FILLS = {"R": "C6E0B4", "A": "F8CBAD", "C": "BDD7EE", "I": "EDEDED"}


class SpreadsheetError(ValueError):
    """The file cannot be read as a matrix; the message says where and why."""


def parse_letters(text):
    """The RACI letters written in a cell ("A/R", "R, A", "Responsible & Accountable",
    "负责、批准" …) in A, R, C, I order; ValueError for anything else."""
    text = (text or "").strip()
    if text in EMPTY_CELLS:
        return ""
    letters = []
    for token in SEPARATORS.split(text):
        if not token:
            continue
        word = LETTER_WORDS.get(token.lower())
        if word:
            letters.append(word)
        elif token.isascii() and token.isalpha() and set(token.upper()) <= set("RACI"):
            letters.extend(token.upper())
        else:
            raise ValueError(token)
    return sort_letters(letters)


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
    writer.writerow(header)
    writer.writerows(rows)
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


def read_table(content, filename=""):
    """The header and rows (lists of stripped strings) of an xlsx or CSV file's first sheet."""
    if not content:
        raise SpreadsheetError(_("The file is empty."))
    if len(content) > MAX_FILE_BYTES:
        raise SpreadsheetError(_("The file is larger than 20 MB."))
    if content[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(content)
    elif filename.lower().endswith((".xlsx", ".xlsm")):
        raise SpreadsheetError(_("The file is not a valid xlsx workbook."))
    else:
        rows = _csv_rows(content)
    rows = [[("" if value is None else str(value)).strip() for value in row] for row in rows]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows or not any(rows[0]):
        raise SpreadsheetError(_("The file is empty: the first row must be the header."))
    width = len(rows[0])
    return rows[0], [(row + [""] * width)[:width] for row in rows[1:]]


def _xlsx_rows(content):
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError(_("The file is not a valid xlsx workbook.")) from error
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _csv_rows(content):
    if b"\x00" in content[:4096]:
        raise SpreadsheetError(_("The file is neither an xlsx workbook nor a CSV text file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            _("The CSV file is not UTF-8 (byte %(position)s). Save it as “CSV UTF-8”.")
            % {"position": error.start}
        ) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))
