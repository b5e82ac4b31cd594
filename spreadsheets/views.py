"""The spreadsheet import page: upload, preview what would change, then import it all."""

import base64

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from registry.views import reader_required
from spreadsheets.forms import MatrixImportForm
from spreadsheets.reading import SpreadsheetError
from spreadsheets.reports import preview_text
from spreadsheets.services import import_require, matrix_import

SHOWN_CHANGES = 200


@require_http_methods(["GET", "POST"])
@reader_required
def matrix_import_page(request):
    """GET: the upload form. POST: a preview (nothing written) or the import itself; the
    service refuses (403) a user who may not edit every duty the file touches. One who may
    edit none is refused on any method, with the reason, before a file is read; a visitor
    reading without a login (REGISTRY_PUBLIC_READ) is asked to log in first."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    import_require(request.user)
    form = MatrixImportForm(request.POST or None, request.FILES or None)
    report = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = matrix_import(content=data["bytes"], filename=data["filename"],
                                   dry_run=data["action"] != "import", user=request.user,
                                   **form.options())
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            if result.applied:
                messages.success(request, result.summary())
                return redirect("responsibilities:matrix_edit")
            report = result.as_dict()
            report["preview"] = preview_text(report["rows"], report["counts"])
            report["content"] = base64.b64encode(data["bytes"]).decode()
            report["filename"] = data["filename"]
            report["shown_changes"] = report["changes"][:SHOWN_CHANGES]
    return render(request, "spreadsheets/matrix_import.html",
                  {"form": form, "report": report})
