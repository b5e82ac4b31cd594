"""Input shapes of the pages: filters and the no-JavaScript cell editor."""

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from departments.forms import RecordForm
from departments.selectors import department_list
from registry.dates import start_of
from responsibilities.letters import sort_letters
from responsibilities.matrix import AXES
from responsibilities.models import RACI_ORDER, Process, Raci
from responsibilities.parties import DEPARTMENT, ROLE, parse_party


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


class PartyKeysField(forms.Field):
    """Party keys (`department:<code>`, `role:<code>`) sent as repeated hidden inputs; whether
    each names a party is checked against the matrix that reads them all anyway."""

    widget = forms.MultipleHiddenInput
    LIMIT = 20  # columns asked for by name: enough for a handover, not a way to ask for all

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        if len(values) > self.LIMIT:
            raise forms.ValidationError(
                _("Show at most %(limit)s columns by name.") % {"limit": self.LIMIT})
        return list(dict.fromkeys(parse_party(text).key for text in values if text))


class MatrixFilterForm(CodeChoicesMixin, forms.Form):
    """The matrix's filters. `as_of` is the date the matrix is compared with, named as in the
    API (`matrix/?as_of=`: the matrix as it stood then); `since`, its old name, still works."""

    axis = forms.ChoiceField(
        label=_("Columns"),
        required=False,
        choices=[(ROLE, _("Departments and roles, as assigned")), (DEPARTMENT, _("Departments"))],
    )
    process = forms.ChoiceField(label=_("Process"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    as_of = forms.DateField(
        label=_("Compare with the matrix as of"), required=False,
        widget=forms.DateInput(attrs={"type": "date", "aria-describedby": "id_as_of_help"}),
        help_text=_("Cells changed since then are highlighted."),
    )
    show = PartyKeysField(label=_("Columns shown"), required=False)
    duty = forms.SlugField(label=_("Duty"), required=False, widget=forms.HiddenInput)
    focus = forms.CharField(label=_("Cell"), required=False, widget=forms.HiddenInput)

    ALIASES = {"since": "as_of"}

    def __init__(self, data=None, *args, departments=(), processes=(), **kwargs):
        if data is not None and any(old in data and new not in data
                                    for old, new in self.ALIASES.items()):
            data = data.copy()
            for old, new in self.ALIASES.items():
                if old in data and new not in data:
                    data[new] = data[old]
        super().__init__(data, *args, **kwargs)
        self.set_codes("department", _("All departments"), departments)
        self.set_codes("process", _("All processes"), processes)

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Choose a date that is not in the future."))
        return day

    def clean_focus(self):
        text = self.cleaned_data["focus"]
        return parse_party(text).key if text else ""

    def _valid(self):
        """The fields that are valid, whether or not the others are."""
        self.is_valid()
        return getattr(self, "cleaned_data", {})

    def as_of_moment(self):
        """The start of the chosen day (in the current time zone), or None."""
        return start_of(self._valid().get("as_of"))

    def focus_key(self):
        """The key of the cell's party to focus, or ""."""
        return self._valid().get("focus") or ""

    def filters(self):
        """axis, process, department, duty and show for `matrix_read`, from the valid fields:
        the role axis unless asked, and always for one duty's row (where cells are edited).
        The focused party is shown too, so that its cell exists."""
        data = self._valid()
        axis = ROLE if data.get("duty") else data.get("axis") or ROLE
        show = list(data.get("show") or ())
        if data.get("focus") and data["focus"] not in show:
            show.append(data["focus"])
        return {
            "axis": axis if axis in AXES else ROLE,
            "process": data.get("process") or None,
            "department": data.get("department") or None,
            "duty": data.get("duty") or None,
            "show": show,
        }

    def mark_invalid(self):
        """Each visible field in error says so, and points at the page's list of errors."""
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            if widget is not None and not widget.is_hidden:
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs.update({"aria-invalid": "true",
                                     "aria-describedby": f"{described} matrix-errors".strip()})

    def refuse_parties(self, known):
        """A form error for each shown party that is not in `known` (the keys of every
        department and role)."""
        for name in ("show", "focus"):
            keys = self._valid().get(name) or ()
            for key in [keys] if isinstance(keys, str) else keys:
                if key and key not in known:
                    self.add_error(name, _("There is no department or role “%(party)s”.")
                                   % {"party": key})


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
    """The change feed's filters, named as in the history API: pickers of names whose values
    are the codes (and user names) the API takes."""

    duty = forms.CharField(label=_("Duty"), required=False, max_length=300,
                           help_text=_("Its code or its exact title."))
    department = forms.ChoiceField(label=_("Department"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    process = forms.ChoiceField(label=_("Process"), required=False)
    user = forms.ChoiceField(label=_("Changed by"), required=False)
    since = forms.DateField(label=_("Since"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices or {}
        for field, label, key in (("department", _("All departments"), "departments"),
                                  ("role", _("All roles"), "roles"),
                                  ("process", _("All processes"), "processes"),
                                  ("user", _("Anyone"), "users")):
            self.fields[field].widget = CodeSelect()
            self.fields[field].choices = with_all(label, choices.get(key, ()))

    def filters(self):
        """The filled-in filters as keyword arguments for ChangeFilters (call after
        is_valid())."""
        chosen = {name: value for name, value in self.cleaned_data.items() if value}
        if "since" in chosen:
            chosen["since"] = start_of(chosen["since"])
        return chosen


class ProcessForm(RecordForm):
    """A process's names, owner, kind and channel; its steps are edited in the matrix."""

    class Meta:
        model = Process
        fields = ["name_en", "name_zh_hans", "code", "owner", "kind", "channel",
                  "description_en", "description_zh_hans", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = department_list().filter(is_active=True)
        owner.label_from_instance = lambda department: department.name
