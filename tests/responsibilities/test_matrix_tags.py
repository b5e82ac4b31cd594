"""The matrix cells are written as raw HTML: whatever a letter or an old value holds, it shows
as text and never as markup; a cell is one element."""

from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from responsibilities.matrix import MatrixRow
from responsibilities.parties import DEPARTMENT, Party
from responsibilities.templatetags.matrix_tags import matrix_cells

# Closes an attribute, then opens a tag; an ampersand and an entity that must stay as typed.
HOSTILE = """"><script>alert('x')</script> & 'quoted' &amp;"""
CELL_TAGS = {"td", "span", "abbr"}

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


def render(*, letters="AR", before=None):
    row = MatrixRow(duty=SimpleNamespace(code="fix"), editable=True,
                    cells=[(Party(DEPARTMENT, "tech"), letters, before)])
    return Cells(matrix_cells(row))


@pytest.mark.parametrize("field", ["letters", "before"])
def test_markup_in_a_cell_never_becomes_a_tag(field):
    cells = render(**{field: HOSTILE})
    assert {name for name, _ in cells.tags} <= CELL_TAGS
    assert [name for name, _ in cells.tags].count("td") == 1


def test_a_cell_shows_only_raci_letters_whatever_it_is_given():
    cells = render(letters=HOSTILE + "RA")
    assert cells.text == "AR"


def test_a_hostile_before_value_reads_back_unchanged():
    cell = render(before=HOSTILE)
    assert cell.first("td")["title"] == f"Before: {HOSTILE}"
    assert f"changed; before: {HOSTILE}" in cell.text


def test_the_template_tag_escapes_as_the_function_does():
    row = MatrixRow(duty=SimpleNamespace(code=HOSTILE), editable=True,
                    cells=[(Party(DEPARTMENT, HOSTILE), HOSTILE, HOSTILE)])
    html = Template("{% load matrix_tags %}{% matrix_cells row %}").render(Context({"row": row}))
    cells = Cells(html)
    assert {name for name, _ in cells.tags} <= CELL_TAGS
    assert "<script>" not in html


def test_a_cell_is_one_element_with_its_letters_and_nothing_else():
    empty = MatrixRow(duty=SimpleNamespace(code="fix"), editable=True, cells=[
        (Party(DEPARTMENT, "tech"), "", None)])
    assert matrix_cells(empty) == "<td></td>"
    assert matrix_cells(MatrixRow(duty=SimpleNamespace(code="fix"), editable=True, cells=[
        (Party(DEPARTMENT, "tech"), "A", None)])) == (
        '<td><abbr class="raci raci-a" title="Accountable">A</abbr></td>')
