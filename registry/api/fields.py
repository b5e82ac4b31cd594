"""Serializer fields shared by every app's API."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from registry.dates import moment_or_none
from registry.languages import columns, reader_is_chinese


def code_reference(model, **extra):
    """A reference to `model` written as its code; an unknown code is a field error."""
    name = model._meta.verbose_name
    return serializers.SlugRelatedField(
        slug_field="code", queryset=model.objects.all(),
        error_messages={"does_not_exist": format_lazy(_("There is no {} “{{value}}”."), name)},
        **extra,
    )


class MomentField(serializers.CharField):
    """A moment written as an ISO date-time (2026-11-11T08:00:00+08:00), or as a date alone:
    its first moment in the current time zone."""

    default_error_messages = {
        "invalid": _("Give a date (2026-11-11) or an ISO date-time (2026-11-11T08:00:00+08:00)."),
    }

    def to_internal_value(self, data):
        moment = moment_or_none(super().to_internal_value(data))
        if moment is None:
            self.fail("invalid")
        return moment


class TranslatedField(serializers.CharField):
    """A text kept in two languages (registry.languages): read in the request's language, or
    the other one when it has none there; written, it sets the request's language column.
    `name_en` and `name_zh_hans` beside it read and write each language."""

    def __init__(self, field, *, needed=False, **kwargs):
        self.translated = field
        self.needed = needed
        kwargs.setdefault("help_text", f"The {field.replace('_', ' ')} in the request's language "
                                       f"(Accept-Language), or in the other when it has none."
                                       + (" Required unless given by language." if needed else ""))
        super().__init__(source="*", required=False, allow_blank=True, **kwargs)

    def validate_empty_values(self, data):
        # A full write (POST, PUT) must give the text in some form: this field or a column.
        parent = self.parent
        if (data is empty and self.needed and not parent.partial
                and not any(column in parent.initial_data for column in columns(self.translated))):
            self.fail("required")
        return super().validate_empty_values(data)

    def to_representation(self, instance):
        return getattr(instance, self.translated)

    def run_validation(self, data=empty):
        # Checked as text (length, blank), then handed on as {column: text}.
        english, chinese = columns(self.translated)
        return {chinese if reader_is_chinese() else english: super().run_validation(data)}
