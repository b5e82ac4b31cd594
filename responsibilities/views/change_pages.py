"""The change feed: who changed which responsibility, and when, in sentences."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_GET

from registry.views import reader_required
from responsibilities.forms import ChangeFilterForm
from responsibilities.selectors.changes import ChangeFilters, change_filter_choices, change_list

CHANGES_PER_PAGE = 50


# A page past this is past any history there is (and its offset still fits a database integer).
MAX_PAGE = 10**6


def _page_number(request):
    try:
        return min(max(int(request.GET.get("page", 1)), 1), MAX_PAGE)
    except ValueError:
        return 1


def _changes(form, number):
    """(total, entries) of the page the form asks for; none while a filter is wrong, whose
    error the form then shows (a wrong filter is never silently dropped)."""
    if not form.is_valid():
        return 0, []
    try:
        return change_list(filters=ChangeFilters(**form.filters()), limit=CHANGES_PER_PAGE,
                           offset=(number - 1) * CHANGES_PER_PAGE)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return 0, []


@require_GET
@reader_required
def change_feed(request):
    """Newest changes first, filtered by duty, department, role, process, user or date."""
    form = ChangeFilterForm(request.GET or None, choices=change_filter_choices())
    number = _page_number(request)
    total, changes = _changes(form, number) if form.is_bound else change_list(
        limit=CHANGES_PER_PAGE, offset=(number - 1) * CHANGES_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "responsibilities/change_list.html", {
        "form": form, "changes": changes, "total": total, "number": number,
        "has_next": number * CHANGES_PER_PAGE < total, "query": query.urlencode(),
    })
