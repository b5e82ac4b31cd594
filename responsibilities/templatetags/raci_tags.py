"""Small presentation helpers shared by every page: RACI letters, party links."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from responsibilities.letters import sort_letters
from responsibilities.models import Raci
from responsibilities.parties import ROLE

register = template.Library()


@register.simple_tag
def raci(letters):
    """Each letter as a badge with its colour *and* the letter itself, named in a tooltip."""
    return format_html_join(
        "",
        '<abbr class="raci raci-{}" title="{}">{}</abbr>',
        ((letter.lower(), Raci(letter).label, letter) for letter in sort_letters(letters or "")),
    )


@register.filter
def letter_label(letter):
    """"Responsible" for "R" (translated)."""
    return Raci(letter).label


@register.filter
def party_url(party):
    """The page of a party: its role page or its department's manual."""
    if party.kind == ROLE:
        return reverse("responsibilities:role_detail", args=[party.code])
    return reverse("responsibilities:department_detail", args=[party.code])


@register.simple_tag
def party_link(party):
    """The party's name linking to its page; a role also names its department."""
    if party.kind == ROLE:
        return format_html(
            '<a href="{}">{}</a> <span class="muted">· {}</span>',
            party_url(party), party.name, party.department_name,
        )
    return format_html('<a href="{}">{}</a>', party_url(party), party.name)


@register.filter
def get_item(mapping, key):
    """mapping[key], or None: for dictionaries keyed by codes."""
    return mapping.get(key) if mapping else None
