"""The findings shown on the pages of the responsibilities app (registry.panels): the summary
on the home page, and the findings of the duty, process, department, role or matrix shown."""

from findings.engine import findings_summary
from findings.selectors import findings_list
from registry import panels
from responsibilities.parties import ROLE


def _home():
    summary = findings_summary(findings_list())
    return {
        "summary": summary,
        "top_rules": sorted(
            ((count, rule) for rule, count in summary["by_rule"].items() if count), reverse=True
        ),
    }


def _role(*, code, department):
    key = f"{ROLE}:{code}"
    return {"findings": [finding for finding in findings_list(department=department)
                         if key in finding.parties]}


def _matrix(*, duties):
    findings = findings_list(duties=duties)
    by_duty = {}
    for finding in findings:  # most severe first, so each row's first is its worst
        by_duty.setdefault(finding.duty, []).append(finding)
    return {"findings_count": len(findings), "findings_by_duty": by_duty}


def register_panels():
    """Register a provider for each page that shows findings."""
    panels.register("home", _home)
    panels.register("duty_detail", lambda *, code: {"findings": findings_list(duty=code)})
    panels.register("process_detail", lambda *, code: {"findings": findings_list(process=code)})
    panels.register("department_detail",
                    lambda *, code: {"findings": findings_list(department=code)})
    panels.register("role_detail", _role)
    panels.register("matrix", _matrix)
