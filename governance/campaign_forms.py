"""Input shapes of the campaign pages: a new campaign's title, scope and deadline; an answer
on one duty. governance.campaigns checks everything else, and its refusals come back as these
forms' errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from departments.models import Department
from governance.models import REASON_MAX, ItemAnswer
from registry.languages import reader_order
from responsibilities.models import Process


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, error_messages={
        "required": _("Give the campaign a title, such as “Complaint handling, 2026 review”.")})
    department = forms.ModelChoiceField(
        label=_("Department"), required=False, to_field_name="code",
        queryset=Department.objects.none(), empty_label=_("Any department"),
        help_text=_("The duties it or one of its roles is Accountable or Responsible for."))
    process = forms.ModelChoiceField(
        label=_("Process"), required=False, to_field_name="code",
        queryset=Process.objects.none(), empty_label=_("Any process"),
        help_text=_("The steps of the process."))
    deadline = forms.DateField(label=_("Deadline"),
                               widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"required": _("Choose the day answers are due."),
                                               "invalid": _("Write the day as YYYY-MM-DD.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(is_active=True).order_by(
            reader_order("name"), "code")
        self.fields["process"].queryset = Process.objects.filter(is_active=True).order_by(
            reader_order("name"), "code")

    def clean(self):
        data = super().clean()
        if data.get("department") and data.get("process"):
            raise forms.ValidationError(_("Choose a department or a process, not both (neither: "
                                          "the whole organisation)."))
        return data


class CampaignAnswerForm(forms.Form):
    """One person's answer on one duty: confirmed, or not theirs and why."""

    duty = forms.SlugField(max_length=100, error_messages={"required": _("Say which duty.")})
    answer = forms.ChoiceField(
        choices=[(ItemAnswer.CONFIRMED, ItemAnswer.CONFIRMED.label),
                 (ItemAnswer.DISOWNED, ItemAnswer.DISOWNED.label)],
        error_messages={"required": _("Choose to confirm it or to say it is not yours."),
                        "invalid_choice": _("Choose to confirm it or to say it is not yours.")})
    reason = forms.CharField(label=_("Why is it not yours?"), required=False,
                             max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}))
