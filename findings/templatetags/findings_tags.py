"""The readable names of findings' rules, severities and kinds, for the templates."""

from django import template

from findings.engine import FindingKind, Rule, Severity

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
