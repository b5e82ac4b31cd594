"""OpenDocument and Excel 97–2003 workbooks are read by python-calamine in a process of its own,
under a memory limit: a sheet claiming a cell a million rows down is refused, and the app's
process goes on."""

import io
import zipfile

import pytest

from spreadsheets.reading import SpreadsheetError, read_grids
from spreadsheets.services import matrix_import

pytestmark = pytest.mark.django_db

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>")


def ods(rows, *, far_cell=False):
    """A minimal .ods workbook of one sheet "RACI"; `far_cell` adds a cell a million rows
    down and 16,000 columns across."""
    def cell(text):
        return (f'<table:table-cell office:value-type="string"><text:p>{text}</text:p>'
                f"</table:table-cell>" if text else "<table:table-cell/>")
    body = "".join(f"<table:table-row>{''.join(map(cell, row))}</table:table-row>"
                   for row in rows)
    if far_cell:
        body += ('<table:table-row table:number-rows-repeated="1000000"><table:table-cell/>'
                 '</table:table-row><table:table-row><table:table-cell '
                 'table:number-columns-repeated="15999"/>' + cell("far") + "</table:table-row>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} '
            f'office:version="1.2"><office:body><office:spreadsheet><table:table '
            f'table:name="RACI">{body}</table:table></office:spreadsheet></office:body>'
            f"</office:document-content>"))
    return buffer.getvalue()


def test_an_ods_workbook_imports():
    result = matrix_import(content=ods([["Activity", "Ops"], ["Deploy", "A/R"]]),
                           filename="raci.ods", create_missing=True)
    assert result.applied and result.as_dict()["sheet"] == "RACI"
    assert result.as_dict()["changes"][0]["after"] == "AR"


def test_a_sheet_claiming_a_far_cell_is_refused_without_harm():
    with pytest.raises(SpreadsheetError, match="cannot be read"):
        read_grids(ods([["Activity", "Ops"], ["Deploy", "R"]], far_cell=True), "bomb.ods")
    assert read_grids(ods([["Activity", "Ops"]]), "fine.ods")[0].rows == [["Activity", "Ops"]]


@pytest.mark.parametrize(("content", "name"), [
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "old.xls"),
    (b"not a workbook at all", "old.xls"),
])
def test_a_damaged_xls_is_refused_with_a_message(content, name):
    with pytest.raises(SpreadsheetError, match="not a valid xls workbook|cannot be read"):
        read_grids(content, name)
