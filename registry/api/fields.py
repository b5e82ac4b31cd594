"""Serializer fields shared by every app's API."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from registry.dates import moment_or_none


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
