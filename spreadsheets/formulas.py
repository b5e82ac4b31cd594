"""Cells a spreadsheet would run as formulas: what the exports write so that none is run, and
what reading takes back, so that export → import gives back the same text.

In CSV a cell starting with =, +, -, @, a tab or a carriage return is a formula to Excel and
LibreOffice (OWASP's "CSV injection"): it is written behind a single quote, which spreadsheets
show as text. A cell that already starts with a quote followed by one of those characters (or
by another quote) gets one more quote, so reading can always take exactly one off.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def _escaped(value):
    return value.startswith(QUOTE) and value[1:2] in (*FORMULA_STARTS, QUOTE)


def formula_escape(value):
    """`value` as a CSV cell that no spreadsheet runs."""
    if value.startswith(FORMULA_STARTS) or _escaped(value):
        return QUOTE + value
    return value


def formula_unescape(value):
    """The text of a cell `formula_escape` wrote (other cells are left as they are)."""
    return value[1:] if _escaped(value) else value
