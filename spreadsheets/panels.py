"""What the spreadsheets app adds to the pages of the apps below it (registry.panels)."""

from registry import panels
from spreadsheets.services import import_allowed


def register_panels():
    """The matrix page offers the import only to those the import page lets in."""
    panels.register("matrix_actions", lambda *, user: {"import_allowed": import_allowed(user)})
