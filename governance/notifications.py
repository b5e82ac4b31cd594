"""Mail for the people of the organisation (docs/notifications.md): what concerns them, written
in the transaction of the change that caused it (an outbox, like the webhooks' events), one
Notification per person and thing to tell:

- a proposal's round put to the departments: everyone who may answer for a department it
  still needs (`round_opened`, called by governance.services);
- letters changed on a duty: the people holding today the role, or a role of the department,
  whose letters they are (from each write's history rows, registry.changes);
- a role left with nobody: the others holding roles of its department today (the same).

People who want it at once are mailed once the transaction commits (governance.tasks,
governance.mail), the others get it all in one mail a day (`send_digests`); `off`, or without
an address, they get nothing. Nothing is sent before the change commits, so a change rolled
back mails no one. A mail is in its reader's language, with links from SITE_URL; what it names
is kept in both languages, so it reads the same once the duty or role is gone.
"""

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from departments.models import Department, Membership, Notify, Person, Role
from departments.selectors import held_today
from governance.consent import consent_needed
from governance.models import Notification, NotificationKind, ProposalState
from governance.selectors import proposal_cells
from responsibilities.letters import sort_letters
from responsibilities.models import Assignment, Duty
from responsibilities.parties import party_key
from responsibilities.touched import cells_changed, rows_by_model

# Letters told to one person from one write at most: the rest are counted in the last.
CELLS_TOLD = 100
# How much of a proposal's reason a mail quotes.
REASON_CHARS = 500


def _names(english, chinese):
    """A name in both languages, as a notification keeps it."""
    return [english or "", chinese or ""]


def _login_names(users):
    """{user id: [English, Chinese]} of the logins `users` (ids): the person each belongs to,
    else the user's full name or user name. Two queries."""
    users = {pk for pk in users if pk is not None}
    found = {user: _names(en, zh) for user, en, zh in Person.objects.filter(
        user_id__in=users).values_list("user_id", "name_en", "name_zh_hans")}
    for user in get_user_model().objects.filter(pk__in=users - found.keys()):
        name = user.get_full_name() or user.get_username()
        found[user.pk] = _names(name, name)
    return found


def _notify(entries):
    """Write the notifications [(person id, their `notify`, kind, key, payload)], each person
    told of each key once, and mail those who want it at once when the transaction commits."""
    rows, seen = [], set()
    for person, notify, kind, key, payload in entries:
        if (person, key) not in seen:
            seen.add((person, key))
            rows.append(Notification(person_id=person, kind=kind, key=key, payload=payload,
                                     immediate=notify == Notify.IMMEDIATE))
    if not rows:
        return
    Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    now = sorted({row.person_id for row in rows if row.immediate})
    if now:
        # robust: a broker that is down must not turn a committed write into an error; the
        # notifications are in the database, and the daily run sends what is left.
        transaction.on_commit(lambda: _queue(now), robust=True)


def _queue(people):
    """Queue the mails of `people` (ids), a hundred people to a task."""
    from governance.tasks import send_notifications  # the tasks import this module

    for start in range(0, len(people), 100):
        send_notifications.delay(people[start:start + 100])


def _wanting(people):
    """Active people among `people` (a queryset) who want mail and have an address."""
    return people.filter(is_active=True).exclude(email="").exclude(notify=Notify.OFF)


# A proposal needs your department's answer.

def answerers(departments):
    """{person id: the ids among `departments` they may answer for}: the people holding today
    an approver role of the department, and those whose active login may change it
    (superuser, the global `departments.change_department`, or guardian's on the department,
    for the login or a group of it): governance.consent's `answerable` the other way round.
    Four queries."""
    found = defaultdict(set)
    for person, department in Membership.objects.filter(
            held_today(), role__is_approver=True, role__is_active=True,
            role__department_id__in=departments).values_list("person_id",
                                                              "role__department_id"):
        found[person].add(department)
    logins = Person.objects.filter(is_active=True, user__is_active=True)
    change = {"codename": "change_department", "content_type__app_label": "departments"}
    granted = (Q(user__is_superuser=True)
               | Q(**{f"user__user_permissions__{k}": v for k, v in change.items()})
               | Q(**{f"user__groups__permissions__{k}": v for k, v in change.items()}))
    for person in logins.filter(granted).values_list("pk", flat=True).distinct():
        found[person] |= set(departments)
    keys = [str(pk) for pk in departments]
    for path in ("user__userobjectpermission", "user__groups__groupobjectpermission"):
        rows = logins.filter(**{f"{path}__object_pk__in": keys},
                             **{f"{path}__permission__{k}": v for k, v in change.items()})
        for person, pk in rows.values_list("pk", f"{path}__object_pk"):
            found[person].add(int(pk))
    return found


def round_opened(proposal):
    """Tell everyone who may answer for a department the proposal's open round still needs,
    and was not told of this round yet; call it where a round is put to the departments."""
    if proposal.state != ProposalState.OPEN:
        return
    answered = set(proposal.answers.filter(round=proposal.round)
                   .values_list("department_id", flat=True))
    waiting = consent_needed(proposal_cells(proposal)) - answered
    if not waiting:
        return
    answering = answerers(waiting)
    people = dict(_wanting(Person.objects.filter(pk__in=list(answering)))
                  .values_list("pk", "notify"))
    if not people:
        return
    departments = {pk: _names(en, zh) for pk, en, zh in Department.objects.filter(
        pk__in=waiting).order_by("name_en", "name_zh_hans").values_list(
        "pk", "name_en", "name_zh_hans")}
    payload = {"proposal": proposal.pk, "round": proposal.round, "title": proposal.title,
               "reason": proposal.reason[:REASON_CHARS],
               "author": _login_names({proposal.author_id}).get(proposal.author_id),
               "path": proposal.get_absolute_url()}
    _notify((person, notify, NotificationKind.PROPOSAL_ROUND,
             f"proposal:{proposal.pk}:{proposal.round}",
             {**payload, "departments": [names for pk, names in departments.items()
                                         if pk in answering[person]]})
            for person, notify in people.items())


# A confirmation campaign asks you.

def campaign_asked(campaign, counts, *, reminder=False):
    """Tell each person of `counts` ({person id: duties still to answer}) that `campaign` asks
    them to confirm their duties, or (`reminder`) that its deadline is near."""
    people = dict(_wanting(Person.objects.filter(pk__in=list(counts)))
                  .values_list("pk", "notify"))
    payload = {"campaign": campaign.pk, "title": campaign.title,
               "deadline": campaign.deadline.isoformat(), "reminder": reminder,
               "path": campaign.get_absolute_url()}
    suffix = ":reminder" if reminder else ""
    _notify((person, notify, NotificationKind.CAMPAIGN_TASK,
             f"campaign:{campaign.pk}{suffix}", {**payload, "count": counts[person]})
            for person, notify in people.items() if counts.get(person))


# A letter changed on a duty you hold.

def _cells_changed(rows):
    """The notifications of the letters the Assignment history rows changed, to the people
    holding the party today (but not the one who changed them)."""
    cells = cells_changed(rows)
    if not cells:
        return []
    roles = {role for _duty, _department, role in cells if role}
    departments = {department for _duty, department, _role in cells if department}
    holders = defaultdict(set)  # party (department, role) → {(person, notify, login)}
    for person, notify, login, role, department in Membership.objects.filter(
            held_today(), Q(role_id__in=roles) | Q(role__department_id__in=departments)).exclude(
            person__email="").exclude(person__notify=Notify.OFF).values_list(
            "person_id", "person__notify", "person__user_id", "role_id", "role__department_id"):
        if role in roles:
            holders[(None, role)].add((person, notify, login))
        if department in departments:
            holders[(department, None)].add((person, notify, login))
    if not holders:
        return []
    duties = {pk: (code, _names(en, zh)) for pk, code, en, zh in Duty.objects.filter(
        pk__in={duty for duty, _department, _role in cells}).values_list(
        "pk", "code", "title_en", "title_zh_hans")}
    # party → (key, its name, its department's name for a role)
    parties = {(None, pk): (party_key(role_code=code), _names(en, zh), _names(d_en, d_zh))
               for pk, code, en, zh, d_en, d_zh in Role.objects.filter(pk__in=roles).values_list(
                   "pk", "code", "name_en", "name_zh_hans", "department__name_en",
                   "department__name_zh_hans")}
    parties.update({(pk, None): (party_key(department_code=code), _names(en, zh), None)
                    for pk, code, en, zh in Department.objects.filter(
                        pk__in=departments).values_list("pk", "code", "name_en",
                                                        "name_zh_hans")})
    by = _login_names({found.user for found in cells.values()})
    told = defaultdict(list)  # person → [(notify, key, payload)]
    for (duty, department, role), found in cells.items():
        if duty not in duties or (department, role) not in parties:
            continue  # deleted with the write: there is no duty page to send anyone to
        code, title = duties[duty]
        key, party, within = parties[(department, role)]
        payload = {"duty": title, "party": party, "within": within, "path": reverse(
            "responsibilities:duty_detail", args=[code]),
            "added": sort_letters(found.added - found.removed),
            "removed": sort_letters(found.removed - found.added),
            "by": by.get(found.user), "reason": found.reason}
        for person, notify, login in holders.get((department, role), ()):
            if login is None or login != found.user:
                told[person].append((notify, f"cell:{found.first}:{key}", payload))
    entries = []
    for person, cells_told in told.items():
        if len(cells_told) > CELLS_TOLD:  # a big import: the last one counts the rest
            notify, key, payload = cells_told[CELLS_TOLD - 1]
            rest = len(cells_told) - CELLS_TOLD + 1
            cells_told[CELLS_TOLD - 1] = (notify, key, {
                "more": rest, "path": reverse("responsibilities:change_list"),
                "by": payload["by"], "reason": payload["reason"]})
        entries.extend((person, notify, NotificationKind.CELL_CHANGED, key, payload)
                       for notify, key, payload in cells_told[:CELLS_TOLD])
    return entries


# A role in your department became vacant.

def _held_on(membership, day):
    """True when the membership (as a history row has it) covers `day`."""
    return ((membership.start_date is None or membership.start_date <= day)
            and (membership.end_date is None or membership.end_date >= day))


def _vacated(rows):
    """{role id: (the first day nobody holds it, the person who left)} of the roles the
    Membership history rows may have left empty: a membership deleted, or ended, that held
    its role on that day before the change (the day after its end, or today)."""
    today, found = timezone.localdate(), {}
    for row in rows:
        if row.history_type == "-":
            before, day = row, today
        elif row.history_type == "~" and row.end_date is not None:
            before = row.prev_record
            if before is None or before.end_date == row.end_date:
                continue
            day = max(today, row.end_date + timedelta(days=1))
        else:
            continue
        if _held_on(before, day):
            found.setdefault(row.role_id, (day, row.person_id))
    return found


def _roles_vacant(rows):
    """The notifications of the roles the Membership history rows left with nobody, to the
    other people holding roles of the role's department today."""
    vacated = _vacated(rows)
    if not vacated:
        return []
    held = set()
    for day in {day for day, _person in vacated.values()}:
        held |= set(Membership.objects.filter(
            held_today(today=day), role_id__in=[role for role, (on, _person) in vacated.items()
                                                if on == day]).values_list("role_id", flat=True))
    roles = {pk: row for pk, *row in Role.objects.filter(
        pk__in=vacated.keys() - held, is_active=True).values_list(
        "pk", "code", "name_en", "name_zh_hans", "department_id", "department__name_en",
        "department__name_zh_hans")}
    if not roles:
        return []
    colleagues = defaultdict(set)
    for person, notify, department in Membership.objects.filter(
            held_today(), role__department_id__in={row[3] for row in roles.values()}).exclude(
            person__email="").exclude(person__notify=Notify.OFF).values_list(
            "person_id", "person__notify", "role__department_id"):
        colleagues[department].add((person, notify))
    leavers = {pk: _names(en, zh) for pk, en, zh in Person.objects.filter(
        pk__in={person for _day, person in vacated.values()}).values_list(
        "pk", "name_en", "name_zh_hans")}
    entries = []
    for pk, (code, en, zh, department, department_en, department_zh) in roles.items():
        day, leaver = vacated[pk]
        payload = {"role": _names(en, zh), "department": _names(department_en, department_zh),
                   "day": day.isoformat(), "leaver": leavers.get(leaver),
                   "path": reverse("responsibilities:role_detail", args=[code]),
                   "handover": f"{reverse('findings:handover')}?party={party_key(role_code=code)}"}
        entries.extend((person, notify, NotificationKind.ROLE_VACANT,
                        f"vacant:{pk}:{day.isoformat()}", payload)
                       for person, notify in colleagues.get(department, ()) if person != leaver)
    return entries


# Someone left who held letters in a process you are Accountable for.

def person_left(leaver, told, *, day):
    """Tell each person of `told` ({person id: [(process code, English name, Chinese
    name)]}, identity.selectors) that `leaver` (a Person) left on `day`, with a link to hand
    their letters over; called by identity.leavers."""
    people = dict(_wanting(Person.objects.filter(pk__in=list(told))).values_list("pk", "notify"))
    payload = {"leaver": _names(leaver.name_en, leaver.name_zh_hans), "day": day.isoformat(),
               "path": reverse("departments:person_detail", args=[leaver.pk]),
               "handover": f"{reverse('findings:handover')}?person={leaver.pk}"}
    _notify((person, notify, NotificationKind.PERSON_LEFT, f"left:{leaver.pk}:{day.isoformat()}",
             {**payload, "processes": [_names(en, zh) for _code, en, zh in told[person]]})
            for person, notify in people.items())


def on_written(sender, rows, **kwargs):
    """registry.changes' `written` receiver: letters changed and roles left vacant."""
    by_model = rows_by_model(rows)
    if by_model.get(Assignment):
        _notify(_cells_changed(by_model[Assignment]))
    if by_model.get(Membership):
        _notify(_roles_vacant(by_model[Membership]))
