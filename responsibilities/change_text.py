"""The change feed in words: each history row as a sentence in the reader's language, every
object in it named by its display name (the pages link the names, the API reads them as text).

Plain functions of history rows and of the names the selector looked up for them
(`selectors.changes`), so they ask the database nothing.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.languages import columns
from responsibilities.models import Raci


@dataclass(frozen=True, slots=True)
class Named:
    """An object a change names: its kind (department, role, process, duty, person, user),
    its key in URLs (a code; a person's id), its display name and whether it still exists."""

    kind: str
    key: str
    name: str
    exists: bool = True

    def __str__(self):
        return self.name


@dataclass(frozen=True, slots=True)
class Sentence:
    """A translated text with %(name)s placeholders, and what fills each: a Named or text."""

    text: str
    parts: dict

    def plain(self):
        """The sentence as plain text."""
        return self.text % {key: str(value) for key, value in self.parts.items()}

    def __str__(self):
        return self.plain()


ADDED = {
    "department": gettext_lazy("%(who)s added the department %(object)s"),
    "role": gettext_lazy("%(who)s added the role %(object)s to %(department)s"),
    "process": gettext_lazy("%(who)s added the process %(object)s"),
    "duty": gettext_lazy("%(who)s added the duty %(object)s"),
    "person": gettext_lazy("%(who)s added %(object)s to the people"),
    "membership": gettext_lazy("%(who)s appointed %(person)s to %(role)s"),
    "assignment": gettext_lazy("%(who)s made %(party)s %(letter)s for %(duty)s"),
}
REMOVED = {
    "department": gettext_lazy("%(who)s removed the department %(object)s"),
    "role": gettext_lazy("%(who)s removed the role %(object)s"),
    "process": gettext_lazy("%(who)s removed the process %(object)s"),
    "duty": gettext_lazy("%(who)s removed the duty %(object)s"),
    "person": gettext_lazy("%(who)s removed %(object)s from the people"),
    "membership": gettext_lazy("%(who)s removed %(person)s from %(role)s"),
    "assignment": gettext_lazy("%(who)s removed %(party)s as %(letter)s for %(duty)s"),
}
CHANGED = {
    "department": gettext_lazy("%(who)s changed the department %(object)s"),
    "role": gettext_lazy("%(who)s changed the role %(object)s"),
    "process": gettext_lazy("%(who)s changed the process %(object)s"),
    "duty": gettext_lazy("%(who)s changed the duty %(object)s"),
    "person": gettext_lazy("%(who)s changed the details of %(object)s"),
    "membership": gettext_lazy("%(who)s changed %(person)s's membership of %(role)s"),
    "assignment": gettext_lazy("%(who)s changed the letter %(letter)s of %(party)s for %(duty)s"),
}
MEMBERSHIP_ENDED = gettext_lazy(
    "%(who)s ended %(person)s's membership of %(role)s (last day %(date)s)")
MEMBERSHIP_REOPENED = gettext_lazy("%(who)s reopened %(person)s's membership of %(role)s")
LETTER_CHANGED = gettext_lazy("%(who)s made %(party)s %(letter)s instead of %(old)s for %(duty)s")

# The field each model's display name is kept in (in both languages).
NAME_FIELDS = {"department": "name", "role": "name", "process": "name", "duty": "title",
               "person": "name"}
SKIPPED = {"id"}


def nobody():
    """Who made a change no user is named on (a command, a migration)."""
    return Named("user", "", _("The system"), exists=False)


def unknown(kind):
    return Named(kind, "", "—", exists=False)


def _name(names, model, pk):
    return names.get((model, pk)) or unknown(model._meta.model_name)


def _parts(model, row, names):
    """What fills the placeholders of the model's sentences, from one history row."""
    meta = model._meta
    if meta.model_name == "assignment":
        fields = {f.name: f.related_model for f in meta.concrete_fields if f.is_relation}
        party = (_name(names, fields["role"], row.role_id) if row.role_id
                 else _name(names, fields["department"], row.department_id))
        return {"party": party, "letter": Raci(row.raci).label,
                "duty": _name(names, fields["duty"], row.duty_id)}
    if meta.model_name == "membership":
        fields = {f.name: f.related_model for f in meta.concrete_fields if f.is_relation}
        return {"person": _name(names, fields["person"], row.person_id),
                "role": _name(names, fields["role"], row.role_id)}
    parts = {"object": _name(names, model, row.id)}
    if meta.model_name == "role":
        parts["department"] = _name(names, meta.get_field("department").related_model,
                                    row.department_id)
    return parts


def _differs(field, row, before):
    return getattr(row, field.attname) != getattr(before, field.attname)


def sentence(model, row, before, names, who):
    """The change a history row records, as one Sentence naming who made it."""
    kind = model._meta.model_name
    parts = {"who": who, **_parts(model, row, names)}
    if row.history_type == "+":
        return Sentence(str(ADDED[kind]), parts)
    if row.history_type == "-":
        return Sentence(str(REMOVED[kind]), parts)
    if before is not None and kind == "membership" and row.end_date != before.end_date:
        if before.end_date is None:
            return Sentence(str(MEMBERSHIP_ENDED), {**parts, "date": _shown(row.end_date)})
        if row.end_date is None:
            return Sentence(str(MEMBERSHIP_REOPENED), parts)
    if before is not None and kind == "assignment" and row.raci != before.raci:
        return Sentence(str(LETTER_CHANGED), {**parts, "old": Raci(before.raci).label})
    return Sentence(str(CHANGED[kind]), parts)


def _said_by_sentence(kind, row, before):
    """Fields whose change the sentence itself tells (a membership's end, a new letter)."""
    if kind == "assignment":
        return {"raci"}
    if kind == "membership" and (before.end_date is None) != (row.end_date is None):
        return {"end_date"}
    return set()


def details(model, row, before, names, pick):
    """Each field a change made, as a Sentence ("renamed from “A” to “B”", "deactivated");
    nothing for an addition or a removal, which the sentence tells whole."""
    if row.history_type != "~" or before is None:
        return []
    kind = model._meta.model_name
    changed = [f for f in model._meta.concrete_fields
               if f.name not in SKIPPED and _differs(f, row, before)]
    told = _said_by_sentence(kind, row, before)
    said = []
    if kind in NAME_FIELDS:
        name_columns = columns(NAME_FIELDS[kind])
        old, new = (pick(*(getattr(version, c) for c in name_columns)) for version in (before, row))
        if old != new:
            said.append(Sentence(_("renamed from “%(old)s” to “%(new)s”"),
                                 {"old": old, "new": new}))
            told |= set(name_columns)
    return said + [_detail(f, getattr(before, f.attname), getattr(row, f.attname), names)
                   for f in changed if f.name not in told]


def _shown(value, field=None, names=None):
    """A stored value as a reader reads it: a name, a choice's label, a local date."""
    if value is None or value == "":
        return None
    if field is not None and field.is_relation:
        return _name(names, field.related_model, value)
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def _detail(field, old, new, names):
    """One changed field as a clause."""
    label = str(field.verbose_name)
    if field.name == "is_active":
        return Sentence(_("reactivated") if new else _("deactivated"), {})
    if field.name == "is_primary":
        return Sentence(_("made the primary role") if new else _("no longer the primary role"), {})
    if isinstance(field, models.TextField):  # long text: that it changed, not all of it
        return Sentence(_("%(field)s changed"), {"field": label})
    old, new = _shown(old, field, names), _shown(new, field, names)
    if old is None:
        return Sentence(_("%(field)s set to %(new)s"), {"field": label, "new": new})
    if new is None:
        return Sentence(_("%(field)s cleared (was %(old)s)"), {"field": label, "old": old})
    return Sentence(_("%(field)s changed from %(old)s to %(new)s"),
                    {"field": label, "old": old, "new": new})
