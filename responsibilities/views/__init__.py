"""The pages of the responsibilities app, one module per subject."""

from responsibilities.views.change_pages import change_feed
from responsibilities.views.manual_pages import department_detail, department_list, role_detail
from responsibilities.views.matrix_pages import matrix_cell_edit, matrix_edit
from responsibilities.views.owner_pages import (
    duty_confirm_page,
    duty_detail,
    home,
    owner_search,
    process_detail,
    process_list,
)
from responsibilities.views.process_pages import process_edit

__all__ = [
    "change_feed",
    "department_detail",
    "department_list",
    "duty_confirm_page",
    "duty_detail",
    "home",
    "matrix_cell_edit",
    "matrix_edit",
    "owner_search",
    "process_detail",
    "process_edit",
    "process_list",
    "role_detail",
]
