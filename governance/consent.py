"""Who must consent to a proposal, who may answer for a department, and how a stale proposal is
carried over to the matrix as it now stands (docs/proposals.md).

Consent is computed, never chosen: every department whose letters (or whose roles' letters) a
cell changes, the owner department of the process of each changed duty, and the departments
Accountable for it (its outcome is theirs, even when their own letters stay).
"""

from datetime import timedelta

from django.conf import settings

from departments.models import Department, Role
from departments.selectors import held_today
from registry.permissions import changeable, is_active_user
from responsibilities.letters import sort_letters
from responsibilities.models import Assignment, Raci


def party_department(cell):
    """The id of the department a proposed cell's party counts for."""
    return cell.department_id or cell.role.department_id


def consent_needed(cells):
    """The ids of the departments that must consent to `cells` (ProposalCells with their role
    and duty's process loaded): each changed cell's party department and process owner, and
    the departments Accountable for its duty. One query."""
    changed = [cell for cell in cells if cell.before != cell.after]
    needed = set()
    for cell in changed:
        needed.add(party_department(cell))
        process = cell.duty.process
        if process is not None and process.owner_id is not None:
            needed.add(process.owner_id)
    if changed:
        needed |= accountable_departments({cell.duty_id for cell in changed})
    return needed


def accountable_departments(duties):
    """The ids of the departments Accountable, themselves or through a role, for any of the
    duties (ids) now."""
    rows = Assignment.objects.filter(duty_id__in=duties, raci=Raci.ACCOUNTABLE).values_list(
        "department_id", "role__department_id")
    return {department or role_department for department, role_department in rows}


def answerable(user, departments):
    """The ids among `departments` for which `user` may answer: those they may edit
    (docs/permissions.md), and those where a role marked as approver is held today by the
    person linked to their login. Two queries."""
    if not is_active_user(user) or not departments:
        return set()
    editable = changeable(user, Department.objects.filter(pk__in=departments))
    approving = Role.objects.filter(held_today("memberships__"), is_approver=True,
                                    is_active=True, department__in=departments,
                                    memberships__person__user=user)
    return (set(editable.values_list("pk", flat=True))
            | set(approving.values_list("department_id", flat=True)))


def consent_deadline(proposal):
    """When silence on the proposal's current round becomes consent, or None (no deadline
    set, or the proposal is not open)."""
    if not settings.RACI_CONSENT_DAYS or proposal.opened_at is None:
        return None
    return proposal.opened_at + timedelta(days=settings.RACI_CONSENT_DAYS)


def rebased(before, after, current):
    """(letters, unchanged) of a cell proposed as `before` → `after` once the matrix holds
    `current`: the same letters added and removed, applied to `current`; `unchanged` is False
    when that is no longer the change proposed (a letter to add is there already, or one to
    remove is gone)."""
    added, removed = set(after) - set(before), set(before) - set(after)
    letters = sort_letters((set(current) - removed) | added)
    return letters, added.isdisjoint(current) and removed <= set(current)
