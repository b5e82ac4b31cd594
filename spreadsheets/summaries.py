"""A department summary: the matrix with each role's letters counted for its department
(axis=department). It answers questions between departments, but it is not what was
assigned: imported back, its department columns would add letters that no department holds.
So its export says so in its first row, and the import refuses a file that does."""

from django.utils.translation import gettext as _

from spreadsheets.reading import SpreadsheetError

# The first cell of a summary's first row, the same in every language, so that the import
# knows a summary whatever language it was exported in.
SUMMARY_MARK = "summary:department"
# How many rows from the top the mark is looked for in: a person may add a title row above.
MARK_ROWS = 3


def summary_row(width):
    """The first row of a summary export, `width` cells wide: the mark, then what it means."""
    text = _("A summary by department (each role's letters counted for its department), not "
             "the matrix as assigned: export it with the columns 'as assigned' to edit and "
             "re-import it.")
    return [SUMMARY_MARK, text, *[""] * (width - 2)]


def summary_refuse(grids):
    """SpreadsheetError when a sheet of the file is marked a department summary."""
    for grid in grids:
        if any(cell.strip().casefold() == SUMMARY_MARK
               for row in grid.rows[:MARK_ROWS] for cell in row[:2]):
            raise SpreadsheetError(_(
                "This file is a department summary exported from the registry, not the matrix "
                "as assigned: export it again with the columns 'as assigned' to edit and "
                "re-import it."))
