"""Filtering and counting findings, for the API, the pages and `raci_check`."""

from collections import Counter
from itertools import combinations

from findings.engine.catalogue import FindingKind, Rule, Severity


def filter_findings(
    findings, *, rule=None, kind=None, severity=None, department=None, process=None, duty=None
):
    """The findings matching every filter given (None matches all; `department` is contained)."""
    wanted = {"rule": rule, "kind": kind, "severity": severity, "process": process, "duty": duty}
    checks = [(field, value) for field, value in wanted.items() if value is not None]
    return [
        finding
        for finding in findings
        if all(getattr(finding, field) == value for field, value in checks)
        and (department is None or department in finding.departments)
    ]


def findings_at_least(findings, severity):
    """The findings as severe as `severity` or more (an error is at least a warning)."""
    floor = Severity(severity).rank
    return [finding for finding in findings if Severity(finding.severity).rank >= floor]


def findings_summary(findings):
    """Counts by rule, severity, kind and department, and the most overlapping department pairs."""
    by_department, pairs = Counter(), Counter()
    for finding in findings:
        by_department.update(set(finding.departments))
        if finding.rule == Rule.SHARED_RESPONSIBLE:
            pairs.update(combinations(sorted(set(finding.departments)), 2))
    return {
        "total": len(findings),
        "by_rule": _counts(Rule, (f.rule for f in findings)),
        "by_severity": _counts(Severity, (f.severity for f in findings)),
        "by_kind": _counts(FindingKind, (f.kind for f in findings)),
        "by_department": dict(sorted(by_department.items())),
        "overlapping_pairs": [
            {"departments": list(pair), "duties": count}
            for pair, count in sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
        ],
    }


def _counts(choices, values):
    counted = Counter(values)
    return {value: counted[value] for value in choices.values}
