"""The matrix editor: duties × parties, findings on their rows, cells edited in place.

With JavaScript, static/registry/matrix.js edits a cell through POST /api/v1/matrix/cells/.
Without it, each editable cell links to `matrix_cell_edit`, a plain form that goes through
the same service, `cells_set`, with the same `expect` check.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from departments.selectors import department_list
from registry import panels
from registry.views import found, reader_required
from responsibilities.exports import EXPORTS
from responsibilities.forms import CellForm, MatrixFilterForm
from responsibilities.matrix import ROWS_PER_PAGE, matrix_page
from responsibilities.parties import DEPARTMENT, ROLE
from responsibilities.selectors.current_matrix import matrix_duties, matrix_read
from responsibilities.selectors.duties import cell_read, duty_read
from responsibilities.selectors.indexes import party_index, process_index
from responsibilities.selectors.past_matrix import matrix_diff
from responsibilities.selectors.records import duties_editable
from responsibilities.services.cells import CellChange, CellConflict, cells_set


def _editable(user, filters, codes):
    """The codes of the shown duties the user may edit: only on the role axis."""
    if filters["axis"] != ROLE or not user.is_authenticated:
        return set()
    return duties_editable(user=user, duties=codes)


def _changed_since(since, shown):
    """{(duty code, party key): letters then} of the shown cells changed since `since`."""
    return {
        (cell["duty"], cell["party"]): cell["before"]
        for cell in matrix_diff(start=since, end=timezone.now()) if cell["duty"] in shown
    }


def _query_without(request, *names):
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _exports(filters):
    """[(format, summary, query)] of the export links: every registered export as assigned
    (the file imports back), and on the department axis its summary as shown too."""
    scope = QueryDict(mutable=True)
    for name in ("process", "department"):
        if filters[name]:
            scope[name] = filters[name]
    axes = [(ROLE, False)] + ([(DEPARTMENT, True)] if filters["axis"] == DEPARTMENT else [])
    links = []
    for axis, summary in axes:
        scope["axis"] = axis
        links.extend((name, summary, scope.urlencode()) for name in EXPORTS)
    return links


def _read_page(request, form):
    """(filters, page of duty ids, Matrix of that page): the form's refusals of unknown
    parties and duties added to it."""
    filters = form.filters()
    scope = {name: filters[name] for name in ("process", "department", "duty")}
    # One page of duties read from the database, not the whole matrix cut down.
    page = Paginator(matrix_duties(**scope).values_list("pk", flat=True),
                     ROWS_PER_PAGE).get_page(request.GET.get("page"))
    matrix = matrix_read(**filters, duty_ids=list(page.object_list))
    form.refuse_parties({party.key for party in matrix.everyone})
    if filters["duty"] and not page.paginator.count:
        form.add_error("duty", _("There is no active duty “%(duty)s”.") % {"duty": filters["duty"]})
    form.mark_invalid()
    return filters, page, matrix


@require_GET
@reader_required
def matrix_edit(request):
    """The matrix with its filters; editable rows for users allowed to set their cells.

    Editing happens on the role axis, where every party is a column exactly as assigned;
    the department axis folds roles into their departments and is read-only.
    """
    departments = list(department_list())
    form = MatrixFilterForm(request.GET or None, departments=departments,
                            processes=process_index())
    filters, page, matrix = _read_page(request, form)
    codes = [duty.code for duty in matrix.duties]
    editable = _editable(request.user, filters, codes)
    extra = panels.context("matrix", duties=codes)
    since = form.as_of_moment()
    changed = _changed_since(since, set(codes)) if since else {}
    column_page, rows = matrix_page(matrix, request.GET.get("columns"),
                                    extra.get("findings_by_duty", {}), editable, changed)
    return render(request, "responsibilities/matrix.html", {
        "form": form, "filters": filters, "page": page, "column_page": column_page,
        "columns_label": _("Column pages"), "parties": column_page.object_list, "rows": rows,
        "since": since, "changed_count": len(changed),
        "findings_count": extra.get("findings_count"),
        "can_edit": bool(editable), "focus": form.focus_key(),
        "rows_query": _query_without(request, "page"),
        "columns_query": _query_without(request, "columns"),
        "every_duty_query": _query_without(request, "page", "columns", "duty", "focus"),
        "kept": [(name, value) for name, values in request.GET.lists()
                 if name not in ("page", "columns", "focus") for value in values],
        "column_choices": [party for party in matrix.everyone
                           if filters["axis"] == ROLE or party.kind == DEPARTMENT],
        "shown": set(matrix.shown),
        "department_names": {department.code: department.name for department in departments},
        "exports": _exports(filters),
        **panels.context("matrix_actions", user=request.user),
        **panels.context("matrix_propose", user=request.user, process=filters["process"],
                         duty=filters["duty"]),
    })


def _cell_choose(request, duty):
    """The first step without JavaScript: which party's cell of `duty` to edit."""
    if not duties_editable(user=request.user, duties=[duty.code]):
        raise PermissionDenied(_("You may not edit the cells of this duty."))
    return render(request, "responsibilities/matrix_cell_choose.html", {
        "duty": duty, "parties": party_index(),
        "next": _safe_next(request, request.GET.get("next", ""), duty),
    })


def _safe_next(request, candidate, duty):
    """Where to go after saving: `next` when it is on this site, else the duty's row in the
    matrix of its process."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    scope = f"?process={duty.process.code}" if duty.process_id else ""
    return f"{reverse('responsibilities:matrix_edit')}{scope}#duty-{duty.code}"


@require_http_methods(["GET", "POST"])
@reader_required
def matrix_cell_edit(request):
    """One cell as a plain form: the way to edit without JavaScript.

    GET shows the letters with the cell as it stands (sent back as `expect`); POST sets them
    through `cells_set`, which refuses (403) a user who may not edit the duty and reports a
    conflict if the cell changed in between.
    """
    source = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and "party" not in source:
        return _cell_choose(request, found(duty_read(code=source.get("duty", ""))))
    cell = found(cell_read(duty=source.get("duty", ""), party=source.get("party", "")))
    if not duties_editable(user=request.user, duties=[cell.duty.code]):
        raise PermissionDenied(_("You may not edit the cells of this duty."))
    form = CellForm(request.POST or None, initial={
        "duty": cell.duty.code, "party": cell.party.key, "letters": list(cell.letters),
        "expect": cell.letters, "next": request.GET.get("next", ""),
    })
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        change = CellChange(data["duty"], data["party"], data["letters"], data["expect"])
        try:
            cells_set(changes=[change], user=request.user)
        except CellConflict as error:
            conflict = error.cells[0]["actual"]
            form = CellForm(initial={**data, "letters": list(data["letters"]), "expect": conflict})
        except ValidationError as error:
            form.add_error(None, error.messages)  # the batch names the cell, not a form field
        else:
            messages.success(request, _("Saved."))
            return redirect(_safe_next(request, data["next"], cell.duty))
    return render(request, "responsibilities/matrix_cell.html", {
        "cell": cell, "form": form, "conflict": conflict,
        "next": _safe_next(request, form["next"].value(), cell.duty),
    }, status=409 if conflict is not None else 200)
