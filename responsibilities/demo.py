"""Builds the demo organisation (README "The demo organisation"), idempotently."""

import datetime

from django.utils import timezone

from departments.models import Department, Membership, Person, Role
from registry.changes import write_transaction
from responsibilities import demo_data
from responsibilities.models import Assignment, Duty, Process


def _both(field, english, chinese):
    """The two columns of a text kept in both languages."""
    return {f"{field}_en": english, f"{field}_zh_hans": chinese}


def _upsert(model, lookup, values):
    """Create the row, or change it only where it differs (no empty history rows)."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created and any(getattr(obj, field) != value for field, value in values.items()):
        for field, value in values.items():
            setattr(obj, field, value)
        obj.save()
    return obj


def _load_departments():
    departments = {}
    for code, en, zh, parent, email, chat, desc_en, desc_zh in demo_data.DEPARTMENTS:
        departments[code] = _upsert(Department, {"code": code}, {
            **_both("name", en, zh),
            "parent": departments.get(parent),
            "email": email,
            "chat": chat,
            **_both("description", desc_en, desc_zh),
        })
    return departments


def _load_roles(departments):
    return {
        code: _upsert(Role, {"code": code}, {
            **_both("name", en, zh),
            "department": departments[department],
            **_both("description", desc_en, desc_zh),
            "is_approver": code in demo_data.APPROVERS,
        })
        for code, department, en, zh, desc_en, desc_zh in demo_data.ROLES
    }


def _load_people(roles, today):
    for en, zh, handle, phone, chat, role_codes in demo_data.PEOPLE:
        person = _upsert(Person, {"email": f"{handle}@shop.example"}, {
            **_both("name", en, zh), "phone": phone, "chat": chat,
        })
        for role_code in role_codes:
            ended = role_code.endswith("!")
            role = roles[role_code.rstrip("!")]
            _upsert(Membership, {"person": person, "role": role}, {
                "start_date": today - datetime.timedelta(days=400),
                "end_date": today - datetime.timedelta(days=60) if ended else None,
            })


def _load_processes(departments):
    return {
        code: _upsert(Process, {"code": code}, {
            **_both("name", en, zh),
            "owner": departments[owner],
            "kind": kind,
            "channel": channel,
            **_both("description", desc_en, desc_zh),
        })
        for code, en, zh, owner, kind, channel, desc_en, desc_zh in demo_data.PROCESSES
    }


def _load_duties(processes, departments, roles, today):
    for process, step, code, en, zh, letters, extras in demo_data.DUTIES:
        review_in = extras.get("review_by")
        duty = _upsert(Duty, {"code": code}, {
            **_both("title", en, zh),
            "process": processes.get(process),
            "step": step,
            **_both("description", *extras.get("description", ("", ""))),
            **_both("out_of_scope", *extras.get("out_of_scope", ("", ""))),
            "review_by": today + datetime.timedelta(days=review_in) if review_in else None,
            "is_control": extras.get("is_control", False),
        })
        for cell in letters.split():
            party, _, cell_letters = cell.partition("=")
            for letter in cell_letters:
                lookup = {"duty": duty, "raci": letter}
                if party in roles:
                    lookup["role"] = roles[party]
                else:
                    lookup["department"] = departments[party]
                Assignment.objects.get_or_create(**lookup)


@write_transaction()
def demo_load():
    """Create or refresh the demo organisation, every name in English and Chinese; returns
    the row count of each model."""
    today = timezone.localdate()
    departments = _load_departments()
    roles = _load_roles(departments)
    _load_people(roles, today)
    processes = _load_processes(departments)
    _load_duties(processes, departments, roles, today)
    models = (Department, Role, Person, Membership, Process, Duty, Assignment)
    return {model._meta.verbose_name_plural: model.objects.count() for model in models}
