"""The rule catalogue (docs/findings.md) and the `Finding` value every rule returns."""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import TextChoices
from django.utils.translation import gettext, gettext_lazy, gettext_noop, pgettext


class FindingKind(TextChoices):
    GAP = "gap", gettext_lazy("Gap")
    OVERLAP = "overlap", gettext_lazy("Overlap")
    LOAD = "load", gettext_lazy("Load")
    HYGIENE = "hygiene", gettext_lazy("Hygiene")


class Severity(TextChoices):
    """Most severe first; `rank` compares them (error 2 > warning 1 > info 0)."""

    ERROR = "error", gettext_lazy("Error")
    WARNING = "warning", gettext_lazy("Warning")
    INFO = "info", gettext_lazy("Info")

    @property
    def rank(self):
        members = list(type(self))
        return len(members) - 1 - members.index(self)


class Rule(TextChoices):
    """The rule catalogue, in the order findings are listed within a severity."""

    NO_ACCOUNTABLE = "no-accountable", gettext_lazy("No Accountable")
    NO_RESPONSIBLE = "no-responsible", gettext_lazy("No Responsible")
    MULTIPLE_ACCOUNTABLE = "multiple-accountable", gettext_lazy("Several Accountable")
    SEGREGATION_OF_DUTIES = "segregation-of-duties", gettext_lazy("Segregation of duties")
    SHARED_RESPONSIBLE = "shared-responsible", gettext_lazy("Responsible shared by departments")
    REDUNDANT_LETTERS = "redundant-letters", gettext_lazy("Redundant letters")
    INACTIVE_OWNER = "inactive-owner", gettext_lazy("Inactive owner")
    VACANT_OWNER = "vacant-owner", gettext_lazy("Vacant owner")
    UNOWNED_PROCESS = "unowned-process", gettext_lazy("Process without owner")
    SILENT_HANDOFF = "silent-handoff", gettext_lazy("Silent handoff")
    UNCONFIRMED = "unconfirmed", gettext_lazy("Not confirmed by its owners")
    OVERLOADED = "overloaded", gettext_lazy("Overloaded")
    TOO_MANY_CONSULTED = "too-many-consulted", gettext_lazy("Too many Consulted")
    IDLE_DEPARTMENT = "idle-department", gettext_lazy("Idle department")
    REVIEW_OVERDUE = "review-overdue", gettext_lazy("Review overdue")
    STALE_CONFIRMATION = "stale-confirmation", gettext_lazy("Confirmation out of date")


class RuleSpec(NamedTuple):
    kind: FindingKind
    severity: Severity
    message: str  # what to do, with named placeholders; translated when a finding is read
    # (detail name, message): the message of a finding with that detail, the first that fits
    variants: tuple[tuple[str, str], ...] = ()


RULES = {
    Rule.NO_ACCOUNTABLE: RuleSpec(
        FindingKind.GAP, Severity.ERROR, gettext_noop("Give %(duty)s exactly one Accountable.")
    ),
    Rule.NO_RESPONSIBLE: RuleSpec(
        FindingKind.GAP, Severity.ERROR, gettext_noop("Give %(duty)s at least one Responsible.")
    ),
    Rule.MULTIPLE_ACCOUNTABLE: RuleSpec(
        FindingKind.OVERLAP,
        Severity.ERROR,
        gettext_noop("Keep exactly one Accountable on %(duty)s; now %(parties)s are."),
    ),
    Rule.SEGREGATION_OF_DUTIES: RuleSpec(
        FindingKind.OVERLAP,
        Severity.ERROR,
        gettext_noop(
            "Give the Accountable and the Responsible of the control %(duty)s to different"
            " parties: %(parties)s holds both."
        ),
        variants=(
            ("other", gettext_noop(
                "Give %(duty)s and %(other)s to different people: %(person)s is Responsible"
                " for both, as %(parties)s.")),
            ("person", gettext_noop(
                "Give the Accountable and the Responsible of the control %(duty)s to different"
                " people: %(person)s holds both, as %(parties)s.")),
        ),
    ),
    Rule.SHARED_RESPONSIBLE: RuleSpec(
        FindingKind.OVERLAP,
        Severity.WARNING,
        gettext_noop(
            "Decide which one department does %(duty)s: %(departments)s are all Responsible."
        ),
    ),
    Rule.REDUNDANT_LETTERS: RuleSpec(
        FindingKind.OVERLAP,
        Severity.WARNING,
        gettext_noop(
            "Give %(parties)s one letter on %(duty)s (or exactly A and R); it holds %(letters)s."
        ),
    ),
    Rule.INACTIVE_OWNER: RuleSpec(
        FindingKind.GAP,
        Severity.ERROR,
        gettext_noop("Hand %(duty)s to an active party: %(parties)s is inactive."),
    ),
    Rule.VACANT_OWNER: RuleSpec(
        FindingKind.GAP,
        Severity.WARNING,
        gettext_noop(
            "Appoint someone to %(parties)s, or hand %(duty)s to a party that is staffed:"
            " nobody holds it today."
        ),
    ),
    Rule.UNOWNED_PROCESS: RuleSpec(
        FindingKind.GAP,
        Severity.WARNING,
        gettext_noop("Give process %(process)s an owner department."),
    ),
    Rule.SILENT_HANDOFF: RuleSpec(
        FindingKind.GAP,
        Severity.WARNING,
        gettext_noop(
            "Give %(receiver)s at least an Informed on %(previous)s: it is Responsible for the"
            " next step, %(duty)s, but holds no letter on it."
        ),
    ),
    Rule.UNCONFIRMED: RuleSpec(
        FindingKind.GAP,
        Severity.WARNING,
        gettext_noop("Have %(people)s confirm the letters of %(duty)s: they did not answer the"
                     " confirmation campaign by its deadline."),
        variants=(("reason", gettext_noop(
            "Hand %(duty)s to its real owner, or confirm its letters: %(people)s said it is not"
            " theirs (“%(reason)s”).")),),
    ),
    Rule.OVERLOADED: RuleSpec(
        FindingKind.LOAD,
        Severity.WARNING,
        gettext_noop(
            "Share out the duties of %(parties)s: it is Accountable for %(count)d, more than"
            " %(limit)d."
        ),
    ),
    Rule.TOO_MANY_CONSULTED: RuleSpec(
        FindingKind.LOAD,
        Severity.INFO,
        gettext_noop(
            "Consult fewer parties on %(duty)s: %(count)d are Consulted, more than %(limit)d."
        ),
    ),
    Rule.IDLE_DEPARTMENT: RuleSpec(
        FindingKind.LOAD,
        Severity.INFO,
        gettext_noop(
            "Give %(departments)s a duty to be Responsible or Accountable for, or mark it inactive."
        ),
    ),
    Rule.REVIEW_OVERDUE: RuleSpec(
        FindingKind.HYGIENE,
        Severity.INFO,
        gettext_noop("Review %(duty)s: its review date, %(date)s, has passed."),
    ),
    Rule.STALE_CONFIRMATION: RuleSpec(
        FindingKind.HYGIENE,
        Severity.INFO,
        gettext_noop("Have the owners of %(duty)s confirm its letters: they were last confirmed"
                     " on %(date)s."),
        variants=(("never", gettext_noop(
            "Have the owners of %(duty)s confirm its letters: nobody has since it was created"
            " on %(date)s.")),),
    ),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in the matrix, in codes; `finding_message` says in words what to do."""

    rule: str
    kind: str
    severity: str
    duty: str | None
    process: str | None
    parties: tuple[str, ...]
    departments: tuple[str, ...]
    # The message's other values (a count, a date, the step before) and the cell a fix starts
    # from (`focus`), as (name, value) pairs.
    details: tuple[tuple[str, object], ...] = ()

    def as_dict(self):
        """The finding as JSON-ready plain values (codes; the message is added by its reader)."""
        return {
            "rule": self.rule,
            "kind": self.kind,
            "severity": self.severity,
            "duty": self.duty,
            "process": self.process,
            "parties": list(self.parties),
            "departments": list(self.departments),
        }


def _quoted(text):
    return f"“{text}”"


def finding_message(finding, name):
    """What to do about `finding`, in the active language: its rule's text filled with display
    names, `name(kind, code)` giving the name of a "duty", "process", "department", "party"
    (a party key) or "person" (an id as text); a name it does not know is its code."""
    separator = pgettext("between the names of a list", ", ")
    details = dict(finding.details)
    if "receiver" in details:
        details["receiver"] = name("department", details["receiver"])
    if "previous" in details:
        details["previous"] = _quoted(name("duty", details["previous"]))
    if "other" in details:
        details["other"] = _quoted(name("duty", details["other"]))
    if "person" in details:
        details["person"] = name("person", str(details["person"]))
    if "people" in details:
        details["people"] = separator.join(name("person", pk) for pk in details["people"].split())
    spec = RULES[finding.rule]
    message = next((text for detail, text in spec.variants if detail in details), spec.message)
    return gettext(message) % {
        **details,
        "duty": _quoted(name("duty", finding.duty)) if finding.duty else "",
        "process": _quoted(name("process", finding.process)) if finding.process else "",
        "parties": separator.join(name("party", party) for party in finding.parties),
        "departments": separator.join(name("department", code) for code in finding.departments),
    }
