"""The reads of the proposal pages beyond governance.selectors: the duties a proposal form is
about and the letters on them now, the parties the form offers and those it is given by name,
the finding a proposal fixes, a proposal's change as its page shows it, and what it does to
the findings."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Lower

from departments.models import Department, Role
from findings.waivers import finding_open
from governance.models import Proposal
from governance.selectors import answer_list, proposal_list
from registry.codes import record_id
from registry.languages import reader_order
from responsibilities.letters import sort_letters
from responsibilities.models import RACI_ORDER, Assignment, Duty, Process
from responsibilities.parties import DEPARTMENT, ROLE, department_party, role_party
from responsibilities.selectors.assignments import active_duty

# Duties one proposal form shows at most.
MAX_DUTIES = 50
# Between a role's name and its department's, as the form offers roles ("Agent · Service").
NAME_SEPARATOR = " · "


def duties_named(codes):
    """(the duties of `codes` in their order, each once, with their process; the codes that
    name no duty): one query."""
    codes = list(dict.fromkeys(codes))
    found = Duty.objects.select_related("process").in_bulk(codes, field_name="code")
    return [found[code] for code in codes if code in found], [
        code for code in codes if code not in found]


def process_duties(code):
    """(the process with `code`, or None; its active duties in step order, at most
    MAX_DUTIES + 1, so that the caller knows when there are more): two queries."""
    process = Process.objects.filter(code=code).first()
    if process is None:
        return None, []
    duties = Duty.objects.filter(active_duty(""), process=process).select_related(
        "process").order_by("step", "code")
    return process, list(duties[:MAX_DUTIES + 1])


@dataclass
class CellRow:
    """One party's cell on a duty as the proposal form shows it: its letters now, and the
    letters a proposal asks for (None when it leaves the cell as it is)."""

    party: object  # a Party
    now: str = ""
    proposed: str | None = None


@dataclass
class DutyRows:
    """A duty of the proposal form and its CellRows, by party name."""

    duty: Duty
    rows: list = field(default_factory=list)


def _party_of(holder):
    """The Party of a Department, or of a Role fetched with its department."""
    return role_party(holder) if isinstance(holder, Role) else department_party(holder)


def duty_rows(duties, cells=()):
    """[DutyRows] of `duties`: every party holding letters on each now, and every cell of
    `cells` (ProposalCells with their party) as proposed: one query."""
    rows = {duty.pk: {} for duty in duties}
    letters = Assignment.objects.filter(duty__in=list(rows)).select_related(
        "department", "role__department").order_by("id")
    for assignment in letters:
        holder = assignment.role if assignment.role_id else assignment.department
        party = _party_of(holder)
        row = rows[assignment.duty_id].setdefault(party.key, CellRow(party))
        row.now = sort_letters(row.now + assignment.raci)
    for cell in cells:
        if cell.duty_id in rows:
            party = _party_of(cell.party)
            rows[cell.duty_id].setdefault(party.key, CellRow(party)).proposed = cell.after
    return [DutyRows(duty, sorted(rows[duty.pk].values(),
                                  key=lambda row: (row.party.name.lower(), row.party.key)))
            for duty in duties]


def party_options(duties):
    """[(value, kind)] the form's party fields offer: every active department, then the
    active roles of the departments holding letters on `duties` (never every role of the
    organisation), each role written as its name and its department's: two queries."""
    departments = Department.objects.filter(is_active=True).order_by(reader_order("name"),
                                                                     "code")
    involved = Assignment.objects.filter(duty__in=duties).values_list(
        "department_id", "role__department_id")
    roles = Role.objects.filter(is_active=True, department__in=Department.objects.filter(
        Q(pk__in=involved.values("department_id")) | Q(pk__in=involved.values(
            "role__department_id")))).select_related("department").order_by(
        reader_order("name", "department__"), reader_order("name"), "code")
    return [*((department.name, DEPARTMENT) for department in departments),
            *((f"{role.name}{NAME_SEPARATOR}{role.department.name}", ROLE) for role in roles)]


def _named(model, names, codes, *related):
    """The `model` rows with one of `codes`, or a name (either language) among `names`,
    compared in lower case."""
    return list(model.objects.select_related(*related).annotate(
        english=Lower("name_en"), chinese=Lower("name_zh_hans")).filter(
        Q(code__in=codes) | Q(english__in=names) | Q(chinese__in=names)))


def _key(text):
    """(kind, code) when `text` is a party key ("role:agent"), else None."""
    kind, sep, code = text.partition(":")
    return (kind, code) if sep and kind in (DEPARTMENT, ROLE) and code else None


def parties_named(texts):
    """{text: [Party]} of the departments and roles each of `texts` names: its key
    ("role:<code>"), its name in English or Chinese (any case), or, for a role, its name
    and its department's as the form offers them ("Agent · Customer service"): two
    queries (none without texts)."""
    texts = [text.strip() for text in texts if text and text.strip()]
    if not texts:
        return {}
    keys = {text: _key(text) for text in texts}
    names = set()
    for text in texts:
        names.add(text.lower())
        if NAME_SEPARATOR in text:
            names.add(text.split(NAME_SEPARATOR, 1)[0].strip().lower())
    codes = {kind: {key[1] for key in keys.values() if key and key[0] == kind}
             for kind in (DEPARTMENT, ROLE)}
    departments = _named(Department, names, codes[DEPARTMENT])
    roles = _named(Role, names, codes[ROLE], "department")

    def called(row, name):
        return name in (row.english, row.chinese)

    found = {}
    for text in texts:
        key, name = keys[text], text.lower()
        if key is not None:
            rows = departments if key[0] == DEPARTMENT else roles
            matches = [row for row in rows if row.code == key[1]]
        else:
            matches = [row for row in (*departments, *roles) if called(row, name)]
            if not matches and NAME_SEPARATOR in text:
                role_name, department_name = (part.strip().lower() for part in
                                              text.split(NAME_SEPARATOR, 1))
                matches = [role for role in roles if called(role, role_name) and (
                    department_name in (role.department.name_en.lower(),
                                        role.department.name_zh_hans.lower()))]
        found[text] = [_party_of(row) for row in matches]
    return found


def finding_to_fix(key):
    """The open finding with `key` (a ShownFinding), or None."""
    return finding_open(key)


def department_read(code):
    """The department with `code`, or None: one query."""
    return Department.objects.filter(code=code).first()


def proposal_read(pk):
    """The proposal whose id `pk` writes (text from the URL), with its author, or None: one
    query."""
    pk = record_id(str(pk))
    return Proposal.objects.select_related("author__person").filter(pk=pk).first() if pk else None


def proposals_listed(*, state=None, author=None, mine=False):
    """The proposals the list shows: of `state` (None: every state), only `author`'s when
    `mine` (none for an anonymous reader)."""
    if mine and author is None:
        return Proposal.objects.none()
    return proposal_list(state=state, author=author if mine else None)


def earlier_answers(proposal):
    """The answers given to the proposal's earlier rounds, oldest first: one query."""
    return [answer for answer in answer_list(proposal).filter(round__lt=proposal.round)]


@dataclass
class ShownCell:
    """A proposed cell as its page shows it: the party, its letters before and after, each
    letter marked "added", "removed" or "kept", and (for a stale proposal) the letters the
    matrix holds now."""

    party: object  # a Party
    before: str
    after: str
    letters: list  # [(letter, mark)] in A, R, C, I order
    now: str | None = None

    @property
    def changes(self):
        return self.before != self.after


def _marks(before, after):
    return [(letter, "kept" if letter in before and letter in after else
             "added" if letter in after else "removed")
            for letter in RACI_ORDER if letter in before or letter in after]


def _letters_now(cells):
    """{(duty id, party key): letters} the matrix holds for the cells' duties: one query."""
    now = {}
    for duty, department, role, raci in Assignment.objects.filter(
            duty__in={cell.duty_id for cell in cells}).values_list(
            "duty_id", "department__code", "role__code", "raci"):
        key = (duty, f"{ROLE}:{role}" if role else f"{DEPARTMENT}:{department}")
        now[key] = sort_letters(now.get(key, "") + raci)
    return now


def proposal_change(cells, *, with_now=False):
    """[(duty, [ShownCell])] of `cells` (governance.selectors.proposal_cells), by duty in
    their order; `with_now` adds what the matrix holds now (one query)."""
    now = _letters_now(cells) if with_now and cells else None
    grouped = {}
    for cell in cells:
        shown = ShownCell(_party_of(cell.party), cell.before, cell.after,
                          _marks(cell.before, cell.after))
        if now is not None:
            shown.now = now.get((cell.duty_id, cell.key), "")
        grouped.setdefault(cell.duty.pk, (cell.duty, []))[1].append(shown)
    return list(grouped.values())
