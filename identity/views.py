"""The sync report (/identity/sync/, staff only): what the identity provider changed over SCIM
lately, and the findings each change opened and resolved (docs/scim.md, "Sync report")."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from identity.selectors import REPORT_SIZE, sync_report

# What a SCIM write did (identity.scim_sync.note), in the reader's language.
ACTIONS = {
    "created": _("%(person)s was added"),
    "updated": _("%(person)s was updated"),
    "deactivated": _("%(person)s left: deactivated, memberships ended"),
    "reactivated": _("%(person)s is active again"),
    "deleted": _("%(person)s was deleted by the identity provider: deactivated and kept"),
    "joined": _("%(person)s joined %(group)s"),
    "left": _("%(person)s left %(group)s"),
    "group created": _("The group %(group)s was added"),
    "group updated": _("The group %(group)s was updated"),
    "group deleted": _("The group %(group)s was deleted"),
}


def _said(action):
    """One action of a SCIM write in words."""
    said = ACTIONS.get(action.get("what"))
    if said is None:
        return action.get("what", "")
    return said % {"person": action.get("person", ""), "group": action.get("group", "")}


@require_GET
def sync_report_page(request):
    """The last SCIM writes, newest first; staff only (others get a 403, visitors the login)."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (user.is_active and user.is_staff):
        raise PermissionDenied(_("Only staff may see what the identity provider changed."))
    syncs = sync_report()
    for sync in syncs:
        sync.said = [_said(action) for action in sync.actions]
    return render(request, "identity/sync_report.html",
                  {"syncs": syncs, "limit": REPORT_SIZE})
