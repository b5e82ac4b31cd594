"""Cells as people write them in their sheets: RACI letters in any order and separator, the
words in English and both Chinese scripts, "N/A" for nobody, footnote marks ("R*"), and
spellings the importer maps for a whole file ("X=R": a tick meaning Responsible)."""

from django.utils.translation import gettext as _

from responsibilities.letters import (
    EMPTY_CELLS,
    NOT_INVOLVED,
    SEPARATORS,
    parse_letters,
    sort_letters,
)

# Marks people put after a letter to point at a footnote.
FOOTNOTE_MARKS = "*†‡¹²³⁴⁵⁶⁷⁸⁹⁰"
# The longest note the marks of one cell make (Assignment.note holds 500 characters).
NOTE_MAX = 20


def mapping_parse(text):
    """{spelling (lower case): letters} from "X=R, N/A=, S=C"; ValueError with a message."""
    mapping = {}
    for item in filter(None, (part.strip() for part in (text or "").split(","))):
        spelling, equals, letters = item.partition("=")
        if not equals or not spelling.strip():
            raise ValueError(_("Write each mapping as SPELLING=LETTERS, like “X=R” or “N/A=”; "
                               "“%(item)s” is not one.") % {"item": item})
        try:
            mapping[spelling.strip().lower()] = parse_letters(letters)
        except ValueError as error:
            raise ValueError(_("“%(letters)s” in “%(item)s” is not RACI letters.")
                             % {"letters": error, "item": item}) from None
    return mapping


def read_cell(text, mapping=None):
    """The letters of a cell, in A, R, C, I order. `mapping` ({spelling in lower case:
    letters}) applies to the whole cell or to each of its parts; a footnote mark after a part
    is dropped. ValueError naming the first part that is no letter."""
    mapping = mapping or {}
    text = (text or "").strip()
    if text.lower() in mapping:
        return mapping[text.lower()]
    if text in EMPTY_CELLS or text.lower() in NOT_INVOLVED:
        return ""
    letters = []
    for part in SEPARATORS.split(text):
        part = part.rstrip(FOOTNOTE_MARKS)
        if not part:
            continue
        letters.append(mapping[part.lower()] if part.lower() in mapping else parse_letters(part))
    return sort_letters("".join(letters))


def footnote_marks(text):
    """The footnote marks written after a cell's letters ("A / R C*" → "*"), or ""."""
    marks = "".join(part[len(part.rstrip(FOOTNOTE_MARKS)):]
                    for part in SEPARATORS.split((text or "").strip()))
    return marks[:NOTE_MAX]


def reads_as_letters(text, mapping=None):
    """True when the cell holds at least one letter."""
    try:
        return bool(read_cell(text, mapping))
    except ValueError:
        return False
