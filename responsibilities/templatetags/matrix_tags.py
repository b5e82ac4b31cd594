"""The matrix's cells, rendered in Python: a page of the matrix holds tens of thousands of
cells, and one template loop per cell would cost most of the page's time."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from responsibilities.models import RACI_ORDER, Raci

register = template.Library()


def _badges():
    """Each letter's badge, with its name in the current language."""
    return {
        letter: f'<abbr class="raci raci-{letter.lower()}" title="{escape(Raci(letter).label)}">'
                f"{letter}</abbr>"
        for letter in RACI_ORDER
    }


def _cell(letters, before, badges, words):
    """One <td> holding the letters as badges, nothing else: the column's header names the
    party and the row the duty, and the editing script reads them from there (one element per
    cell, so a page of 100 × 100 cells stays small). A cell changed since the compared date
    says so, with its letters then."""
    shown = "".join(badges[letter] for letter in RACI_ORDER if letter in letters)
    if before is None:
        return f"<td>{shown}</td>"
    then = escape(before) or "—"
    return (f'<td class="is-changed" title="{words["before"]} {then}">{shown}'
            f'<span class="visually-hidden">{words["changed"]} {then}</span></td>')


@register.simple_tag
def matrix_cells(row):
    """Every cell of a MatrixRow (see responsibilities.matrix) as HTML."""
    badges = _badges()
    words = {"before": escape(gettext("Before:")), "changed": escape(gettext("changed; before:"))}
    return mark_safe("".join(_cell(letters, before, badges, words)
                             for _party, letters, before in row.cells))
