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


def _cell(party_key, letters, before, badges, words, link):
    """One <td>: the letters as badges; a link to the cell form when editable. An empty cell
    nobody here may edit, unchanged, is a bare <td>: most cells of a large matrix are empty,
    and its column header names the party."""
    if not (letters or link) and before is None:
        return "<td></td>"
    shown = "".join(badges[letter] for letter in RACI_ORDER if letter in letters)
    classes, title, note = "cell", "", ""
    if link:
        classes += " is-editable"
    if before is not None:
        classes += " is-changed"
        title = f' title="{words["before"]} {escape(before) or "—"}"'
        note = f'{words["changed"]} {escape(before) or "—"}'
    opening = (f'<td class="{classes}"{title} data-party="{escape(party_key)}" '
               f'data-letters="{escape(letters)}">')
    if link:
        hidden = words["edit"] + (f"; {note}" if note else "")
        return (f'{opening}<a href="{link}party={escape(party_key)}"><span class="cell__letters">'
                f'{shown}</span><span class="visually-hidden">{hidden}</span></a></td>')
    hidden = f'<span class="visually-hidden">{note}</span>' if note else ""
    return f'{opening}<span class="cell__view">{shown}</span>{hidden}</td>'


@register.simple_tag
def matrix_cells(row, cell_url):
    """Every cell of a MatrixRow (see responsibilities.matrix) as HTML."""
    badges = _badges()
    words = {"edit": escape(gettext("Edit")), "before": escape(gettext("Before:")),
             "changed": escape(gettext("changed; before:"))}
    duty = escape(row.duty.code)
    link = f"{cell_url}?duty={duty}&amp;" if row.editable else ""
    return mark_safe("".join(
        _cell(party.key, letters, before, badges, words, link)
        for party, letters, before in row.cells
    ))
