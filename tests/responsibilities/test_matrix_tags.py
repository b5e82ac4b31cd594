"""The matrix cells are written as raw HTML: whatever a code, a letter or an old value holds,
it shows as text and never as markup, in editable and in read-only cells."""

from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from responsibilities.matrix import MatrixRow
from responsibilities.parties import DEPARTMENT, Party
from responsibilities.templatetags.matrix_tags import matrix_cells

# Closes an attribute, then opens a tag; an ampersand and an entity that must stay as typed.
HOSTILE = """"><script>alert('x')</script> & 'quoted' &amp;"""
CELL_URL = "/matrix/cell/"
CELL_TAGS = {"td", "a", "span", "abbr"}

editable_or_not = pytest.mark.parametrize("editable", [True, False],
                                          ids=["editable", "read-only"])


class Cells(HTMLParser):
    """The tags of the rendered cells with their attributes as a browser reads them, and the
    text a reader sees."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.words = [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.words.append(data)

    def first(self, tag):
        return next(attrs for name, attrs in self.tags if name == tag)

    @property
    def text(self):
        return "".join(self.words)


def render(*, editable, party="tech", duty="fix", letters="AR", before=None):
    row = MatrixRow(duty=SimpleNamespace(code=duty), editable=editable,
                    cells=[(Party(DEPARTMENT, party), letters, before)])
    return Cells(matrix_cells(row, CELL_URL))


@editable_or_not
@pytest.mark.parametrize("field", ["party", "duty", "letters", "before"])
def test_markup_in_a_cell_never_becomes_a_tag(editable, field):
    cells = render(editable=editable, **{field: HOSTILE})
    assert {name for name, _ in cells.tags} <= CELL_TAGS
    assert [name for name, _ in cells.tags].count("td") == 1


@editable_or_not
def test_a_hostile_party_key_reads_back_unchanged(editable):
    cell = render(editable=editable, party=HOSTILE)
    assert cell.first("td")["data-party"] == f"department:{HOSTILE}"
    if editable:
        assert cell.first("a")["href"].endswith(f"&party=department:{HOSTILE}")


def test_a_hostile_duty_code_reads_back_unchanged_in_the_cell_link():
    cell = render(editable=True, duty=HOSTILE)
    assert cell.first("a")["href"] == f"{CELL_URL}?duty={HOSTILE}&party=department:tech"


@editable_or_not
def test_hostile_letters_read_back_unchanged(editable):
    assert render(editable=editable, letters=HOSTILE).first("td")["data-letters"] == HOSTILE


@editable_or_not
def test_a_hostile_before_value_reads_back_unchanged(editable):
    cell = render(editable=editable, before=HOSTILE)
    assert cell.first("td")["title"] == f"Before: {HOSTILE}"
    assert f"changed; before: {HOSTILE}" in cell.text


@editable_or_not
def test_the_template_tag_escapes_as_the_function_does(editable):
    row = MatrixRow(duty=SimpleNamespace(code=HOSTILE), editable=editable,
                    cells=[(Party(DEPARTMENT, HOSTILE), HOSTILE, HOSTILE)])
    html = Template("{% load matrix_tags %}{% matrix_cells row url %}").render(
        Context({"row": row, "url": CELL_URL}))
    cells = Cells(html)
    assert {name for name, _ in cells.tags} <= CELL_TAGS
    assert cells.first("td")["data-party"] == f"department:{HOSTILE}"
    assert "<script>" not in html


def test_an_empty_cell_the_reader_may_not_edit_is_a_bare_cell():
    assert matrix_cells(MatrixRow(duty=SimpleNamespace(code="fix"), editable=False, cells=[
        (Party(DEPARTMENT, "tech"), "", None)]), CELL_URL) == "<td></td>"


def test_an_empty_cell_an_editor_may_set_keeps_its_link_and_party():
    cell = render(editable=True, letters="")
    assert cell.first("td")["data-party"] == "department:tech"
    assert cell.first("a")["href"].endswith("&party=department:tech")
