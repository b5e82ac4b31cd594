"""The pages of the responsibilities app, one module per subject."""

from responsibilities.views.changes import change_feed
from responsibilities.views.findings import finding_list
from responsibilities.views.imports import matrix_import_page
from responsibilities.views.matrix import matrix_cell_edit, matrix_edit
from responsibilities.views.pages import duty_detail, owner_search, process_detail, process_list

__all__ = [
    "change_feed",
    "duty_detail",
    "finding_list",
    "matrix_cell_edit",
    "matrix_edit",
    "matrix_import_page",
    "owner_search",
    "process_detail",
    "process_list",
]
