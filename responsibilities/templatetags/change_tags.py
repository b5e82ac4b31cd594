"""The change feed's sentences as HTML: each named object linked to its page while it exists."""

import re

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from responsibilities.change_text import Named

register = template.Library()

# The page of each kind of object, by its key (a code; a person's id).
PAGES = {
    "duty": "responsibilities:duty_detail",
    "process": "responsibilities:process_detail",
    "department": "responsibilities:department_detail",
    "role": "responsibilities:role_detail",
    "person": "departments:person_detail",
}


def _url(named):
    if not named.exists or not named.key or named.kind not in PAGES:
        return None
    kwarg = "pk" if named.kind == "person" else "code"
    try:
        return reverse(PAGES[named.kind], kwargs={kwarg: named.key})
    except NoReverseMatch:  # a page this deployment does not route: the name alone
        return None


def _part(value):
    if isinstance(value, Named):
        url = _url(value)
        return format_html('<a href="{}">{}</a>', url, value.name) if url else conditional_escape(
            value.name)
    return conditional_escape(value)


def sentence_html(sentence):
    """A Sentence as HTML: its text escaped, each part escaped or linked."""
    return mark_safe(conditional_escape(sentence.text) % {  # noqa: S308 (every piece escaped)
        key: _part(value) for key, value in sentence.parts.items()})


@register.simple_tag
def change_sentence(change):
    """What a change did, as a sentence with links, then each changed field as a list."""
    said = sentence_html(change["sentence"])
    if not change["details"]:
        return said
    return format_html('{}<ul class="change-details">{}</ul>', said, format_html_join(
        "", "<li>{}</li>", ((sentence_html(detail),) for detail in change["details"])))


# A reason naming the record it came from ends with its number: "proposal #12".
NUMBERED = re.compile(r"^(?P<words>.*\S) (?P<number>#\d+)$")


@register.filter
def reason_label(reason):
    """A change's reason in the reader's language: the services' reasons are in the catalogue
    (gettext_noop where they are defined), a trailing " #<number>" kept as it is; any other
    reason shows as written."""
    if not reason:
        return ""
    numbered = NUMBERED.match(reason)
    if numbered:
        return f"{gettext(numbered['words'])} {numbered['number']}"
    return gettext(reason)
