"""How the matrix leaves the registry besides JSON: `?format=<name>` picks an export.

The spreadsheets app registers `csv` and `xlsx` when it is ready; the matrix endpoint and the
matrix page offer whatever is registered, so this app needs no spreadsheet code of its own.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MatrixExport:
    render: Any  # Matrix -> str | bytes, or an iterator of pieces to stream
    content_type: str
    extension: str


EXPORTS = {}


def export_register(name, export):
    """Offer `export` (a MatrixExport) as `?format=<name>` of the matrix."""
    EXPORTS[name] = export
