"""The findings dashboard's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from findings.engine import FindingKind, Rule, Severity
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
