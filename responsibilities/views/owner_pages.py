"""The home page, the "who owns this?" search, and the duty and process pages."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from registry import panels
from registry.languages import other_language_code
from registry.permissions import can_change
from registry.views import found, reader_required
from responsibilities.selectors.changes import ChangeFilters, change_list
from responsibilities.selectors.duties import duty_page
from responsibilities.selectors.indexes import department_index, process_index
from responsibilities.selectors.lookup import (
    LookupPaginator,
    LookupResults,
    lookup_answer,
    lookup_cards,
    lookup_question,
)
from responsibilities.selectors.manuals import own_duties
from responsibilities.selectors.swimlanes import process_swimlane
from responsibilities.services.confirmations import duty_confirm, may_confirm

RESULTS_PER_PAGE = 20
RECENT_CHANGES = 8
# Processes and departments the home page lists; the index pages list them all.
HOME_ITEMS = 12
# The reader's own duties the home page lists; their roles' manuals list them all.
OWN_DUTIES = 15


@require_GET
@reader_required
def home(request):
    """The "who owns this?" search, the reader's own posts and duties, the first processes
    (playbooks first) and the busiest departments, with links to all of them (and what other
    apps add: the findings summary)."""
    departments = list(department_index())
    processes = process_index()
    busiest = sorted(departments, key=lambda department: (
        -(department.accountable_count + department.responsible_count), department.name))
    return render(request, "responsibilities/home.html", {
        "processes": processes[:HOME_ITEMS],
        "process_count": processes.count(),
        "departments": busiest[:HOME_ITEMS],
        "department_count": len(departments),
        "department_names": {department.code: department.name for department in departments},
        "own": own_duties(user=request.user, limit=OWN_DUTIES),
        **panels.context("home", user=request.user),
    })


@require_GET
@reader_required
def duty_detail(request, code):
    """R/A/C/I with today's people and channels, the process around it, findings, changes."""
    page = found(duty_page(code=code))
    return render(request, "responsibilities/duty_detail.html", {
        "page": page,
        "may_confirm": may_confirm(request.user, page.duty),
        **panels.context("duty_detail", code=code),
    })


@require_POST
@reader_required
def duty_confirm_page(request, code):
    """Confirm the duty's letters, back to its page with a message (the styled 403 page for
    someone who may not)."""
    duty = found(duty_page(code=code)).duty
    duty_confirm(user=request.user, duty=duty)
    messages.success(request, _("Thank you: the letters of this duty are confirmed as right."))
    return redirect("responsibilities:duty_detail", code=duty.code)


@require_GET
@reader_required
def process_list(request):
    """Every active process and playbook."""
    return render(request, "responsibilities/process_list.html", {
        "processes": process_index(),
    })


@require_GET
@reader_required
def process_detail(request, code):
    """The process as a swimlane; a playbook also as "who acts, who to call"."""
    swimlane = found(process_swimlane(code=code))
    return render(request, "responsibilities/process_detail.html", {
        "swimlane": swimlane,
        "can_edit": can_change(request.user, swimlane.process),
        "changes": change_list(filters=ChangeFilters(process=code), limit=RECENT_CHANGES)[1],
        **panels.context("process_detail", code=code),
    })


@require_GET
@vary_on_headers("HX-Request")
@reader_required
def owner_search(request):
    """ "Who owns this?": the matching duties ranked, each with its A and R at a glance and
    the people holding them today. htmx requests get the results alone."""
    q = request.GET.get("q", "").strip()[:200]
    page = question = answer = None
    cards = []
    if q:
        question = lookup_question(q)
        page = LookupPaginator(LookupResults(question), RESULTS_PER_PAGE).get_page(
            request.GET.get("page"))
        cards = lookup_cards(duties=page.object_list, question=question)
        if page.number == 1:
            answer = lookup_answer(question=question, cards=cards)
    template = "responsibilities/partials/owner_results.html" if request.htmx else (
        "responsibilities/owner_search.html")
    return render(request, template, {
        "q": q,
        "page": page,
        "cards": cards,
        "answer": answer,
        "corrected": question.corrected if question else {},
        "other_lang": other_language_code(),
    })
