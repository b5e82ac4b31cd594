"""The findings dashboard's filters."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from findings.engine import FindingKind, Rule, Severity
from findings.waivers import expiry_default, expiry_errors, expiry_latest
from responsibilities.forms import CodeChoicesMixin, with_all


class FindingFilterForm(CodeChoicesMixin, forms.Form):
    severity = forms.ChoiceField(
        label=_("Severity"), required=False,
        choices=with_all(_("All severities"), Severity.choices),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=with_all(_("All kinds"), FindingKind.choices)
    )
    rule = forms.ChoiceField(
        label=_("Rule"), required=False, choices=with_all(_("All rules"), Rule.choices)
    )
    department = forms.ChoiceField(label=_("Department"), required=False)
    process = forms.ChoiceField(label=_("Process"), required=False)

    def __init__(self, *args, departments=(), processes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_codes("department", _("All departments"), departments)
        self.set_codes("process", _("All processes"), processes)

    def filters(self):
        """The chosen filters as keyword arguments for `findings_list` (empty ones left out)."""
        if not self.is_valid():
            return {}
        return {field: value for field, value in self.cleaned_data.items() if value}


class WaiverForm(forms.Form):
    """Why a finding may stay, and until when (findings.waivers checks both again)."""

    reason = forms.CharField(
        label=_("Why may this finding stay?"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why this finding may stay.")})
    expires = forms.DateField(
        label=_("Waived until"), widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("From this day on the finding counts again."),
        error_messages={"required": _("Give the date the waiver ends."),
                        "invalid": _("Give the date as YYYY-MM-DD.")})

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        latest = expiry_latest(today)
        self.fields["expires"].widget.attrs.update(
            min=(today + timedelta(days=1)).isoformat(), max=latest.isoformat())
        self.fields["expires"].initial = expiry_default(today)

    def clean_expires(self):
        expires = self.cleaned_data["expires"]
        if problems := expiry_errors(expires, self.today):
            raise forms.ValidationError(problems)
        return expires
