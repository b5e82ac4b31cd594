"""The change feed: who changed which part of the registry, and when.

Merged from the history table of every tracked model. The number of queries is fixed
(a page and a count per model, the previous versions of the changed rows, the names of
the objects they name, live or last seen, and the users who made them), whatever the size
of the history.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from departments.models import Department, Membership, Person, Role
from registry.languages import columns, reader_order, reader_picker
from responsibilities import change_text
from responsibilities.change_text import Named
from responsibilities.models import Assignment, Duty, Process

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
TRACKED = (Department, Role, Person, Membership, Process, Duty, Assignment)
# The objects a change names, each by the field of its display name; a person has no code.
NAMED = {model: change_text.NAME_FIELDS[model._meta.model_name]
         for model in (Department, Role, Process, Duty, Person)}


@dataclass(frozen=True)
class ChangeFilters:
    duty: str | None = None
    department: str | None = None
    role: str | None = None
    process: str | None = None
    user: str | None = None
    since: object = None


def _unknown(name, text):
    return ValidationError({name: [_("Unknown %(name)s “%(code)s”.") % {"name": name,
                                                                        "code": text}]})


def _pk(model, code, name):
    pk = model.objects.filter(code=code).values_list("pk", flat=True).first()
    if pk is None:
        raise _unknown(name, code)
    return pk


def _duty_pk(text):
    """The duty with this code, or else the one with this exact title (in either language)."""
    pk = Duty.objects.filter(code=text).values_list("pk", flat=True).first()
    if pk is not None:
        return pk
    english, chinese = columns("title")
    titled = list(Duty.objects.filter(Q(**{english: text}) | Q(**{chinese: text}))
                  .values_list("pk", flat=True)[:2])
    if len(titled) > 1:
        raise ValidationError({"duty": [_("Several duties are titled “%(title)s”: give the "
                                          "code of the one you mean.") % {"title": text}]})
    if not titled:
        raise _unknown("duty", text)
    return titled[0]


def _user_pk(username):
    pk = (get_user_model().objects.filter(username=username)
          .values_list("pk", flat=True).first())
    if pk is None:
        raise _unknown("user", username)
    return pk


def _conditions(filters):
    """{model: Q} restricting each history table to the filters; models left out are
    not about the filtered object at all."""
    everything = {model: Q() for model in TRACKED}
    if filters.duty:
        duty = _duty_pk(filters.duty)
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
        extra &= Q(history_user_id=_user_pk(filters.user))
    if filters.since:
        extra &= Q(history_date__gte=filters.since)
    return {model: condition & extra for model, condition in everything.items()}


def _narrow(current, wanted):
    return {model: current[model] & q for model, q in wanted.items() if model in current}


def change_list(*, filters=ChangeFilters(), limit=50, offset=0):
    """(total, entries) newest first: {when, who, action, model, object, reason, changes}
    with codes (as the API gives them), and for the pages `sentence` and `details`
    (change_text.Sentence) naming everything by its display name."""
    conditions = _conditions(filters)
    total, rows = 0, []
    for model, condition in conditions.items():
        history = model.history.filter(condition)
        total += history.count()
        previous = model.history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        page = history.annotate(
            previous_id=Subquery(previous.order_by("-history_id").values("history_id")[:1])
        ).select_related("history_user__person").order_by("-history_date", "-history_id")
        rows.extend((model, row) for row in page[: offset + limit])
    rows.sort(key=lambda item: (item[1].history_date, item[1].history_id), reverse=True)
    rows = rows[offset: offset + limit]
    previous = _previous_versions(rows)
    pick = reader_picker()
    names = _names(rows + list(previous.values()), pick)
    people = _people({row.history_user for _model, row in rows} - {None}, pick)
    return total, [_entry(model, row, previous.get((model, row.history_id)), names, people, pick)
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
    return [f for f in model._meta.concrete_fields if f.name not in change_text.SKIPPED]


def _wanted(rows):
    """{model: ids} of every object the rows are about or point at."""
    wanted = {}
    for model, row in rows:
        wanted.setdefault(model, set()).add(row.id)
        for field in _fields(model):
            if field.is_relation:
                wanted.setdefault(field.related_model, set()).add(getattr(row, field.attname))
    return {model: ids - {None} for model, ids in wanted.items()}


def _names(rows, pick):
    """{(model, pk): Named} for every object the rows name: the live name, or for a deleted
    object the name it had when it was deleted. At most two queries per named model, and one
    for the logins a person row points at."""
    wanted = _wanted(rows)
    names = {}
    for model, field in NAMED.items():
        ids = wanted.get(model)
        if not ids:
            continue
        kind = model._meta.model_name
        code = "pk" if model is Person else "code"
        values = ("pk", code, *columns(field))
        for pk, key, english, chinese in (model.objects.filter(pk__in=ids).order_by()
                                                   .values_list(*values)):
            names[(model, pk)] = Named(kind, str(key), pick(english, chinese))
        gone = ids - {pk for (_model, pk) in names if _model is model}
        if gone:
            for pk, key, english, chinese in (
                model.history.filter(id__in=gone, history_type="-").order_by("history_id")
                .values_list("id", "id" if model is Person else "code", *columns(field))
            ):
                names[(model, pk)] = Named(kind, str(key), pick(english, chinese), exists=False)
    User = get_user_model()
    if wanted.get(User):
        for pk, username in User.objects.filter(pk__in=wanted[User]).values_list(
                "pk", User.USERNAME_FIELD):
            names[(User, pk)] = Named("user", username, username, exists=False)
    return names


def _people(users, pick):
    """{user id: Named} of who made the changes (read with their person): the person the
    login belongs to, else the user's full name or user name."""
    people = {}
    for user in users:
        person = getattr(user, "person", None)
        if person is not None:
            people[user.pk] = Named("person", str(person.pk),
                                    pick(person.name_en, person.name_zh_hans))
        else:
            people[user.pk] = Named("user", user.get_username(),
                                    user.get_full_name() or user.get_username(), exists=False)
    return people


def _code(names, model, pk):
    """How the API names an object: a code, or a person's name."""
    named = names.get((model, pk))
    if named is None:
        return pk
    return named.name if named.kind in ("person", "user") else named.key


def _label(model, row, names):
    if model is Assignment:
        party = (f"role:{_code(names, Role, row.role_id)}" if row.role_id
                 else f"department:{_code(names, Department, row.department_id)}")
        return f"{_code(names, Duty, row.duty_id)} · {party} · {row.raci}"
    if model is Membership:
        return f"{_code(names, Person, row.person_id)} · {_code(names, Role, row.role_id)}"
    return str(_code(names, model, row.id))


def _value(field, row, names):
    value = getattr(row, field.attname)
    if field.is_relation and value is not None:
        return _code(names, field.related_model, value)
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def _raw_changes(model, row, before, names):
    fields = _fields(model)
    if row.history_type == "~" and before is not None:
        return {f.name: [_value(f, before, names), _value(f, row, names)]
                for f in fields if getattr(before, f.attname) != getattr(row, f.attname)}
    if row.history_type == "+":
        return {f.name: [None, _value(f, row, names)] for f in fields
                if getattr(row, f.attname) not in (None, "")}
    return {}


def _entry(model, row, previous, names, people, pick):
    before = previous[1] if previous else None
    who = people.get(row.history_user_id) if row.history_user_id else None
    return {
        "when": row.history_date,
        "who": row.history_user.get_username() if row.history_user else None,
        "action": ACTIONS[row.history_type],
        "model": model._meta.model_name,
        "object": _label(model, row, names),
        "reason": row.history_change_reason or "",
        "changes": _raw_changes(model, row, before, names),
        "sentence": change_text.sentence(model, row, before, names,
                                         who or change_text.nobody()),
        "details": change_text.details(model, row, before, names, pick),
    }


def _made_changes():
    """Users named on at least one history row (an index probe per table and user)."""
    made = Q()
    for model in TRACKED:
        made |= Q(Exists(model.history.filter(history_user_id=OuterRef("pk"))))
    return made


def change_filter_choices():
    """The feed's pickers as (value, label) lists: departments, roles (with their
    department), processes and the users who made changes, by name. Four queries."""
    pick = reader_picker()

    def shown(english, chinese, active):
        name = pick(english, chinese)
        return name if active else _("%(name)s (inactive)") % {"name": name}

    departments = [(code, shown(en, zh, active)) for code, en, zh, active in
                   Department.objects.order_by(reader_order("name"), "code")
                   .values_list("code", "name_en", "name_zh_hans", "is_active")]
    roles = [(code, f"{shown(en, zh, active)} · {pick(den, dzh)}")
             for code, en, zh, active, den, dzh in
             Role.objects.order_by(reader_order("name", "department__"), reader_order("name"),
                                   "code")
             .values_list("code", "name_en", "name_zh_hans", "is_active",
                          "department__name_en", "department__name_zh_hans")]
    processes = [(code, shown(en, zh, active)) for code, en, zh, active in
                 Process.objects.order_by(reader_order("name"), "code")
                 .values_list("code", "name_en", "name_zh_hans", "is_active")]
    users = []
    for user in (get_user_model().objects.filter(_made_changes())
                 .select_related("person").order_by(get_user_model().USERNAME_FIELD)):
        person = getattr(user, "person", None)
        name = (pick(person.name_en, person.name_zh_hans) if person
                else user.get_full_name())
        username = user.get_username()
        users.append((username, f"{name} ({username})" if name and name != username
                      else username))
    return {"departments": departments, "roles": roles, "processes": processes,
            "users": users}
