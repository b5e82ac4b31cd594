"""Moments from what people and programs write: a date alone means its first moment."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


def start_of(day):
    """The first moment of `day` in the current time zone (None stays None)."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def moment_or_none(value):
    """An aware datetime from an ISO date-time, or from a date (its first moment in the
    current time zone); None when `value` is neither."""
    try:
        moment = parse_datetime(value) if "T" in value or " " in value else None
        if moment is None:
            day = parse_date(value) if len(value) == 10 else None
            return start_of(day)
    except ValueError:  # well-formed but impossible, such as 2026-02-30
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
