"""Input shapes of the proposal pages: a proposal's title, reason and cells; an answer; the
list's filters.

The forms check shapes (letters written as RACI letters, a party named once and
unmistakably); governance.services checks everything else, and its refusals come back as
these forms' errors (`add_service_errors`).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from governance.models import REASON_MAX, ProposalState, Verdict
from responsibilities.letters import parse_letters
from responsibilities.parties import ROLE

# What people type in a letters field: "AR", "A/R", "Responsible & Accountable", "负责、批准".
LETTERS_MAX = 60
PARTY_MAX = 300
# Rows for parties not yet on a duty, under each duty's table.
ADDED_ROWS = 2
# The id of the <datalist> every party field uses.
PARTY_LIST = "party-options"
# The id of the page's note on how to write letters.
LETTERS_HELP = "letters-help"
# "cells[3].raci: …": the service's message about the fourth cell sent.
CELL_MESSAGE = re.compile(r"^cells\[(\d+)\](?:\.(\w+))?:\s*")


def party_label(party):
    """A party as people read it: a role with its department ("Agent · Customer service")."""
    return f"{party.name} · {party.department_name}" if party.kind == ROLE else party.name


def _letters(text):
    """The letters `text` writes, in A, R, C, I order; ValidationError naming a bad word."""
    try:
        return parse_letters(text)
    except ValueError as bad:
        raise ValidationError(_("“%(bad)s” is not a RACI letter: write letters from A, R, C and "
                                "I (like “AR”), or leave it empty.") % {"bad": bad}) from None


def _letters_input():
    return forms.TextInput(attrs={"size": 8, "aria-describedby": LETTERS_HELP,
                                  "autocomplete": "off"})


class ProposalForm(forms.Form):
    """A proposal's title and reason, and the letters of each party on each duty shown.

    `duties` are governance.page_selectors.DutyRows; `resolve(texts)` names the parties typed
    in the "add a party" rows (page_selectors.parties_named). After `is_valid()`, `cells` is
    what to send to the services: only the cells whose letters the reader changed (and, when
    revising, the cells the proposal already asks for), each as {duty, party, raci}.
    """

    title = forms.CharField(label=_("Title"), max_length=200, error_messages={
        "required": _("Give the proposal a title.")})
    reason = forms.CharField(
        label=_("Why change it?"), max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The departments asked to consent read this first."),
        error_messages={"required": _("Say why the change is needed.")})

    def __init__(self, data=None, *, duties, resolve, **kwargs):
        super().__init__(data, label_suffix="", **kwargs)
        self.resolve = resolve
        self.tables = []
        for index, item in enumerate(duties):
            title = item.duty.title
            rows = []
            for row in item.rows:
                name = f"d{index}-{row.party.key}"
                shown = row.now if row.proposed is None else row.proposed
                self.fields[name] = forms.CharField(
                    required=False, max_length=LETTERS_MAX, initial=shown, widget=_letters_input(),
                    label=_("Letters of %(party)s on %(duty)s") % {
                        "party": party_label(row.party), "duty": title})
                self.fields[f"{name}-shown"] = forms.CharField(
                    required=False, max_length=LETTERS_MAX, initial=shown,
                    widget=forms.HiddenInput)
                rows.append((row, name))
            added = []
            for number in range(1, ADDED_ROWS + 1):
                party, letters = f"d{index}-add{number}-party", f"d{index}-add{number}-letters"
                self.fields[party] = forms.CharField(
                    required=False, max_length=PARTY_MAX,
                    label=_("Department or role %(number)d to add on %(duty)s") % {
                        "number": number, "duty": title},
                    widget=forms.TextInput(attrs={"list": PARTY_LIST, "autocomplete": "off"}))
                self.fields[letters] = forms.CharField(
                    required=False, max_length=LETTERS_MAX, widget=_letters_input(),
                    label=_("Letters of department or role %(number)d added on %(duty)s")
                    % {"number": number, "duty": title})
                added.append((party, letters))
            self.tables.append((item, rows, added))
        self.cells, self.sources = [], []

    def table_fields(self):
        """[(DutyRows, [(CellRow, letters field, its hidden field)], [(party field, letters
        field)])] for the template."""
        return [(item, [(row, self[name], self[f"{name}-shown"]) for row, name in rows],
                 [(self[party], self[letters]) for party, letters in added])
                for item, rows, added in self.tables]

    def _parsed(self, name):
        """The letters of field `name`, or None when it has an error (added here if new)."""
        if name not in self.cleaned_data:
            return None
        try:
            return _letters(self.cleaned_data[name])
        except ValidationError as error:
            self.add_error(name, error)
            return None

    def _send(self, duty, party, letters, source):
        self.cells.append({"duty": duty.code, "party": party, "raci": letters})
        self.sources.append(source)

    def _held_rows(self, item, rows):
        for row, name in rows:
            if name not in self.data:  # a party that came after the page was shown
                continue
            letters = self._parsed(name)
            shown = self.cleaned_data.get(f"{name}-shown")
            shown = row.now if shown is None else shown
            try:
                shown = _letters(shown)
            except ValidationError:
                shown = row.now
            if letters is not None and letters != row.now and (
                    letters != shown or row.proposed is not None):
                self._send(item.duty, row.party.key, letters, (name, None))

    def _party(self, text, field, named):
        """The one Party `text` names, or None after adding the error to `field`."""
        found = named.get(text.strip(), [])
        if len(found) > 1:
            found = [party for party in found if party.is_active] or found
        if not found:
            self.add_error(field, _("No department or role is called “%(name)s”: pick one from "
                                    "the list, or write its key (like role:agent).")
                           % {"name": text})
            return None
        if len(found) > 1:
            self.add_error(field, _("Several are called “%(name)s”: write one of %(choices)s.")
                           % {"name": text, "choices": ", ".join(
                               f"“{party_label(party)}”" for party in found)})
            return None
        return found[0]

    def _added_rows(self, item, rows, added, named):
        held = {row.party.key for row, _name in rows}
        for party_field, letters_field in added:
            text = (self.cleaned_data.get(party_field) or "").strip()
            written = (self.cleaned_data.get(letters_field) or "").strip()
            if not text and not written:
                continue
            if not text:
                self.add_error(party_field, _("Say which department or role gets these "
                                              "letters."))
                continue
            party = self._party(text, party_field, named)
            letters = self._parsed(letters_field)
            if party is None or letters is None:
                continue
            if party.key in held:
                self.add_error(party_field, _("%(name)s is on this duty already: change its "
                                              "letters in its row.")
                               % {"name": party_label(party)})
            elif not letters:
                self.add_error(letters_field, _("Give the letters of %(name)s.")
                               % {"name": party_label(party)})
            else:
                held.add(party.key)
                self._send(item.duty, party.key, letters, (letters_field, party_field))

    def clean(self):
        cleaned = super().clean()
        self.cells, self.sources = [], []
        texts = [(self.cleaned_data.get(party) or "") for _item, _rows, added in self.tables
                 for party, _letters in added]
        named = self.resolve([text for text in texts if text.strip()])
        for item, rows, added in self.tables:
            self._held_rows(item, rows)
            self._added_rows(item, rows, added, named)
        return cleaned

    def add_service_errors(self, error):
        """A ValidationError of governance.services as this form's errors: on the field of
        the title, the reason or the cell it names, else on the form."""
        problems = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for key, messages in problems.items():
            for message in messages:
                match = CELL_MESSAGE.match(message) if key == "cells" else None
                if key in ("title", "reason"):
                    self.add_error(key, message)
                elif match and int(match[1]) < len(self.sources):
                    letters, party = self.sources[int(match[1])]
                    self.add_error(party if match[2] == "party" and party else letters,
                                   message[match.end():])
                else:
                    self.add_error(None, message)


class AnswerForm(forms.Form):
    """A department's answer: the department's code, consent or objection, and why."""

    department = forms.SlugField(max_length=100, error_messages={
        "required": _("Say which department answers.")})
    verdict = forms.ChoiceField(choices=Verdict.choices, error_messages={
        "required": _("Choose to consent or to object."),
        "invalid_choice": _("Choose to consent or to object.")})
    reason = forms.CharField(required=False, max_length=REASON_MAX)


# The list's states, "open" first: what the list shows unless asked.
STATES = [
    (ProposalState.OPEN, _("Open for answers")), (ProposalState.DRAFT, _("Drafts")),
    (ProposalState.APPLIED, _("Applied")), (ProposalState.REJECTED, _("Rejected")),
    (ProposalState.STALE, _("Stale")), (ProposalState.WITHDRAWN, _("Withdrawn")),
    ("all", _("All")),
]


class ProposalFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATES)
    author = forms.ChoiceField(label=_("Proposed by"), required=False,
                               choices=[("", _("Anyone")), ("me", _("Me"))])

    def filters(self):
        """{state (None: every state), mine} of the valid fields: open proposals by anyone
        unless asked otherwise."""
        data = self.cleaned_data if self.is_valid() else {}
        state = data.get("state") or ProposalState.OPEN
        return {"state": None if state == "all" else state, "mine": data.get("author") == "me"}
