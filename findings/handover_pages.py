"""The handover page: choose who takes over a role's, a department's or a leaver's letters,
preview the findings it introduces and resolves, then apply it in one batch."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from findings.handover import handover_run
from registry.codes import record_id
from registry.views import reader_required
from responsibilities.forms import CodeSelect
from responsibilities.handover import (
    KEEP,
    cells_before,
    duty_parties,
    handover_plan,
    handover_sources,
    party_name,
)
from responsibilities.selectors.indexes import party_index
from responsibilities.selectors.records import duties_editable
from responsibilities.services.cells import CellConflict

SAME, KEPT = "", "-"  # a duty goes to the successor chosen for all / stays where it is


class HandoverForm(forms.Form):
    to = forms.ChoiceField(label=gettext_lazy("Who takes over"), required=False,
                           widget=CodeSelect)
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, moves, sources, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["to"].choices = [(KEEP, _("Nobody yet: keep the letters")), *(
            (key, name) for key, name in party_index() if key not in sources)]
        others = duty_parties({move.duty for move in moves}, leaving=set(sources))
        self.duty_fields = []
        for move in moves:
            name = f"duty-{move.duty}"
            if name in self.fields:  # a second role of a leaver on the same duty
                continue
            self.fields[name] = forms.ChoiceField(
                label=move.duty_title, required=False, initial=SAME,
                choices=[(SAME, _("The one chosen above")), (KEPT, _("Keep it here")),
                         *others.get(move.duty, ())])
            self.duty_fields.append((move, self[name]))

    def run_arguments(self):
        """successor, per_duty and seen for handover_run."""
        data = self.cleaned_data
        per_duty = {name.removeprefix("duty-"): KEEP if value == KEPT else value
                    for name, value in data.items() if name.startswith("duty-") and value != SAME}
        try:
            seen = {(cell["duty"], cell["party"]): cell["raci"]
                    for cell in json.loads(data["seen"] or "[]")}
        except (ValueError, KeyError, TypeError):
            seen = {}
        return {"successor": data["to"], "per_duty": per_duty, "seen": seen}


def _source(request):
    """(party, person) of the query string: what is handed over; ValidationError for a
    person that is not an id."""
    if "person" not in request.GET:
        return request.GET.get("party", ""), None
    person = record_id(request.GET["person"])
    if person is None:
        raise ValidationError(_("“%(person)s” is not a person's id: open the handover from "
                                "the person's page.") % {"person": request.GET["person"][:40]})
    return None, person


def _source_url(party, person):
    if person is not None:
        return reverse("departments:person_detail", args=[person])
    kind, _sep, code = party.partition(":")
    return reverse(f"responsibilities:{kind}_detail", args=[code])


def _require_editable(user, moves):
    """PermissionDenied, naming them, unless `user` may edit every duty handed over: a
    handover is all of it or nothing."""
    duties = {move.duty: move.duty_title for move in moves}
    refused = sorted(set(duties) - duties_editable(user=user, duties=list(duties))) if (
        duties) else []
    if refused:
        raise PermissionDenied(_(
            "You may not edit %(duties)s, so you may not hand these duties over: ask whoever "
            "manages their process.") % {"duties": ", ".join(
                f"“{duties[code]}”" for code in refused[:20])})


@require_http_methods(["GET", "POST"])
@reader_required
def handover(request):
    """GET: what is handed over and the choice of successors; POST `preview`: the moves and the
    findings they would bring (nothing written); POST `apply`: the handover in one batch."""
    try:
        party, person = _source(request)
        sources = handover_sources(party=party, person=person)
    except ValidationError as error:
        return render(request, "findings/handover.html", {"error": error.messages}, status=400)
    moves = handover_plan(sources=sources)
    _require_editable(request.user, moves)
    form = HandoverForm(request.POST if request.method == "POST" else None, moves=moves,
                        sources=sources)
    names = [(key, party_name(key)) for key in sources]
    context = {"form": form, "sources": names, "moves": moves,
               "source_names": ", ".join(name for _key, name in names),
               "back": _source_url(party, person)}
    status = 200
    if request.method == "POST" and form.is_valid():
        apply = request.POST.get("action") == "apply"
        try:
            outcome = handover_run(user=request.user, party=party, person=person,
                                   dry_run=not apply, **form.run_arguments())
        except CellConflict:
            status = 409
            context["conflict"] = True
            outcome = handover_run(user=request.user, party=party, person=person,
                                   **{**form.run_arguments(), "seen": None})
        except ValidationError as error:
            form.add_error(None, error.messages)
            return render(request, "findings/handover.html", context, status=400)
        if outcome.applied:
            moved = len({move.duty for move in outcome.moves if move.successor != KEEP})
            messages.success(request, ngettext("Handed over %(count)d duty.",
                                               "Handed over %(count)d duties.", moved)
                             % {"count": moved})
            return redirect(context["back"])
        context.update(preview=outcome, seen=json.dumps(cells_before(outcome.moves)),
                       names={key: name for key, name in form.fields["to"].choices})
    return render(request, "findings/handover.html", context, status=status)
