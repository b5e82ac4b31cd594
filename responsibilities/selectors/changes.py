"""The change feed: who changed which part of the registry, and when.

Merged from the history table of every tracked model. The number of queries is fixed
(a page and a count per model, the previous versions of the changed rows, and the codes
of referenced objects), whatever the size of the history.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from departments.models import Department, Membership, Person, Role
from registry.languages import reader_picker
from responsibilities.models import Assignment, Duty, Process

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
TRACKED = (Department, Role, Person, Membership, Process, Duty, Assignment)
# Foreign keys are shown by the code (or name) of the object they point at.
LABELS = {Department: ("code",), Role: ("code",), Person: ("name_en", "name_zh_hans"),
          Process: ("code",), Duty: ("code",)}
SKIPPED = {"id"}


@dataclass(frozen=True)
class ChangeFilters:
    duty: str | None = None
    department: str | None = None
    role: str | None = None
    process: str | None = None
    user: str | None = None
    since: object = None


def _pk(model, code, name):
    pk = model.objects.filter(code=code).values_list("pk", flat=True).first()
    if pk is None:
        raise ValidationError({name: [_("Unknown %(name)s “%(code)s”.") % {"name": name,
                                                                           "code": code}]})
    return pk


def _conditions(filters):
    """{model: Q} restricting each history table to the filters; models left out are
    not about the filtered object at all."""
    everything = {model: Q() for model in TRACKED}
    if filters.duty:
        duty = _pk(Duty, filters.duty, "duty")
        everything = {Duty: Q(id=duty), Assignment: Q(duty_id=duty)}
    if filters.process:
        process = _pk(Process, filters.process, "process")
        ever_in = Duty.history.filter(process_id=process).values("id")
        everything = _narrow(everything, {
            Process: Q(id=process), Duty: Q(process_id=process),
            Assignment: Q(duty_id__in=ever_in)})
    if filters.department:
        department = _pk(Department, filters.department, "department")
        # The ids as a list: against a subquery the OR below reads every history row.
        roles = list(Role.history.filter(department_id=department).order_by()
                     .values_list("id", flat=True).distinct())
        everything = _narrow(everything, {
            Department: Q(id=department), Role: Q(department_id=department),
            Membership: Q(role_id__in=roles), Process: Q(owner_id=department),
            Assignment: Q(department_id=department) | Q(role_id__in=roles)})
    if filters.role:
        role = _pk(Role, filters.role, "role")
        everything = _narrow(everything, {
            Role: Q(id=role), Membership: Q(role_id=role), Assignment: Q(role_id=role)})
    extra = Q()
    if filters.user:
        extra &= Q(history_user__username=filters.user)
    if filters.since:
        extra &= Q(history_date__gte=filters.since)
    return {model: condition & extra for model, condition in everything.items()}


def _narrow(current, wanted):
    return {model: current[model] & q for model, q in wanted.items() if model in current}


def change_list(*, filters=ChangeFilters(), limit=50, offset=0):
    """(total, entries) newest first: {when, who, action, model, object, reason, changes}."""
    conditions = _conditions(filters)
    total, rows = 0, []
    for model, condition in conditions.items():
        history = model.history.filter(condition)
        total += history.count()
        previous = model.history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        page = history.annotate(
            previous_id=Subquery(previous.order_by("-history_id").values("history_id")[:1])
        ).select_related("history_user").order_by("-history_date", "-history_id")
        rows.extend((model, row) for row in page[: offset + limit])
    rows.sort(key=lambda item: (item[1].history_date, item[1].history_id), reverse=True)
    rows = rows[offset: offset + limit]
    previous = _previous_versions(rows)
    labels = _labels(rows + [(model, row) for model, row in previous.values()])
    return total, [_entry(model, row, previous.get((model, row.history_id)), labels)
                   for model, row in rows]


def _previous_versions(rows):
    wanted = {}
    for model, row in rows:
        if row.history_type == "~" and row.previous_id:
            wanted.setdefault(model, []).append(row.previous_id)
    found = {}
    for model, ids in wanted.items():
        by_id = {row.history_id: row for row in model.history.filter(history_id__in=ids)}
        for _model, row in rows:
            if _model is model and row.previous_id in by_id:
                found[(model, row.history_id)] = (model, by_id[row.previous_id])
    return found


def _fields(model):
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED]


def _labels(rows):
    """{(model, pk): label} for every object the rows point at, one query per model."""
    wanted = {}
    for model, row in rows:
        wanted.setdefault(model, set()).add(row.id)
        for field in _fields(model):
            if field.is_relation and field.related_model in LABELS:
                wanted.setdefault(field.related_model, set()).add(getattr(row, field.attname))
    labels = {}
    pick = reader_picker()
    for model, ids in wanted.items():
        if model in LABELS:
            for pk, *label in model.history.filter(id__in=ids - {None}).values_list(
                "id", *LABELS[model]
            ).order_by("history_id"):
                labels[(model, pk)] = pick(*label) if len(label) == 2 else label[0]
    return labels


def _label(model, row, labels):
    if model is Assignment:
        party = (f"role:{labels.get((Role, row.role_id))}" if row.role_id
                 else f"department:{labels.get((Department, row.department_id))}")
        return f"{labels.get((Duty, row.duty_id))} · {party} · {row.raci}"
    if model is Membership:
        return f"{labels.get((Person, row.person_id))} · {labels.get((Role, row.role_id))}"
    return labels.get((model, row.id), str(row.id))


def _value(field, row, labels):
    value = getattr(row, field.attname)
    if field.is_relation:
        return labels.get((field.related_model, value), value)
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def _entry(model, row, previous, labels):
    fields = _fields(model)
    if row.history_type == "~" and previous:
        changes = {
            f.name: [_value(f, previous[1], labels), _value(f, row, labels)]
            for f in fields if getattr(previous[1], f.attname) != getattr(row, f.attname)
        }
    elif row.history_type == "+":
        changes = {f.name: [None, _value(f, row, labels)] for f in fields
                   if getattr(row, f.attname) not in (None, "")}
    else:
        changes = {}
    return {
        "when": row.history_date,
        "who": row.history_user.get_username() if row.history_user else None,
        "action": ACTIONS[row.history_type],
        "model": model._meta.model_name,
        "object": _label(model, row, labels),
        "reason": row.history_change_reason or "",
        "changes": changes,
    }
