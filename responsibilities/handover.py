"""Handing over a party's letters: what a role, a department or a leaver's roles hold, and the
cells batch that gives each duty's letters to a successor.

A handover is planned here as plain moves, one per duty and party handed over; the batch
(`handover_changes`) clears the old party's cell and adds its letters to the successor's, each
cell with the letters the plan saw as its `expect`, so `cells_set` applies all of it or
nothing and refuses (409) when a cell changed after the preview.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from departments.models import Department, Person, Role
from departments.selectors import held_today
from registry.languages import reader_order, reader_picker
from responsibilities.letters import sort_letters
from responsibilities.models import Assignment
from responsibilities.parties import ROLE, parse_party, party_key
from responsibilities.selectors.assignments import active_duty
from responsibilities.selectors.records import duties_editable
from responsibilities.services.cells import CellChange

KEEP = ""  # the successor of a duty that stays with its party
CHANGE_REASON = gettext_noop("handover")


def _active():
    """Q for letters whose party may take more: an active department, or an active role of an
    active department."""
    return Q(department__is_active=True) | Q(role__is_active=True, role__department__is_active=True)


@dataclass(frozen=True)
class Move:
    """`source`'s `letters` on `duty` go to `successor` (KEEP: they stay), whose cell held
    `successor_letters` when the plan was read."""

    duty: str
    duty_title: str
    source: str
    letters: str
    successor: str = KEEP
    successor_letters: str = ""

    @property
    def after(self):
        """The successor's letters once the move is made."""
        return sort_letters(self.successor_letters + self.letters)


def _party_q(key):
    party = parse_party(key)
    return Q(**{f"{party.kind}__code": party.code})


def _parties(parsed, *, active=False):
    """The departments or roles with the code of the parsed key (`active`: only a department
    that is active, or an active role of an active department)."""
    if parsed.kind == ROLE:
        condition = Q(is_active=True, department__is_active=True) if active else Q()
        return Role.objects.filter(condition, code=parsed.code)
    return Department.objects.filter(Q(is_active=True) if active else Q(), code=parsed.code)


def _missing(parsed, *, active=False):
    """What to say of a party key that names no (active) department or role."""
    if parsed.kind == ROLE:
        text = (_("There is no active role “%(code)s” to take over.") if active
                else _("There is no role “%(code)s”."))
    else:
        text = (_("There is no active department “%(code)s” to take over.") if active
                else _("There is no department “%(code)s”."))
    return text % {"code": parsed.code}


def handover_sources(*, party=None, person=None):
    """The party keys handed over: `party` itself (which must exist), or the roles `person`
    (an id) holds today. ValidationError naming the field when there is nothing to hand over."""
    if person is not None:
        roles = list(Role.objects.filter(held_today("memberships__"), memberships__person=person)
                     .distinct().order_by("code").values_list("code", flat=True))
        if not Person.objects.filter(pk=person).exists():
            raise ValidationError({"person": _("There is no person with this id.")})
        if not roles:
            raise ValidationError({"person": _("This person holds no role today: there is "
                                               "nothing to hand over.")})
        return [party_key(role_code=code) for code in roles]
    parsed = parse_party(party or "")
    if not _parties(parsed).exists():
        raise ValidationError({"party": _missing(parsed)})
    return [parsed.key]


def handover_allowed(*, user, parties):
    """The keys of `parties` that `user` may hand over: every active duty they hold a letter on
    is one the user may edit (and there is one). Two queries."""
    held, _titles = _letters_of(parties)
    duties = {}
    for duty, party in held:
        duties.setdefault(party, set()).add(duty)
    editable = duties_editable(user=user, duties={duty for duty, _party in held}) if held else set()
    return {party for party, codes in duties.items() if codes <= editable}


def role_handover_panel(*, user, roles):
    """The person page's panel (registry.panels): which of the person's roles (codes) the
    user may hand over."""
    keys = handover_allowed(user=user, parties=[party_key(role_code=code) for code in roles])
    return {"handover_roles": {key.partition(":")[2] for key in keys}}


def party_name(key):
    """The display name of a party key, or None when nothing has that key."""
    names = _parties(parse_party(key)).values_list("name_en", "name_zh_hans").first()
    return reader_picker()(*names) if names else None


def _check_successors(successors, sources):
    """ValidationError unless every successor is an active party other than the sources."""
    errors = []
    for key in sorted(set(successors) - {KEEP}):
        try:
            parsed = parse_party(key)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if key in sources:
            errors.append(_("“%(party)s” is being handed over: choose someone else to take "
                            "over.") % {"party": key})
        elif not _parties(parsed, active=True).exists():
            errors.append(_missing(parsed, active=True))
    if errors:
        raise ValidationError({"to": errors})


def _letters_of(parties, duties=None):
    """{(duty code, party key): letters} of `parties` on active duties (`duties`: only these),
    with the duties' titles: one query."""
    if not parties:
        return {}, {}
    condition = Q()
    for key in parties:
        condition |= _party_q(key)
    rows = Assignment.objects.filter(active_duty(), condition)
    if duties is not None:
        rows = rows.filter(duty__code__in=duties)
    cells, titles, pick = {}, {}, reader_picker()
    for duty, english, chinese, department, role, letter in rows.order_by(
            reader_order("title", "duty__"), "duty__code").values_list(
            "duty__code", "duty__title_en", "duty__title_zh_hans", "department__code",
            "role__code", "raci"):
        key = party_key(department_code=department, role_code=role)
        cells[(duty, key)] = cells.get((duty, key), "") + letter
        titles[duty] = pick(english, chinese)
    return {cell: sort_letters(letters) for cell, letters in cells.items()}, titles


def handover_plan(*, sources, successor=KEEP, per_duty=None):
    """The moves handing each source's letters to `successor`, or to `per_duty[duty code]`
    where given (KEEP keeps them): one per duty and source, by duty title. Two queries."""
    per_duty = per_duty or {}
    _check_successors({successor, *per_duty.values()}, sources)
    held, titles = _letters_of(sources)
    unknown = sorted(set(per_duty) - {duty for duty, _source in held})
    if unknown:
        raise ValidationError({"duties": _("Not among the duties handed over: %(codes)s.")
                               % {"codes": ", ".join(unknown[:20])}})
    chosen = {duty: per_duty.get(duty, successor) for duty, _source in held}
    theirs, _titles = _letters_of(set(chosen.values()) - {KEEP}, duties=set(chosen))
    return [Move(duty, titles[duty], source, letters, chosen[duty],
                 theirs.get((duty, chosen[duty]), "")) for (duty, source), letters in held.items()]


def _read(moves):
    """{(duty, party): letters} of the cells the moves change, as the plan read them."""
    cells = {}
    for move in moves:
        if move.successor != KEEP:
            cells[(move.duty, move.source)] = move.letters
            cells[(move.duty, move.successor)] = move.successor_letters
    return cells


def cells_before(moves):
    """[{duty, party, raci}] of the cells the moves change, as the plan read them: what a
    client sends back as what it saw."""
    return [{"duty": duty, "party": party, "raci": raci}
            for (duty, party), raci in _read(moves).items()]


def handover_changes(moves, *, seen=None):
    """The cells batch of the moves that hand something over: each source's cell emptied, each
    successor's given the letters; `seen` ({(duty, party): letters}, the cells as the client
    last saw them) overrides what the plan read as each cell's `expect`."""
    cells, expect = {}, {**_read(moves), **(seen or {})}
    for move in moves:
        if move.successor == KEEP:
            continue
        cells[(move.duty, move.source)] = ""
        target = (move.duty, move.successor)
        cells[target] = sort_letters(cells.get(target, move.successor_letters) + move.letters)
    return [CellChange(duty, party, letters, expect[(duty, party)])
            for (duty, party), letters in cells.items()]


def duty_parties(duties, *, leaving):
    """{duty code: [(party key, name)]} of the other parties holding a letter on each duty (not
    those in `leaving`): the likely successors a page offers per duty. One query."""
    pick, found = reader_picker(), {}
    rows = Assignment.objects.filter(_active(), duty__code__in=duties).order_by(
        "duty__code", "department__code", "role__code").values_list(
        "duty__code", "department__code", "department__name_en", "department__name_zh_hans",
        "role__code", "role__name_en", "role__name_zh_hans").distinct()
    for duty, department, dep_en, dep_zh, role, role_en, role_zh in rows:
        key = party_key(department_code=department, role_code=role)
        name = pick(role_en, role_zh) if role else pick(dep_en, dep_zh)
        if key not in leaving and (key, name) not in found.get(duty, []):
            found.setdefault(duty, []).append((key, name))
    return found
