"""The findings dashboard: every overlap and gap, filtered, with pictures."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from findings import charts
from findings.forms import FindingFilterForm
from findings.selectors import (
    findings_list,
    findings_over_time,
    findings_summary_load,
    findings_time_to_resolve,
    findings_waived,
)
from findings.waivers import withdrawable
from registry import panels
from registry.views import reader_required
from responsibilities.selectors.indexes import department_index, process_index

FINDINGS_PER_PAGE = 100
# Departments a chart shows at most: a chart of every department of a large organisation is
# megabytes no one can read; the table beside it lists them all.
CHART_DEPARTMENTS = 15
# Days the open-findings chart covers, and the window of the time-to-resolve table.
TREND_DAYS = 30
RESOLVED_DAYS = 90
# Waived findings the page lists at most (the count says how many there are).
WAIVED_SHOWN = 100


@require_GET
@vary_on_headers("HX-Request")
@reader_required
def finding_list(request):
    """All findings matching the filters, the load per department and the overlap heat-map."""
    departments = list(department_index())
    form = FindingFilterForm(request.GET or None, departments=departments,
                             processes=process_index())
    filters = form.filters()
    page = Paginator(findings_list(vacancies_together=True, **filters),
                     FINDINGS_PER_PAGE).get_page(request.GET.get("page"))
    summary = findings_summary_load()
    # The summary has just made the stored findings current.
    waived, waived_total = findings_waived(limit=WAIVED_SHOWN, current=True, **filters)
    query = request.GET.copy()
    query.pop("page", None)
    template = "findings/partials/finding_results.html" if request.htmx else (
        "findings/finding_list.html")
    return render(request, template, {
        "form": form,
        "findings": page.object_list,
        "page": page,
        "query": query.urlencode(),
        "summary": summary,
        "waived": waived,
        "waived_total": waived_total,
        "withdrawable": withdrawable(request.user, [item.waiver for item in waived]),
        "departments": departments,
        "chart_size": CHART_DEPARTMENTS,
        "load_chart": charts.load_chart(
            _busiest(departments),
            title=_("Load per department"),
            desc=_("Duties each department is Accountable and Responsible for."),
            accountable_label=_("Accountable"),
            responsible_label=_("Responsible"),
        ),
        "overlap_chart": _overlap_chart(departments, summary),
        "trend_chart": charts.trend_chart(
            findings_over_time(days=TREND_DAYS),
            title=_("Open findings over time"),
            desc=_("The findings open at the end of each of the last %(days)d days.")
            % {"days": TREND_DAYS},
        ),
        "trend_days": TREND_DAYS,
        "resolved_days": RESOLVED_DAYS,
        "resolve_times": _resolve_times(departments),
        # what the apps above add to each finding: a proposal that fixes it
        **panels.context("findings_list", user=request.user),
    })


def _resolve_times(departments):
    """[(department, findings resolved, mean days open)] of the departments whose findings were
    resolved in the last RESOLVED_DAYS days, the most resolved first."""
    resolved = findings_time_to_resolve(days=RESOLVED_DAYS)
    rows = [(department, *resolved[department.code]) for department in departments
            if department.code in resolved]
    rows.sort(key=lambda row: (-row[1], row[0].name))
    return [(department, count, mean.total_seconds() / 86_400)
            for department, count, mean in rows]


def _busiest(departments):
    """(name, A, R) of the CHART_DEPARTMENTS active departments with the most A and R."""
    active = [d for d in departments if d.is_active]
    active.sort(key=lambda d: (-(d.accountable_count + d.responsible_count), d.name))
    return [(d.name, d.accountable_count, d.responsible_count)
            for d in active[:CHART_DEPARTMENTS]]


def _overlap_chart(departments, summary):
    """The heat map of the pairs that overlap most, over at most CHART_DEPARTMENTS
    departments (the summary's pairs come most overlapping first)."""
    shown, pairs = [], {}
    for pair in summary["overlapping_pairs"]:
        codes = [code for code in pair["departments"] if code not in shown]
        if len(shown) + len(codes) > CHART_DEPARTMENTS:
            break
        shown += codes
        pairs[tuple(pair["departments"])] = pair["duties"]
    names = {d.code: d.name for d in departments}
    return charts.overlap_heatmap(
        [(code, names.get(code, code)) for code in shown], pairs,
        title=_("Departments sharing Responsible"),
        desc=_("How many duties each pair of departments is Responsible for together."),
    )
