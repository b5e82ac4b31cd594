"""The matrix's cells, rendered in Python: a page of the matrix holds tens of thousands of
cells, and one template loop per cell would cost most of the page's time."""

from django import template
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from responsibilities.models import RACI_ORDER, Raci
from responsibilities.parties import DEPARTMENT

register = template.Library()


def _badges():
    """Each letter's badge, with its name in the current language."""
    return {
        letter: f'<abbr class="raci raci-{letter.lower()}" title="{escape(Raci(letter).label)}">'
                f"{letter}</abbr>"
        for letter in RACI_ORDER
    }


def _cell(letters, before, badges, words, opening):
    """One <td> holding the letters as badges, nothing else: the column's header names the
    party and the row the duty, and the editing script reads them from there (one element per
    cell, so a page of 100 × 100 cells stays small). In the grid a <td> is a gridcell without
    saying so. A cell changed since the compared date says so, with its letters then."""
    shown = "".join(badges[letter] for letter in RACI_ORDER if letter in letters)
    if before is None:
        return f"{opening}>{shown}</td>"
    then = escape(before) or "—"
    return (f'{opening} class="is-changed" title="{words["before"]} {then}">{shown}'
            f'<span class="visually-hidden">{words["changed"]} {then}</span></td>')


@register.simple_tag
def matrix_cells(row, mark_readonly=False):
    """Every cell of a MatrixRow (see responsibilities.matrix) as HTML. `mark_readonly`: the
    grid holds rows the reader may edit, so the cells of this row, if it is not one of them,
    say they are read-only (a grid with no editable row says it once, for all)."""
    badges = _badges()
    words = {"before": escape(gettext("Before:")), "changed": escape(gettext("changed; before:"))}
    opening = '<td aria-readonly="true"' if mark_readonly and not row.editable else "<td"
    return mark_safe("".join(_cell(letters, before, badges, words, opening)
                             for _party, letters, before in row.cells))


@register.simple_tag
def party_options(parties, shown=()):
    """The options of a select of parties: each department, then its roles, grouped by
    department and named as people read them; those already shown are left out."""
    groups, order = {}, []
    for party in parties:
        if party.key in shown:
            continue
        if party.department_code not in groups:
            order.append(party.department_code)
            groups[party.department_code] = (party.department_name, [])
        groups[party.department_code][1].append(party)
    whole = gettext("%(name)s (the department)")
    return format_html_join("", '<optgroup label="{}">{}</optgroup>', (
        (name, format_html_join("", '<option value="{}">{}</option>', (
            (party.key, whole % {"name": party.name} if party.kind == DEPARTMENT else party.name)
            for party in members)))
        for name, members in (groups[code] for code in order)
    ))
