"""Editing a process from its page: its names, owner department, kind and channel."""

from django.urls import reverse
from django.views.decorators.http import require_http_methods

from departments.views import record_form_page
from registry.views import reader_required
from responsibilities.forms import ProcessForm
from responsibilities.models import Process


def _process_url(process):
    return reverse("responsibilities:process_detail", args=[process.code])


@require_http_methods(["GET", "POST"])
@reader_required
def process_edit(request, code):
    return record_form_page(request, Process, ProcessForm, {"code": code}, done=_process_url)
