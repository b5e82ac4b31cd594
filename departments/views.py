"""Department and role pages: the responsibility manuals."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from registry.views import reader_required
from responsibilities.selectors.changes import ChangeFilters, change_list
from responsibilities.selectors.findings import findings_list
from responsibilities.selectors.manuals import department_list, department_manual, role_manual

RECENT = 8


@require_GET
@reader_required
def department_list_view(request):
    """Every department with its posts, people and the duties it is A and R on."""
    return render(request, "departments/department_list.html", {
        "departments": department_list(),
    })


@require_GET
@reader_required
def department_detail(request, code):
    """The department's responsibility manual (printable)."""
    manual = department_manual(code=code)
    return render(request, "departments/department_detail.html", {
        "manual": manual,
        "findings": findings_list(department=code),
        "changes": change_list(filters=ChangeFilters(department=code), limit=RECENT)[1],
    })


@require_GET
@reader_required
def role_detail(request, code):
    """The job description, today's holders and the role's duties by letter."""
    manual = role_manual(code=code)
    key = f"role:{code}"
    findings = [
        finding for finding in findings_list(department=manual.role.department.code)
        if key in finding.parties
    ]
    return render(request, "departments/role_detail.html", {
        "manual": manual,
        "findings": findings,
    })
