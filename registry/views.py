"""Pages of the registry as a whole: the home page, and who may read pages at all."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.views.decorators.http import require_GET

from registry.permissions import can_read
from responsibilities.findings import findings_summary
from responsibilities.selectors.findings import findings_list
from responsibilities.selectors.manuals import department_list
from responsibilities.selectors.swimlanes import process_list


def reader_required(view):
    """Pages need a login unless REGISTRY_PUBLIC_READ is on; anonymous visitors are sent to
    the login page and come back afterwards."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if can_read(request.user):
            return view(request, *args, **kwargs)
        return redirect_to_login(request.get_full_path())

    return wrapped


@require_GET
@reader_required
def home(request):
    """The "who owns this?" search, the findings summary, the processes and departments."""
    departments = list(department_list())
    summary = findings_summary(findings_list())
    return render(request, "registry/home.html", {
        "summary": summary,
        "top_rules": sorted(
            ((count, rule) for rule, count in summary["by_rule"].items() if count), reverse=True
        ),
        "processes": process_list(),
        "departments": departments,
        "department_names": {department.code: department.name for department in departments},
    })
