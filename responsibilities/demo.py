"""Builds the demo organisation (README "The demo organisation"), idempotently."""

import datetime

from django.utils import timezone

from departments.models import Department, Membership, Person, Role
from registry.changes import write_transaction
from responsibilities import demo_data
from responsibilities.models import Assignment, Duty, Process

LANGUAGES = ("en", "zh-hans")


def _pick(lang, english, chinese):
    return chinese if lang == "zh-hans" else english


def _upsert(model, lookup, values):
    """Create the row, or change it only where it differs (no empty history rows)."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created and any(getattr(obj, field) != value for field, value in values.items()):
        for field, value in values.items():
            setattr(obj, field, value)
        obj.save()
    return obj


def _load_departments(lang):
    departments = {}
    for code, en, zh, parent, email, chat, desc_en, desc_zh in demo_data.DEPARTMENTS:
        departments[code] = _upsert(Department, {"code": code}, {
            "name": _pick(lang, en, zh),
            "parent": departments.get(parent),
            "email": email,
            "chat": chat,
            "description": _pick(lang, desc_en, desc_zh),
        })
    return departments


def _load_roles(lang, departments):
    return {
        code: _upsert(Role, {"code": code}, {
            "name": _pick(lang, en, zh),
            "department": departments[department],
            "description": description,
        })
        for code, department, en, zh, description in demo_data.ROLES
    }


def _load_people(lang, roles, today):
    for en, zh, handle, phone, chat, role_codes in demo_data.PEOPLE:
        person = _upsert(Person, {"email": f"{handle}@shop.example"}, {
            "name": _pick(lang, en, zh), "phone": phone, "chat": chat,
        })
        for role_code in role_codes:
            ended = role_code.endswith("!")
            role = roles[role_code.rstrip("!")]
            _upsert(Membership, {"person": person, "role": role}, {
                "start_date": today - datetime.timedelta(days=400),
                "end_date": today - datetime.timedelta(days=60) if ended else None,
            })


def _load_processes(lang, departments):
    return {
        code: _upsert(Process, {"code": code}, {
            "name": _pick(lang, en, zh),
            "owner": departments[owner],
            "kind": kind,
            "channel": channel,
            "description": description,
        })
        for code, en, zh, owner, kind, channel, description in demo_data.PROCESSES
    }


def _load_duties(lang, processes, departments, roles, today):
    for process, step, code, en, zh, letters, extras in demo_data.DUTIES:
        review_in = extras.get("review_by")
        duty = _upsert(Duty, {"code": code}, {
            "title": _pick(lang, en, zh),
            "process": processes.get(process),
            "step": step,
            # The title in the other language too, so staff find a duty in either.
            "description": "\n".join(filter(None, [
                extras.get("description", ""),
                _pick(lang, f"中文：{zh}", f"English: {en}"),
            ])),
            "out_of_scope": extras.get("out_of_scope", ""),
            "review_by": today + datetime.timedelta(days=review_in) if review_in else None,
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
def demo_load(*, lang="en"):
    """Create or refresh the demo organisation; returns the row count of each model."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}")
    today = timezone.localdate()
    departments = _load_departments(lang)
    roles = _load_roles(lang, departments)
    _load_people(lang, roles, today)
    processes = _load_processes(lang, departments)
    _load_duties(lang, processes, departments, roles, today)
    models = (Department, Role, Person, Membership, Process, Duty, Assignment)
    return {model._meta.verbose_name_plural: model.objects.count() for model in models}
