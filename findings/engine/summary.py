"""What the findings' summaries and `raci_check` compute over plain values."""

from collections import Counter
from itertools import combinations

from findings.engine.catalogue import Severity


def findings_at_least(findings, severity):
    """The findings as severe as `severity` or more (an error is at least a warning)."""
    floor = Severity(severity).rank
    return [finding for finding in findings if Severity(finding.severity).rank >= floor]


def overlapping_pairs(department_lists):
    """[{departments: [a, b], duties: n}] of the department pairs named together most often,
    from the departments of each `shared-responsible` finding, most overlapping first."""
    pairs = Counter()
    for departments in department_lists:
        pairs.update(combinations(sorted(set(departments)), 2))
    return [{"departments": list(pair), "duties": count}
            for pair, count in sorted(pairs.items(), key=lambda item: (-item[1], item[0]))]
