"""Responsibility manuals: what a department or a role answers for, and whom to ask instead.

Every reader here runs a fixed number of queries, and shows a bounded number of duties,
whatever the size of the organisation: our letters are read as plain values to order and count
them; only the duties on the pages shown are read with their owners and parties.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When

from departments.models import Department, Role
from departments.selectors import held_today
from registry.languages import reader_order
from responsibilities.models import Assignment, Duty, Raci
from responsibilities.parties import party_of
from responsibilities.selectors.assignments import (
    active_duty,
    assignments_with_parties,
    current_holders,
)

# The order a manual reads in: what we own first, what we are told last.
MANUAL_ORDER = (Raci.ACCOUNTABLE, Raci.RESPONSIBLE, Raci.CONSULTED, Raci.INFORMED)
# The letters in that order, as an SQL expression to sort rows by.
_LETTER_RANK = Case(*(When(raci=letter, then=Value(rank)) for rank, letter in
                      enumerate(MANUAL_ORDER)), output_field=IntegerField())


@dataclass
class DutyLetters:
    """One duty with the letters our parties hold on it, and who owns it."""

    duty: Duty
    held: dict = field(default_factory=dict)  # letter -> [our Party holding it]
    owners: list = field(default_factory=list)
    responsible: list = field(default_factory=list)

    def add_owner(self, assignment):
        target = self.owners if assignment.raci == Raci.ACCOUNTABLE else self.responsible
        if assignment.raci in (Raci.ACCOUNTABLE, Raci.RESPONSIBLE):
            party = party_of(assignment)
            if party not in target:
                target.append(party)

    @property
    def ask(self):
        """Whom to ask about the duty: its Accountable, or failing that its Responsible."""
        return self.owners or self.responsible


# Duties a section of a manual shows at a time; the rest are on its further pages.
SECTION_SIZE = 50


@dataclass
class ManualSection:
    """One letter's duties: a page of DutyLetters (`page.paginator.count`: all of them)."""

    letter: str
    label: str
    page: object
    entries: list  # [(DutyLetters, our parties holding the letter)] of the page

    @property
    def param(self):
        return f"page_{self.letter}"


def _duty_order(duty_ids):
    """`duty_ids` in reading order: by process name (none last), step, code. Plain values."""
    return list(
        Duty.objects.filter(pk__in=duty_ids)
        .order_by(reader_order("name", "process__").asc(nulls_last=True), "step", "code")
        .values_list("pk", flat=True)
    )


def _pages(ordered, ours, pages):
    """{letter: Paginator page of duty ids} of our letters, each at its asked page."""
    return {
        letter: Paginator([pk for pk in ordered if letter in ours.get(pk, ())],
                          SECTION_SIZE).get_page(pages.get(letter))
        for letter in MANUAL_ORDER
    }


def _manual_sections(ours_condition, is_ours, pages, extra_ids=()):
    """[ManualSection] in manual order, and {duty id: DutyLetters} of everything shown
    (`extra_ids` too): four queries whatever the size of the organisation."""
    ours = {}
    for duty_id, letter in Assignment.objects.filter(ours_condition, active_duty()).values_list(
            "duty_id", "raci"):
        ours.setdefault(duty_id, set()).add(letter)
    section_pages = _pages(_duty_order(ours), ours, pages)
    shown = {pk for page in section_pages.values() for pk in page.object_list} | set(extra_ids)
    # The shown duties' owners (A and R) and our letters, with their parties: one query.
    by_duty = {}
    for row in assignments_with_parties().filter(duty_id__in=shown).filter(
            Q(raci__in=[Raci.ACCOUNTABLE, Raci.RESPONSIBLE]) | ours_condition):
        entry = by_duty.setdefault(row.duty_id, DutyLetters(row.duty))
        entry.add_owner(row)
        if is_ours(row):
            entry.held.setdefault(row.raci, []).append(party_of(row))
    sections = [
        ManualSection(letter, letter.label, page,
                      [(by_duty[pk], by_duty[pk].held.get(letter, [])) for pk in page.object_list
                       if pk in by_duty])
        for letter, page in section_pages.items()
    ]
    return sections, by_duty


@dataclass
class DepartmentManual:
    department: Department
    children: list
    roles: list
    sections: list
    not_ours: object  # a page of DutyLetters


def department_manual(*, code, pages=None):
    """The manual of one department, each section at its page of `pages` ({letter or "not":
    number}): a fixed number of queries whatever the size of the organisation; None for an
    unknown code."""
    pages = pages or {}
    department = Department.objects.select_related("parent").filter(code=code).first()
    if department is None:
        return None
    children = list(department.children.order_by(reader_order("name"), "code"))
    roles = list(
        department.roles.order_by("-is_active", reader_order("name"), "code")
        .prefetch_related(current_holders())
    )
    # Our letters by our parties' ids: each side of the OR has its index (a join to the roles
    # would read every letter of the organisation).
    ours_condition = Q(department=department) | Q(role_id__in=[role.pk for role in roles])
    # Steps of the processes we take part in on which we hold no letter: whom to ask.
    our_duties = Assignment.objects.filter(ours_condition).order_by().values("duty_id")
    our_processes = Duty.objects.filter(pk__in=our_duties, process__isnull=False).order_by()
    others = Paginator(
        Duty.objects.filter(active_duty(prefix=""),
                            process_id__in=our_processes.values("process_id"))
        .exclude(pk__in=our_duties).select_related("process")
        .order_by(reader_order("name", "process__"), "step", "code"),
        SECTION_SIZE,
    ).get_page(pages.get("not"))

    def is_ours(assignment):
        if assignment.role_id:
            return assignment.role.department_id == department.pk
        return assignment.department_id == department.pk

    sections, by_duty = _manual_sections(ours_condition, is_ours, pages,
                                         extra_ids=[duty.pk for duty in others])
    others.object_list = [by_duty.get(duty.pk) or DutyLetters(duty) for duty in others]
    return DepartmentManual(department=department, children=children, roles=roles,
                            sections=sections, not_ours=others)


@dataclass
class RoleManual:
    role: Role
    holders: list
    sections: list


def role_manual(*, code, pages=None):
    """The job description, today's holders and the duties of one role, by letter, each
    section at its page of `pages`; a fixed number of queries; None for an unknown code."""
    role = (
        Role.objects.select_related("department").prefetch_related(current_holders())
        .filter(code=code).first()
    )
    if role is None:
        return None
    sections, _shown = _manual_sections(
        Q(role=role), lambda assignment: assignment.role_id == role.pk, pages or {})
    return RoleManual(role=role, holders=role.holders, sections=sections)


@dataclass
class OwnDuties:
    """The reader's own posts today and (the first of) the duties they hold letters on."""

    roles: list
    duties: list  # [(Duty, letters in A, R, C, I order)]
    more: bool


def own_duties(*, user, limit):
    """What the person of `user`'s login holds today: their active roles (with departments)
    and at most `limit` active duties on which one of those roles, or its department, holds a
    letter, most owned first (A, then R, C, I) and by title. Two queries, none for a visitor."""
    if not user.is_authenticated:
        return OwnDuties([], [], False)
    held = Role.objects.filter(held_today("memberships__"), memberships__person__user=user,
                               is_active=True, department__is_active=True)
    roles = list(held.select_related("department").distinct().order_by(reader_order("name")))
    if not roles:
        return OwnDuties([], [], False)
    # A duty counts once, by its best letter: a few rows per duty are read past the limit.
    rows = (Assignment.objects.filter(active_duty())
            .filter(Q(role__in=[role.pk for role in roles])
                    | Q(department__in={role.department_id for role in roles}))
            .select_related("duty").order_by(_LETTER_RANK, reader_order("title", "duty__"),
                                              "duty_id")[:limit * len(MANUAL_ORDER) + 1])
    letters = {}
    for row in rows:
        letters.setdefault(row.duty_id, (row.duty, set()))[1].add(row.raci)
    duties = [(duty, "".join(letter for letter in MANUAL_ORDER if letter in held_letters))
              for duty, held_letters in letters.values()]
    return OwnDuties(roles, duties[:limit], len(duties) > limit)
