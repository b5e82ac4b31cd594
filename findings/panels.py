"""The findings shown on the pages of the responsibilities app (registry.panels): the summary
on the home page, and the findings of the duty, process, department, role or matrix shown."""

from findings.selectors import findings_list, findings_summary_load
from registry import panels
from responsibilities.parties import ROLE

# Findings a department, process or role page lists; a link leads to all of them.
SHOWN = 20


def _shown(findings):
    """The first SHOWN findings, and how many there are."""
    return {"findings": findings[:SHOWN], "findings_total": findings.count()}


def _home(*, user):
    summary = findings_summary_load()
    return {
        "summary": summary,
        "top_rules": sorted(
            ((count, rule) for rule, count in summary["by_rule"].items() if count), reverse=True
        ),
    }


def _role(*, code, department):
    return _shown(findings_list(department=department, party=f"{ROLE}:{code}",
                                vacancies_together=True))


def _matrix(*, duties):
    findings = list(findings_list(duties=duties))
    by_duty = {}
    for finding in findings:  # most severe first, so each row's first is its worst
        by_duty.setdefault(finding.duty, []).append(finding)
    return {"findings_count": len(findings), "findings_by_duty": by_duty}


def register_panels():
    """Register a provider for each page that shows findings."""
    panels.register("home", _home)
    panels.register("duty_detail",
                    lambda *, code: {"findings": list(findings_list(duty=code))})
    # A vacancy's findings come together, for the page to show them as one.
    panels.register("process_detail", lambda *, code: _shown(
        findings_list(process=code, vacancies_together=True)))
    panels.register("department_detail", lambda *, code: _shown(
        findings_list(department=code, vacancies_together=True)))
    panels.register("role_detail", _role)
    panels.register("matrix", _matrix)
