"""Reading a spreadsheet as it comes: every sheet of an xlsx, xls or ods workbook, or the
table(s) of a CSV, TSV or Markdown text, as grids of text (`spreadsheets.tables` then finds
the matrix in them)."""

import csv
import io
import json
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field

from charset_normalizer import from_bytes
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
        self.seen = 0  # cells taken so far, over every sheet of the file

    def take(self, rows):
        """The rows of `rows` (an iterator of lists), refused past any limit; the cells limit
        counts every sheet of the file together."""
        taken = []
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
            self.seen += len(row)
            if self.seen > self.cells:
                raise SpreadsheetError(_("The file has more than %(cells)s cells: split it.")
                                       % {"cells": f"{self.cells:,}"})
            if number % CLOCK_EVERY == 0 and time.monotonic() > self.deadline:
                raise SpreadsheetError(
                    _("Reading the file took longer than %(seconds)s seconds: split it.")
                    % {"seconds": settings.REGISTRY_IMPORT_MAX_SECONDS})
            taken.append(row)
        return taken


@dataclass
class Grid:
    """One sheet of a workbook, or one table of a text: rows of stripped strings."""

    name: str
    rows: list = field(default_factory=list)


OLE2 = b"\xd0\xcf\x11\xe0"  # an .xls workbook (Excel 97–2003)


def read_grids(content, filename=""):
    """Every sheet of an xlsx, xls or ods workbook, or the table(s) of a CSV, TSV or Markdown
    text (UTF-8,
    or the encodings Excel writes on Windows: GBK/GB18030, Big5, cp1252), as Grids;
    SpreadsheetError past the size, row, column, cell or time limits of the settings."""
    if not content:
        raise SpreadsheetError(_("The file is empty."))
    if len(content) > upload_limit():
        raise SpreadsheetError(upload_too_large_message())
    bounds = _Bounds()
    if content[:4] == b"PK\x03\x04" or content[:4] == OLE2:
        grids = _workbook_grids(content, filename, bounds)
    elif filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise SpreadsheetError(_("The file is not a valid %(kind)s workbook.")
                               % {"kind": filename.rpartition(".")[2].lower()})
    else:
        grids = _text_grids(content, bounds)
    grids = [Grid(grid.name, _tidy(grid.rows)) for grid in grids]
    grids = [grid for grid in grids if grid.rows]
    if not grids:
        raise SpreadsheetError(_("The file is empty: it holds no table."))
    return grids


def _text(value):
    """A cell's value as the text a person sees (3.0 is "3")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _tidy(rows):
    rows = [[_text(value) for value in row] for row in rows]
    while rows and not any(rows[-1]):
        rows.pop()
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows]


def _workbook_grids(content, filename, bounds):
    """Every sheet of a workbook: xlsx in openpyxl's read-only mode (row by row, no wider than
    the column limit, so a sheet claiming a cell a million rows down costs nothing); .xls and
    .ods through python-calamine in a process of its own (spreadsheets.calamine_child)."""
    if content[:4] == OLE2:
        return _calamine_grids(content, bounds)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SpreadsheetError(_("The file is not a valid xlsx workbook.")) from error
    if unpacked > UNPACKED_RATIO * upload_limit():
        raise SpreadsheetError(_("The workbook unpacks to more than %(size)s MB.")
                               % {"size": UNPACKED_RATIO * settings.REGISTRY_UPLOAD_MAX_MB})
    if "content.xml" in archive.namelist() and "xl/workbook.xml" not in archive.namelist():
        return _calamine_grids(content, bounds)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError(_("The file is not a valid xlsx workbook.")) from error
    try:
        return [Grid(sheet.title, bounds.take(
                    list(row) for row in sheet.iter_rows(values_only=True,
                                                         max_col=bounds.columns + 1)))
                for sheet in book.worksheets]
    finally:
        book.close()


# The memory the .xls/.ods reader may take: calamine allocates the whole range a sheet claims
# at once and aborts when it cannot, which here ends its own process, not the app's.
CALAMINE_MEMORY = 1024 * 1024 * 1024
TOO_MANY_CELLS = 3  # the reader's exit status past the cells limit


def _calamine_grids(content, bounds):
    try:
        done = subprocess.run(
            [sys.executable, "-m", "spreadsheets.calamine_child", "--rows", str(bounds.rows),
             "--columns", str(bounds.columns), "--cells", str(bounds.cells),
             "--memory", str(CALAMINE_MEMORY)],
            input=content, capture_output=True, cwd=settings.BASE_DIR,
            timeout=settings.REGISTRY_IMPORT_MAX_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise SpreadsheetError(_("Reading the file took longer than %(seconds)s seconds: split "
                                 "it.") % {"seconds": settings.REGISTRY_IMPORT_MAX_SECONDS}) \
            from None
    if done.returncode == TOO_MANY_CELLS:
        raise SpreadsheetError(_("The file has more than %(cells)s cells: split it.")
                               % {"cells": f"{bounds.cells:,}"})
    if done.returncode != 0:
        raise SpreadsheetError(_("The workbook cannot be read: it is damaged, or one of its "
                                 "sheets claims more cells than can be held. Save it as .xlsx "
                                 "or CSV and import that."))
    return [Grid(name, bounds.take(iter(rows))) for name, rows in json.loads(done.stdout)]


# What a text file that is not UTF-8 was saved in: Excel's "CSV" on Chinese Windows (GBK, a
# part of GB18030), on Taiwanese or Hong Kong Windows (Big5), else on Western Windows (cp1252).
CHINESE_ENCODINGS = ["gb18030", "big5"]
WESTERN_ENCODING = "cp1252"


def _chinese(content):
    """True when `content` (all of it: a sample could end inside a character) reads as Chinese
    text in one of the Chinese encodings: most of its characters beyond ASCII are Han
    characters or CJK punctuation."""
    for encoding in CHINESE_ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        wide = [char for char in text if ord(char) > 127]
        han = [char for char in wide if "\u4e00" <= char <= "\u9fff" or "\u3000" <= char <= "\u303f"
               or "\uff00" <= char <= "\uffef"]
        if wide and len(han) * 10 >= len(wide) * 9:
            return True
    return False


def _decoded(content):
    """The text of `content`: UTF-8, or the Windows encoding charset-normalizer finds."""
    if b"\x00" in content:
        raise SpreadsheetError(_("The file is neither a workbook nor a text file."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if not _chinese(content):
        return content.decode(WESTERN_ENCODING, errors="replace")
    best = from_bytes(content[:256 * 1024], cp_isolation=CHINESE_ENCODINGS).best()
    if best is None:
        raise SpreadsheetError(_("The text file's encoding cannot be told: save it as UTF-8."))
    try:
        return content.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise SpreadsheetError(_("The text file's encoding cannot be told: save it as UTF-8.")) \
            from error


# Possessive quantifiers: a long run of spaces or dashes must not make them backtrack.
MARKDOWN_ROW = re.compile(r"^\s*+\|.*\|\s*+$")
MARKDOWN_RULE = re.compile(r"^\s*+\|?\s*+:?-{2,}+:?\s*+(?:\|\s*+:?-{2,}+:?\s*+)*+\|?\s*+$")
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


def _text_grids(content, bounds):
    text = _decoded(content)
    lines = text.splitlines()
    if any(MARKDOWN_ROW.match(line) and MARKDOWN_RULE.match(following)
           for line, following in zip(lines, lines[1:], strict=False)):
        return _markdown_grids(lines, bounds)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [Grid("", bounds.take([formula_unescape(value) for value in row]
                                     for row in csv.reader(io.StringIO(text), dialect)))]
    except csv.Error as error:
        raise SpreadsheetError(_("The CSV file cannot be read: %(error)s.")
                               % {"error": error}) from None


def _markdown_cells(line):
    cells = line.strip().strip("|").split("|")
    return [MARKDOWN_EMPHASIS.sub("", MARKDOWN_LINK.sub(r"\1", cell)).strip() for cell in cells]


def _markdown_grids(lines, bounds):
    """Each pipe table of a Markdown text (a header line, a rule line, its rows) as a Grid
    named "table N"; links are their text and emphasis marks are dropped."""
    grids, index = [], 0
    while index < len(lines) - 1:
        if MARKDOWN_ROW.match(lines[index]) and MARKDOWN_RULE.match(lines[index + 1]):
            rows, index = [_markdown_cells(lines[index])], index + 2
            while index < len(lines) and MARKDOWN_ROW.match(lines[index]):
                rows.append(_markdown_cells(lines[index]))
                index += 1
            grids.append(Grid(_("table %(number)s") % {"number": len(grids) + 1},
                              bounds.take(rows)))
        else:
            index += 1
    return grids
