"""Input shapes of the pages: filters and the no-JavaScript cell editor."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from registry.dates import start_of
from responsibilities.letters import sort_letters
from responsibilities.matrix import AXES
from responsibilities.models import RACI_ORDER, Raci
from responsibilities.parties import DEPARTMENT, ROLE


def with_all(label, choices):
    return [("", label), *choices]


class CodeSelect(forms.Select):
    """A select of many plain choices (every process of a large organisation) written in one
    pass: Django's template for each option costs a tenth of a millisecond, 0.4 s for a page
    with two thousand processes."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (code, mark_safe(" selected") if str(code) == chosen else "", label)
            for code, label in self.choices
        ))
        return format_html('<select name="{}"{}>{}</select>', name,
                           flatatt(self.build_attrs(self.attrs, attrs)), options)


class CodeChoicesMixin:
    """Department and process choices come from the selectors, passed in by the view."""

    def set_codes(self, field, label, rows):
        self.fields[field].widget = CodeSelect()
        self.fields[field].choices = with_all(label, [(row.code, row.name) for row in rows])


class MatrixFilterForm(CodeChoicesMixin, forms.Form):
    axis = forms.ChoiceField(
        label=_("Columns"),
        required=False,
        choices=[(ROLE, _("Departments and roles, as assigned")), (DEPARTMENT, _("Departments"))],
    )
    process = forms.ChoiceField(label=_("Process"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    since = forms.DateField(
        label=_("Compare with the date"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Cells changed since then are highlighted."),
    )

    def __init__(self, *args, departments=(), processes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_codes("department", _("All departments"), departments)
        self.set_codes("process", _("All processes"), processes)

    def since_moment(self):
        """The start of the chosen day (in the current time zone), or None."""
        return start_of(self.cleaned_data.get("since") if self.is_valid() else None)

    def filters(self):
        """axis, process and department for `matrix_read`; the role axis unless asked."""
        data = self.cleaned_data if self.is_valid() else {}
        axis = data.get("axis") or ROLE
        return {
            "axis": axis if axis in AXES else ROLE,
            "process": data.get("process") or None,
            "department": data.get("department") or None,
        }


class CellForm(forms.Form):
    """One matrix cell: the letters a party holds on a duty, and what the editor last saw."""

    duty = forms.SlugField(widget=forms.HiddenInput)
    party = forms.CharField(widget=forms.HiddenInput)
    letters = forms.MultipleChoiceField(
        label=_("Letters"),
        required=False,
        choices=[(letter, format_lazy("{} · {}", letter, Raci(letter).label))
                 for letter in RACI_ORDER],
        widget=forms.CheckboxSelectMultiple,
    )
    expect = forms.CharField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_letters(self):
        return sort_letters("".join(self.cleaned_data["letters"]))


class ChangeFilterForm(forms.Form):
    """The change feed's filters, named as in the history API."""

    duty = forms.SlugField(label=_("Duty code"), required=False)
    department = forms.SlugField(label=_("Department code"), required=False)
    role = forms.SlugField(label=_("Role code"), required=False)
    process = forms.SlugField(label=_("Process code"), required=False)
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    since = forms.DateField(label=_("Since"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))

    def filters(self):
        """The filled-in filters as keyword arguments for ChangeFilters."""
        if not self.is_valid():
            return {}
        chosen = {name: value for name, value in self.cleaned_data.items() if value}
        if "since" in chosen:
            chosen["since"] = start_of(chosen["since"])
        return chosen
