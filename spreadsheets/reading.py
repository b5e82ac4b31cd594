"""Reading a spreadsheet: the header and string rows of an xlsx workbook or a CSV file."""

import csv
import io
import time
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


def upload_too_large_message():
    return _("The file is larger than %(size)s MB.") % {"size": settings.REGISTRY_UPLOAD_MAX_MB}


# Room in a request for the multipart headers and the other fields around the file.
UPLOAD_ENVELOPE = 64 * 1024


def upload_declared_too_large(request):
    """True when the request says (Content-Length) that it carries more than a file within the
    limit, so it can be refused before its body is read."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return declared > upload_limit() + UPLOAD_ENVELOPE


# A workbook may unpack to this many times its upload limit: real sheets compress about
# tenfold; a "zip bomb" unpacks a thousandfold.
UNPACKED_RATIO = 20
# How many rows are read between two looks at the clock.
CLOCK_EVERY = 500


class _Bounds:
    """The import limits of the settings, checked as rows are read, so a hostile file is
    refused after reading at most one row past a limit (or one clock tick past the time)."""

    def __init__(self):
        self.rows = settings.REGISTRY_IMPORT_MAX_ROWS
        self.columns = settings.REGISTRY_IMPORT_MAX_COLUMNS
        self.cells = settings.REGISTRY_IMPORT_MAX_CELLS
        self.deadline = time.monotonic() + settings.REGISTRY_IMPORT_MAX_SECONDS

    def take(self, rows):
        """The rows of `rows` (an iterator of lists), refused past any limit."""
        taken, cells = [], 0
        for number, row in enumerate(rows, start=1):
            if number > self.rows + 1:  # the header does not count
                raise SpreadsheetError(_("The file has more than %(rows)s rows: split it.")
                                       % {"rows": f"{self.rows:,}"})
            while row and (row[-1] is None or row[-1] == ""):
                row.pop()
            if len(row) > self.columns:
                raise SpreadsheetError(
                    _("Row %(row)s has more than %(columns)s columns: a matrix has one column "
                      "per department or role.") % {"row": number, "columns": f"{self.columns:,}"})
            cells += len(row)
            if cells > self.cells:
                raise SpreadsheetError(_("The file has more than %(cells)s cells: split it.")
                                       % {"cells": f"{self.cells:,}"})
            if number % CLOCK_EVERY == 0 and time.monotonic() > self.deadline:
                raise SpreadsheetError(
                    _("Reading the file took longer than %(seconds)s seconds: split it.")
                    % {"seconds": settings.REGISTRY_IMPORT_MAX_SECONDS})
            taken.append(row)
        return taken


def read_table(content, filename=""):
    """The header and rows (lists of stripped strings) of an xlsx or CSV file's first sheet;
    SpreadsheetError past the size, row, column, cell or time limits of the settings."""
    if not content:
        raise SpreadsheetError(_("The file is empty."))
    if len(content) > upload_limit():
        raise SpreadsheetError(upload_too_large_message())
    bounds = _Bounds()
    if content[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(content, bounds)
    elif filename.lower().endswith((".xlsx", ".xlsm")):
        raise SpreadsheetError(_("The file is not a valid xlsx workbook."))
    else:
        rows = _csv_rows(content, bounds)
    rows = [[("" if value is None else str(value)).strip() for value in row] for row in rows]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows or not any(rows[0]):
        raise SpreadsheetError(_("The file is empty: the first row must be the header."))
    width = len(rows[0])
    return rows[0], [(row + [""] * width)[:width] for row in rows[1:]]


def _xlsx_rows(content, bounds):
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SpreadsheetError(_("The file is not a valid xlsx workbook.")) from error
    if unpacked > UNPACKED_RATIO * upload_limit():
        raise SpreadsheetError(_("The workbook unpacks to more than %(size)s MB.")
                               % {"size": UNPACKED_RATIO * settings.REGISTRY_UPLOAD_MAX_MB})
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError(_("The file is not a valid xlsx workbook.")) from error
    try:
        # The sheet's stated size may be a lie; read no wider than the limit allows.
        sheet = book.worksheets[0].iter_rows(values_only=True, max_col=bounds.columns + 1)
        return bounds.take(list(row) for row in sheet)
    finally:
        book.close()


def _csv_rows(content, bounds):
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
    try:
        return bounds.take([formula_unescape(value) for value in row]
                           for row in csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise SpreadsheetError(_("The CSV file cannot be read: %(error)s.")
                               % {"error": error}) from None
