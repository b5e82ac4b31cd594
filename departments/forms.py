"""Input shapes of the organisation pages: departments, roles, people and memberships.

The forms check shapes; the services (registry.services) check permissions and the model's
own rules, so a page, the API and the admin refuse the same things.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from departments.models import Department, MailLanguage, Membership, Notify, Person, Role
from departments.selectors import department_list, person_find, role_list
from registry.codes import code_from_title
from registry.permissions import contents_addable, contents_changeable

NAMES = ["name_en", "name_zh_hans"]


class RecordForm(forms.ModelForm):
    """A model form as the organisation's pages show it: labels without a colon, short text
    areas."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 3)


class NamedChoiceField(forms.ModelChoiceField):
    """A choice of departments or roles labelled by their name in the reader's language."""

    def label_from_instance(self, obj):
        if isinstance(obj, Role):
            return f"{obj.name} · {obj.department.name}"
        return obj.name


class CodeFromNameMixin:
    """A new object's code may be left empty: it is made from its name (pinyin for Chinese),
    unique among the codes of its model."""

    def init_code(self):
        code = self.fields["code"]
        if self.instance.pk is None:
            code.required = False
            code.help_text = _("Leave empty to make one from the name.")

    def clean_code(self):
        code = self.cleaned_data["code"]
        if code or self.instance.pk is not None:
            return code
        name = self.data.get("name_en") or self.data.get("name_zh_hans") or ""
        model = self._meta.model
        prefix = code_from_title(name, set(), fallback=model._meta.model_name)
        taken = set(model.objects.filter(code__startswith=prefix).values_list("code", flat=True))
        return code_from_title(name, taken, fallback=model._meta.model_name)


class DepartmentForm(CodeFromNameMixin, RecordForm):
    class Meta:
        model = Department
        fields = [*NAMES, "code", "parent", "description_en", "description_zh_hans", "email",
                  "chat", "is_active"]
        field_classes = {"parent": NamedChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_code()
        others = department_list()
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = others


class RoleForm(CodeFromNameMixin, RecordForm):
    class Meta:
        model = Role
        fields = [*NAMES, "code", "department", "description_en", "description_zh_hans",
                  "is_approver", "is_active"]
        field_classes = {"department": NamedChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_code()
        # Only the departments the user may add roles to, or move this role to (or its own).
        if self.instance.pk is None:
            allowed = contents_addable(user, Role, department_list())
        else:
            allowed = department_list().filter(pk__in=[
                *contents_changeable(user, Role, department_list()).values_list("pk", flat=True),
                self.instance.department_id])
        self.fields["department"].queryset = allowed


class PersonForm(RecordForm):
    class Meta:
        model = Person
        fields = [*NAMES, "email", "phone", "chat", "notify", "language", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form sent without it (written before mail existed) keeps what the person had.
        self.fields["notify"].required = False

    def clean_notify(self):
        return self.cleaned_data["notify"] or self.instance.notify


class PersonField(forms.CharField):
    """A person named by their email or whole name (either language): a text box stays small
    whatever the size of the organisation."""

    def clean(self, value):
        text = super().clean(value)
        found = person_find(text)
        if not found:
            raise forms.ValidationError(
                _("Nobody in the registry is called “%(name)s”: check the spelling, or add "
                  "the person first."), params={"name": text})
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several people are called “%(name)s”: give their email instead."),
                params={"name": text})
        return found[0]


class MembershipForm(RecordForm):
    """Appoint a person to a role; the person is typed, the role picked from those the user
    may staff."""

    person = PersonField(label=_("Person"), help_text=_("Their whole name or their email."))

    class Meta:
        model = Membership
        fields = ["person", "role", "is_primary", "start_date", "end_date"]
        field_classes = {"role": NamedChoiceField}
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}),
                   "end_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = contents_addable(
            user, Membership, role_list().filter(is_active=True))
        self.fields["start_date"].initial = timezone.localdate()


class MembershipEndForm(forms.Form):
    end_date = forms.DateField(label=_("Last day in the role"),
                               widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.membership = membership
        self.fields["end_date"].initial = timezone.localdate()

    def clean_end_date(self):
        day = self.cleaned_data["end_date"]
        start = self.membership.start_date
        if start and day < start:
            raise forms.ValidationError(
                _("The role was taken on %(start)s: the last day cannot be before it."),
                params={"start": start})
        return day


class PreferencesForm(forms.Form):
    """A person's own choice of how, and in which language, the registry mails them."""

    notify = forms.ChoiceField(label=_("How often"), choices=Notify.choices,
                               widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language of the mails"), choices=MailLanguage.choices,
                                 required=False,
                                 widget=forms.RadioSelect)
