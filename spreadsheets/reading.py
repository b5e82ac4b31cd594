"""Reading a spreadsheet: the header and string rows of an xlsx workbook or a CSV file."""

import csv
import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from spreadsheets.formulas import formula_unescape


class SpreadsheetError(ValueError):
    """The file cannot be read as a matrix; the message says where and why."""


def upload_limit():
    """The largest file an import takes, in bytes (REGISTRY_UPLOAD_MAX_MB)."""
    return settings.REGISTRY_UPLOAD_MAX_MB * 1024 * 1024


def read_table(content, filename=""):
    """The header and rows (lists of stripped strings) of an xlsx or CSV file's first sheet."""
    if not content:
        raise SpreadsheetError(_("The file is empty."))
    if len(content) > upload_limit():
        raise SpreadsheetError(_("The file is larger than %(size)s MB.")
                               % {"size": settings.REGISTRY_UPLOAD_MAX_MB})
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
    return [[formula_unescape(value) for value in row]
            for row in csv.reader(io.StringIO(text), dialect)]
