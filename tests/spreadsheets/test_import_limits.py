"""A hostile or oversized file is refused with the limit it hit, on every way in, and a reader
is refused before the file is even parsed."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from responsibilities.models import Assignment
from spreadsheets import reading
from spreadsheets.reading import SpreadsheetError, read_grids
from tests.spreadsheets.test_reading_and_writing import xlsx_bytes


def read_table(content, filename):
    """The header and rows of the first table of a file, as read."""
    rows = read_grids(content, filename)[0].rows
    return rows[0], rows[1:]

pytestmark = pytest.mark.django_db

API = "/api/v1/matrix/import/"
PAGE = reverse("spreadsheets:matrix_import")


def wide_csv(columns):
    return ("duty," + ",".join(f"d{n}" for n in range(columns)) + "\nown-duty\n").encode()


@pytest.fixture
def small_limits(settings):
    settings.REGISTRY_IMPORT_MAX_ROWS = 3
    settings.REGISTRY_IMPORT_MAX_COLUMNS = 4
    settings.REGISTRY_IMPORT_MAX_CELLS = 12
    settings.REGISTRY_UPLOAD_MAX_MB = 1


@pytest.mark.parametrize(("content", "message"), [
    (wide_csv(20_000), "Row 1 has more than 4 columns"),
    (b"duty,tech\n" + b"a,R\n" * 4, "more than 3 rows"),
    (b"duty,a,b,c\n" + b"x,R,R,R\n" * 3, "more than 12 cells"),
    (xlsx_bytes(["duty", "tech"], *[[f"d{n}", "R"] for n in range(4)]), "more than 3 rows"),
    (b'duty,title\nx,"' + b"t" * 200_000 + b'"\n', "cannot be read"),
])
def test_a_file_past_a_limit_is_refused_naming_it(small_limits, content, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_table(content, "matrix")


def test_a_sheet_that_claims_to_be_huge_is_read_no_further_than_the_limits(small_limits):
    book = Workbook()
    book.active.append(["duty", "tech"])
    book.active.cell(row=1_000_000, column=16_000, value="far away")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(SpreadsheetError, match="more than 3 rows"):
        read_table(buffer.getvalue(), "bomb.xlsx")


def test_a_workbook_that_unpacks_far_past_its_size_is_refused_unread(small_limits):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"0" * (21 * 1024 * 1024))
    with pytest.raises(SpreadsheetError, match="unpacks to more than 20 MB"):
        read_table(buffer.getvalue(), "bomb.xlsx")


def test_reading_stops_when_it_takes_longer_than_the_time_limit(settings, monkeypatch):
    settings.REGISTRY_IMPORT_MAX_SECONDS = 5
    clock = iter(range(0, 10_000, 10))  # every look at the clock is 10 s later
    monkeypatch.setattr(reading.time, "monotonic", lambda: next(clock))
    with pytest.raises(SpreadsheetError, match="longer than 5 seconds"):
        read_table(b"duty,tech\n" + b"a,R\n" * 1_000, "slow.csv")


@pytest.fixture
def never_parsed(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a reader's file was parsed")

    monkeypatch.setattr("spreadsheets.services.read_grids", refuse)


def test_a_reader_is_refused_by_the_api_before_the_file_is_parsed(api_as, viewer, never_parsed):
    response = api_as(viewer).post(API, {"file": SimpleUploadedFile("m.csv", wide_csv(20_000))},
                                   format="multipart")
    assert response.status_code == 403
    assert "not import" in response.json()["detail"]


def test_a_reader_is_refused_by_the_page_before_the_file_is_parsed(client, viewer, never_parsed):
    client.force_login(viewer)
    response = client.post(PAGE, {"file": SimpleUploadedFile("m.csv", wide_csv(20_000)),
                                  "action": "preview"})
    assert response.status_code == 403
    assert "not import into it" in response.content.decode()


def test_the_api_refuses_a_body_declared_larger_than_the_limit_unread(api_as, editor, settings,
                                                                       never_parsed):
    settings.REGISTRY_UPLOAD_MAX_MB = 1
    response = api_as(editor).post(API, {"file": SimpleUploadedFile("m.csv", b"x" * 2 ** 21)},
                                   format="multipart")
    assert response.status_code == 400
    assert response.json() == {"file": ["The file is larger than 1 MB."]}


def test_the_api_and_the_page_answer_a_too_wide_file_with_a_400_and_a_form_error(
        api_as, editor, client, small_limits):
    before = Assignment.objects.count()
    api = api_as(editor).post(API, {"file": SimpleUploadedFile("m.csv", wide_csv(20_000))},
                              format="multipart")
    assert api.status_code == 400
    assert "more than 4 columns" in api.json()["file"][0]
    client.force_login(editor)
    page = client.post(PAGE, {"file": SimpleUploadedFile("m.csv", wide_csv(20_000)),
                              "action": "preview"})
    assert page.status_code == 200
    assert "more than 4 columns" in page.content.decode()
    assert Assignment.objects.count() == before


def test_the_command_reads_no_further_than_the_size_limit(settings):
    settings.REGISTRY_UPLOAD_MAX_MB = 1
    with pytest.raises(CommandError, match="larger than 1 MB"):
        call_command("import_matrix", "/dev/zero", stdout=StringIO())


def test_the_command_names_the_limit_a_file_hit(tmp_path, small_limits):
    path = tmp_path / "wide.csv"
    path.write_bytes(wide_csv(20_000))
    with pytest.raises(CommandError, match="wide.csv: Row 1 has more than 4 columns"):
        call_command("import_matrix", str(path), stdout=StringIO())
