"""Duty and process pages, and the "who owns this?" search."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from registry.views import reader_required
from responsibilities.selectors.changes import ChangeFilters, change_list
from responsibilities.selectors.duty_pages import duty_page
from responsibilities.selectors.findings import findings_list
from responsibilities.selectors.lookup import lookup_cards, lookup_duties
from responsibilities.selectors.swimlanes import process_list as process_list_read
from responsibilities.selectors.swimlanes import process_swimlane

RESULTS_PER_PAGE = 20
RECENT_CHANGES = 8


@require_GET
@reader_required
def duty_detail(request, code):
    """R/A/C/I with today's people and channels, the process around it, findings, changes."""
    return render(request, "responsibilities/duty_detail.html", {
        "page": duty_page(code=code),
        "findings": findings_list(duty=code),
    })


@require_GET
@reader_required
def process_list(request):
    """Every active process and playbook."""
    return render(request, "responsibilities/process_list.html", {
        "processes": process_list_read(),
    })


@require_GET
@reader_required
def process_detail(request, code):
    """The process as a swimlane; a playbook also as "who acts, who to call"."""
    return render(request, "responsibilities/process_detail.html", {
        "swimlane": process_swimlane(code=code),
        "findings": findings_list(process=code),
        "changes": change_list(filters=ChangeFilters(process=code), limit=RECENT_CHANGES)[1],
    })


@require_GET
@vary_on_headers("HX-Request")
@reader_required
def owner_search(request):
    """ "Who owns this?": the matching duties ranked, each with its A and R at a glance and
    the people holding them today. htmx requests get the results alone."""
    q = request.GET.get("q", "").strip()[:200]
    page = None
    if q:
        page = Paginator(lookup_duties(q=q), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    template = "responsibilities/partials/owner_results.html" if request.htmx else (
        "responsibilities/owner_search.html")
    return render(request, template, {
        "q": q,
        "page": page,
        "cards": lookup_cards(duties=page.object_list) if page else [],
    })
