"""The confirmation campaign pages: the list, the form that opens one, a campaign with its
progress (a bar per department and a picture of the whole) and the reader's own duties in it,
and the button that answers on one duty.

The writes go through governance.campaigns, which decides who may: a refusal is the styled
403 page with its reason; an answer it cannot take comes back to the campaign with the reason.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.campaign_chart import progress_chart
from governance.campaign_forms import CampaignAnswerForm, CampaignForm
from governance.campaign_selectors import (
    campaign_items,
    campaign_list,
    campaign_progress,
    campaign_read,
)
from governance.campaigns import campaign_answer, campaign_open, may_open
from governance.models import ItemAnswer
from registry.permissions import is_active_user
from registry.views import found, reader_required
from responsibilities.selectors.records import duty_list

LIST_SIZE = 100


def _state_labels():
    """Each item state as the page names it, in the bar's order."""
    return {ItemAnswer.CONFIRMED: _("confirmed"), "others": _("confirmed by another owner"),
            ItemAnswer.PROPOSED: _("change proposed"), ItemAnswer.DISOWNED: _("not theirs"),
            "waiting": _("not answered")}


@require_GET
@reader_required
def campaign_list_page(request):
    """The campaigns, newest first (the latest hundred)."""
    return render(request, "governance/campaign_list.html", {
        "campaigns": campaign_list()[:LIST_SIZE], "may_open": is_active_user(request.user)})


@require_http_methods(["GET", "POST"])
@reader_required
def campaign_new(request):
    """GET: the form; POST: open the campaign and show it."""
    if not is_active_user(request.user):
        return redirect_to_login(request.get_full_path())
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = campaign_open(user=request.user, title=data["title"],
                                     deadline=data["deadline"], department=data["department"],
                                     process=data["process"])
        except ValidationError as error:  # its fields are the form's: title, deadline, scope
            form.add_error(None, error)
        else:
            messages.success(request, _("Opened: each owner is asked to confirm their duties."))
            return redirect(campaign)
    return render(request, "governance/campaign_form.html", {
        "form": form, "may_open_all": may_open(request.user)},
        status=400 if request.method == "POST" else 200)


@require_GET
@reader_required
def campaign_detail(request, pk):
    """The campaign: its progress as a picture and a table per department, and the reader's
    own duties in it with a form to answer each."""
    campaign = found(campaign_read(pk))
    whole, departments = campaign_progress(campaign)
    labels = _state_labels()
    chart = progress_chart(whole, departments, labels=labels, title=_("Answers so far"),
                           whole_label=_("Whole campaign"),
                           desc=_("For the whole campaign and each department, the share of "
                                  "its duties confirmed, proposed for change, said not to be "
                                  "theirs, and not answered."))
    return render(request, "governance/campaign_detail.html", {
        "campaign": campaign, "whole": whole, "departments": departments, "chart": chart,
        "labels": labels, "mine": list(campaign_items(campaign, user=request.user)),
    })


@require_POST
@reader_required
def campaign_answer_page(request, pk):
    """Answer on one of the reader's duties in the campaign, then back to it."""
    campaign = found(campaign_read(pk))
    form = CampaignAnswerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(campaign)
    duty = found(duty_list().filter(code=form.cleaned_data["duty"]).first())
    try:
        campaign_answer(user=request.user, campaign=campaign, duty=duty,
                        answer=form.cleaned_data["answer"], reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: your answer on “%(duty)s” is recorded.")
                         % {"duty": duty.title})
    return redirect(f"{campaign.get_absolute_url()}#mine")
