"""Findings as people read them: each message written at read time in the reader's language,
with the display names of its duties, processes and parties looked up in one query.

The stored findings hold codes only (a rename must not leave old names behind, and a reader of
Chinese and one of English read the same row), so every read of findings names them here.
"""

from itertools import groupby

from django.db.models import CharField, Value
from django.db.models.functions import Cast
from django.utils.translation import ngettext

from departments.models import Department, Person, Role
from findings.engine import Rule, finding_message
from findings.fixes import finding_fixes
from registry.languages import reader_picker
from responsibilities.models import Duty, Process
from responsibilities.parties import DEPARTMENT, ROLE

DUTY, PROCESS, PERSON = "duty", "process", "person"


class Names:
    """(kind, code) → (English, Chinese) names, read for some findings; `name(kind, code)` picks
    the reader's language (a party key for kind "party"); an unknown code names itself."""

    def __init__(self, rows):
        self.rows = rows
        self.pick = reader_picker()

    def name(self, kind, code):
        if kind == "party":
            kind, _sep, code = code.partition(":")
        names = self.rows.get((kind, code))
        return (self.pick(*names) or code) if names else code


def _codes(findings):
    """{kind: codes} every message of `findings` names."""
    codes = {DUTY: set(), PROCESS: set(), DEPARTMENT: set(), ROLE: set(), PERSON: set()}
    for finding in findings:
        if finding.duty:
            codes[DUTY].add(finding.duty)
        if finding.process:
            codes[PROCESS].add(finding.process)
        codes[DEPARTMENT].update(finding.departments)
        for party in finding.parties:
            kind, _sep, code = party.partition(":")
            codes[kind].add(code)
        details = dict(finding.details)
        if "previous" in details:
            codes[DUTY].add(details["previous"])
        if "receiver" in details:
            codes[DEPARTMENT].add(details["receiver"])
        if "other" in details:
            codes[DUTY].add(details["other"])
        if "person" in details:
            codes[PERSON].add(str(details["person"]))
        codes[PERSON].update(details.get("people", "").split())
    return codes


_SOURCES = ((DUTY, Duty, "title"), (PROCESS, Process, "name"), (DEPARTMENT, Department, "name"),
            (ROLE, Role, "name"))


def names_load(findings):
    """The Names of everything `findings` name: one query (none for no findings)."""
    codes = _codes(findings)
    parts = [
        model.objects.order_by().filter(code__in=codes[kind])
        .values_list(Value(kind, output_field=CharField()), "code", f"{field}_en",
                     f"{field}_zh_hans")
        for kind, model, field in _SOURCES if codes[kind]
    ]
    if people := [int(code) for code in codes[PERSON] if code.isascii() and code.isdigit()]:
        # People have no code: their id, as text, stands for one.
        parts.append(Person.objects.order_by().filter(pk__in=people).values_list(
            Value(PERSON, output_field=CharField()), Cast("pk", CharField()), "name_en",
            "name_zh_hans"))
    if not parts:
        return Names({})
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return Names({(kind, code): (english, chinese) for kind, code, english, chinese in rows})


class ShownFinding:
    """A `Finding` with its message and the names of its duty and process in the reader's
    language, and the links to the pages that fix it (`fixes`)."""

    __slots__ = ("finding", "message", "duty_name", "process_name", "party_names")
    is_group = False

    def __init__(self, finding, names):
        self.finding = finding
        self.message = finding_message(finding, names.name)
        self.duty_name = names.name(DUTY, finding.duty) if finding.duty else ""
        self.process_name = names.name(PROCESS, finding.process) if finding.process else ""
        self.party_names = tuple(names.name("party", party) for party in finding.parties)

    rule = property(lambda self: self.finding.rule)
    kind = property(lambda self: self.finding.kind)
    severity = property(lambda self: self.finding.severity)
    duty = property(lambda self: self.finding.duty)
    process = property(lambda self: self.finding.process)
    parties = property(lambda self: self.finding.parties)
    departments = property(lambda self: self.finding.departments)
    details = property(lambda self: self.finding.details)

    def __eq__(self, other):
        return isinstance(other, ShownFinding) and (self.finding, self.message) == (
            other.finding, other.message)

    __hash__ = None

    def __repr__(self):
        return f"ShownFinding({self.finding!r}, {self.message!r})"

    @property
    def fixes(self):
        """The links that fix the finding (findings.fixes.Fix), the most direct first."""
        return finding_fixes(self.finding)

    def as_dict(self):
        """The API's finding: codes in its fields, the message in words."""
        return {**self.finding.as_dict(), "message": self.message}


def findings_shown(findings):
    """[ShownFinding] of `findings` (engine `Finding`s), in their order: one query."""
    findings = list(findings)
    names = names_load(findings)
    return [ShownFinding(finding, names) for finding in findings]


# The rules whose findings, one per duty, share one cause: a party nobody holds, or an inactive
# one. Shown together, they are one problem with one fix.
VACANCY_RULES = (Rule.VACANT_OWNER, Rule.INACTIVE_OWNER)


class FindingGroup:
    """The findings (ShownFinding) of one vacancy: the same rule and party on several duties."""

    is_group = True

    def __init__(self, findings):
        self.findings = findings
        first = findings[0]
        self.rule, self.kind, self.severity = first.rule, first.kind, first.severity
        self.parties = first.parties
        self.fixes = first.fixes
        values = {"party": first.party_names[0], "count": len(findings)}
        if self.rule == Rule.VACANT_OWNER:
            self.message = ngettext(
                "%(party)s is vacant: %(count)d duty without a holder for its A/R.",
                "%(party)s is vacant: %(count)d duties without a holder for their A/R.",
                len(findings)) % values
        else:
            self.message = ngettext(
                "%(party)s is inactive but still holds the A/R of %(count)d duty.",
                "%(party)s is inactive but still holds the A/R of %(count)d duties.",
                len(findings)) % values


def _cause(item):
    return (item.rule, item.parties) if item.rule in VACANCY_RULES and item.parties else None


def findings_grouped(findings):
    """`findings` (ShownFinding) with each run of two or more findings of one vacancy (as
    `FindingsQuery(vacancies_together=True)` orders them) made one FindingGroup."""
    items = []
    for cause, run in groupby(findings, key=_cause):
        run = list(run)
        if cause is not None and len(run) > 1:
            items.append(FindingGroup(run))
        else:
            items.extend(run)
    return items
