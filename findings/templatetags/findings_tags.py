"""The readable names of findings' rules, severities and kinds, and what the finding lists
need: a vacancy's findings shown as one, and whether the reader is offered the fixes that
change records."""

from django import template
from django.utils.functional import SimpleLazyObject

from findings.engine import FindingKind, Rule, Severity
from findings.fixes import may_act
from findings.naming import findings_grouped as group_findings

register = template.Library()


@register.filter
def rule_label(rule):
    """The readable name of a findings rule."""
    return Rule(rule).label


@register.filter
def severity_label(severity):
    return Severity(severity).label


@register.filter
def kind_label(kind):
    return FindingKind(kind).label


@register.filter
def findings_grouped(findings):
    """The findings with each vacancy's findings made one group (findings.naming)."""
    return group_findings(findings)


@register.simple_tag(takes_context=True)
def findings_may_act(context):
    """Whether the reader is offered the fixes that change records: asked once per request,
    and only when a finding shown has such a fix (the answer is read lazily)."""
    request = context.get("request")
    if request is None:
        return False
    if not hasattr(request, "findings_may_act"):
        request.findings_may_act = SimpleLazyObject(lambda: may_act(request.user))
    return request.findings_may_act
