"""RACI letters as text: a cell's letters in their conventional order, and cells as people
write them in spreadsheets and requests ("A/R", "Responsible & Accountable", "负责、批准")."""

import re

from responsibilities.models import RACI_ORDER

# Whole words and the usual Chinese terms, each standing for one letter.
LETTER_WORDS = {
    "responsible": "R", "accountable": "A", "consulted": "C", "informed": "I",
    "负责": "R", "执行": "R", "批准": "A", "问责": "A", "咨询": "C", "知会": "I", "告知": "I",
}
# Separators people put between letters: / , + & ; spaces, "and", and their CJK forms.
SEPARATORS = re.compile(r"(?:\s+|[/,+&;、，／＆；]|\band\b|和|与)+", re.IGNORECASE)
EMPTY_CELLS = {"", "-", "–", "—"}


def sort_letters(letters):
    """Letters in cell order (A, R, C, I), each once."""
    return "".join(letter for letter in RACI_ORDER if letter in letters)


def parse_letters(text):
    """The RACI letters written in a cell ("A/R", "R, A", "Responsible & Accountable",
    "负责、批准" …) in A, R, C, I order; ValueError naming the first word that is not one."""
    text = (text or "").strip()
    if text in EMPTY_CELLS:
        return ""
    letters = []
    for token in SEPARATORS.split(text):
        if not token:
            continue
        word = LETTER_WORDS.get(token.lower())
        if word:
            letters.append(word)
        elif token.isascii() and token.isalpha() and set(token.upper()) <= set("RACI"):
            letters.extend(token.upper())
        else:
            raise ValueError(token)
    return sort_letters(letters)
