"""Department and role pages: the responsibility manuals."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from departments.models import Department
from departments.selectors import in_tree_order
from registry import panels
from registry.permissions import can_change, can_create_any
from registry.views import found, reader_required
from responsibilities.handover import handover_allowed
from responsibilities.parties import party_key
from responsibilities.selectors.changes import ChangeFilters, change_list
from responsibilities.selectors.indexes import department_index
from responsibilities.selectors.manuals import department_manual, role_manual

RECENT = 8


def _section_pages(request):
    """{section: page number asked}: `?page_A=2`, `?page_not=3` …"""
    return {key.removeprefix("page_"): value for key, value in request.GET.items()
            if key.startswith("page_")}


@require_GET
@reader_required
def department_list(request):
    """Every department with its posts, people and the duties it is A and R on, each
    sub-department under its parent."""
    return render(request, "responsibilities/department_list.html", {
        "departments": in_tree_order(department_index()),
        "can_add": can_create_any(request.user, Department),
    })


@require_GET
@reader_required
def department_detail(request, code):
    """The department's responsibility manual (printable)."""
    manual = found(department_manual(code=code, pages=_section_pages(request)))
    key = party_key(department_code=code)
    return render(request, "responsibilities/department_detail.html", {
        "manual": manual,
        "can_edit": can_change(request.user, manual.department),
        "can_add_department": can_create_any(request.user, Department),
        "can_hand_over": bool(handover_allowed(user=request.user, parties=[key])),
        "changes": change_list(filters=ChangeFilters(department=code), limit=RECENT)[1],
        **panels.context("department_detail", code=code),
    })


@require_GET
@reader_required
def role_detail(request, code):
    """The job description, today's holders and the role's duties by letter."""
    manual = found(role_manual(code=code, pages=_section_pages(request)))
    key = party_key(role_code=code)
    return render(request, "responsibilities/role_detail.html", {
        "manual": manual,
        "can_edit": can_change(request.user, manual.role),
        "can_hand_over": bool(handover_allowed(user=request.user, parties=[key])),
        **panels.context("role_detail", code=code, department=manual.role.department.code),
    })
