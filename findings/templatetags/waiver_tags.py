"""What the finding lists need for waivers: the address that waives a finding."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from findings.store import finding_key

register = template.Library()


@register.simple_tag(takes_context=True)
def waive_url(context, finding):
    """The waiver form's address for `finding` (a ShownFinding), coming back to this page."""
    request = context.get("request")
    query = {"key": finding_key(finding.finding)}
    if request is not None:
        query["next"] = request.get_full_path()
    return f"{reverse('findings:waiver_create')}?{urlencode(query)}"
