"""The pages that waive a finding and withdraw a waiver (docs/findings.md, "Waivers")."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from findings.forms import WaiverForm
from findings.models import Waiver
from findings.waivers import finding_open, waive_require, waivers_by_key
from findings.waivers import waiver_create as waive
from findings.waivers import waiver_withdraw as withdraw
from registry.codes import record_id
from registry.views import reader_required


def _back(request):
    """Where to go after the write: `next` when it is a page of this site, else the findings."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("findings:finding_list")


@require_http_methods(["GET", "POST"])
@reader_required
def waiver_create(request):
    """GET: the finding and the form (reason, expiry); POST: waive it, back to the findings."""
    key = request.GET.get("key", "")
    finding = finding_open(key) if key else None
    if finding is None:
        raise Http404(_("There is no open finding with this key: it may have been resolved, or "
                        "its parties changed."))
    waive_require(request.user, finding.duty)
    today = timezone.localdate()
    current = waivers_by_key([key]).get(key)
    form = WaiverForm(request.POST if request.method == "POST" else None, today=today)
    if request.method == "POST" and current is None and form.is_valid():
        try:
            waiver = waive(user=request.user, key=key, today=today, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Waived until %(date)s: “%(message)s”") % {
                "date": date_format(waiver.expires), "message": finding.message})
            return redirect(_back(request))
    status = 400 if request.method == "POST" else 200
    return render(request, "findings/waiver_form.html", {
        "finding": finding, "form": form, "current": current, "back": _back(request),
        "next": request.GET.get("next", "")}, status=status)


@require_POST
@reader_required
def waiver_withdraw(request, pk):
    """Withdraw a waiver: its finding counts again."""
    waiver = Waiver.objects.filter(pk=record_id(pk)).first() if record_id(pk) else None
    if waiver is None:
        raise Http404(_("There is no such waiver."))
    withdraw(user=request.user, waiver=waiver)
    messages.success(request, _("The waiver is withdrawn: the finding counts again."))
    return redirect(_back(request))

