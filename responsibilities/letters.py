"""RACI letters as text: a cell's letters in their conventional order, and cells as people
write them in spreadsheets and requests ("A/R", "Responsible & Accountable", "负责、批准")."""

import re

from responsibilities.models import RACI_ORDER

# Whole words and the usual Chinese terms (both scripts), each standing for one letter.
LETTER_WORDS = {
    "responsible": "R", "accountable": "A", "consulted": "C", "informed": "I",
    "负责": "R", "执行": "R", "批准": "A", "问责": "A", "当责": "A", "咨询": "C", "知会": "I",
    "告知": "I", "通知": "I",
    "負責": "R", "執行": "R", "當責": "A", "問責": "A", "諮詢": "C", "咨詢": "C", "知會": "I",
}
# Separators people put between letters: / , + & ; spaces, "and", and their CJK forms.
SEPARATORS = re.compile(r"(?:\s+|[/,+&;、，／＆；]|\band\b|和|与)+", re.IGNORECASE)
EMPTY_CELLS = {"", "-", "–", "—"}
# What people write in a cell that means "not involved", compared in lower case.
NOT_INVOLVED = {"n/a", "na", "n.a.", "none", "/", "无", "無", "不适用", "不適用"}


def sort_letters(letters):
    """Letters in cell order (A, R, C, I), each once."""
    return "".join(letter for letter in RACI_ORDER if letter in letters)


def parse_letters(text):
    """The RACI letters written in a cell ("A/R", "R, A", "Responsible & Accountable",
    "负责、批准" …) in A, R, C, I order; ValueError naming the first word that is not one."""
    text = (text or "").strip()
    if text in EMPTY_CELLS or text.lower() in NOT_INVOLVED:
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
