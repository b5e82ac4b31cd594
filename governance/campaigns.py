"""Every write of a confirmation campaign: opening it, changing its title or deadline, each
owner's answer, and the daily reminders and deadline (docs/campaigns.md).

Opening gives each person holding today an Accountable or Responsible post on a duty in scope
one item per duty: a department's letters go to the people holding its approver roles, or
every post in it when none is held. An answer confirms the letters (as the duty's "Confirm"
does), points at a proposal that changes them, or says the duty is not the person's, with a
reason: that stays on the duty (`Duty.unconfirmed`, the rule `unconfirmed`) until its letters
are confirmed. At the deadline, each duty no owner answered and nobody confirmed gets its
silent owners named on it the same way.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from departments.models import Membership
from departments.selectors import held_today
from findings.store import findings_current
from governance.campaign_selectors import confirmed_since_opened
from governance.models import REASON_MAX, Campaign, CampaignItem, ItemAnswer
from governance.notifications import campaign_asked
from registry.changes import write_transaction
from registry.permissions import can_change, is_active_user
from registry.services import record_save
from responsibilities.models import Assignment, Duty, Raci
from responsibilities.services.confirmations import duty_confirm

# The history reasons of the duty when an owner says it is not theirs, and at the deadline.
DISOWNED_REASON = gettext_noop("not confirmed: not theirs")
SILENT_REASON = gettext_noop("not confirmed by the campaign's deadline")
OWNERS = (Raci.ACCOUNTABLE, Raci.RESPONSIBLE)
TITLE_MAX = 200


def may_open(user, *, department=None, process=None):
    """True when `user` may open (or change) a campaign over this scope: who may edit the
    department or the process; the whole organisation needs the permission to add
    campaigns."""
    if not is_active_user(user):
        return False
    if department is not None or process is not None:
        return can_change(user, department or process)
    return user.has_perm("governance.add_campaign")


def _require_opener(user, *, department=None, process=None):
    if not may_open(user, department=department, process=process):
        raise PermissionDenied(_("Only those who may edit a department or a process open a "
                                 "campaign over it; the whole organisation needs the "
                                 "permission to add campaigns."))


def scope_duties(*, department=None, process=None):
    """The active duties of active processes (or of none) in scope: a process's steps, the
    duties a department (or one of its roles) is Accountable or Responsible for, or all."""
    duties = Duty.objects.filter(is_active=True).filter(
        Q(process__isnull=True) | Q(process__is_active=True))
    if process is not None:
        return duties.filter(process=process)
    if department is not None:
        owning = Assignment.objects.filter(raci__in=OWNERS).filter(
            Q(department=department) | Q(role__department=department))
        return duties.filter(pk__in=owning.values("duty_id"))
    return duties


def owners_today(duties):
    """{(person id, duty id): department id} of the people holding today an A or R post on
    `duties` (a queryset): a role's holders; a department's approvers, or everyone holding
    one of its active roles when no approver role is held. Two queries."""
    letters = list(Assignment.objects.filter(duty__in=duties, raci__in=OWNERS)
                   .order_by("duty_id", "id").values_list("duty_id", "role_id",
                                                          "department_id"))
    roles = {role for _duty, role, _department in letters if role}
    departments = {department for _duty, _role, department in letters if department}
    holders = (Membership.objects.filter(held_today(), role__is_active=True)
               .filter(Q(role_id__in=roles) | Q(role__department_id__in=departments))
               .order_by("id").values_list("role_id", "role__department_id",
                                           "role__is_approver", "person_id"))
    by_role, everyone, approvers = defaultdict(set), defaultdict(set), defaultdict(set)
    role_department = {}
    for role, department, approver, person in holders:
        by_role[role].add(person)
        role_department[role] = department
        everyone[department].add(person)
        if approver:
            approvers[department].add(person)
    found = {}
    for duty, role, department in letters:
        if role:
            people, department = by_role[role], role_department.get(role)
        else:
            people = approvers[department] or everyone[department]
        for person in people:
            found.setdefault((person, duty), department)
    return found


@write_transaction()
def campaign_open(*, user, title, deadline, department=None, process=None):
    """Open a campaign asking the owners of the duties in scope to confirm them by `deadline`
    (a day after today), and tell each of them. ValidationError when the scope has nobody to
    ask."""
    _require_opener(user, department=department, process=process)
    campaign = Campaign(title=(title or "").strip(), deadline=deadline, department=department,
                        process=process, opened_by=user)
    _checked(campaign)
    owners = owners_today(scope_duties(department=department, process=process))
    if not owners:
        raise ValidationError(_("Nobody holds an Accountable or Responsible post on the duties "
                                "in scope today: there is nobody to ask."))
    campaign.save()
    CampaignItem.objects.bulk_create([
        CampaignItem(campaign=campaign, person_id=person, duty_id=duty, department_id=department)
        for (person, duty), department in sorted(owners.items())], batch_size=1000)
    campaign_asked(campaign, _pending_counts(campaign))
    return campaign


def _checked(campaign):
    """ValidationError unless the title is given, the deadline is after today and at most one
    scope is set."""
    if campaign.department_id and campaign.process_id:
        raise ValidationError({"process": _("Choose a department or a process, not both "
                                            "(neither: the whole organisation).")})
    campaign.full_clean(exclude=["opened_by"], validate_constraints=False)
    if campaign.deadline <= timezone.localdate():
        raise ValidationError({"deadline": _("Choose a deadline after today.")})


@write_transaction()
def campaign_change(*, user, campaign, title=None, deadline=None):
    """Rename an open campaign or move its deadline (to a day after today)."""
    _require_opener(user, department=campaign.department, process=campaign.process)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_open:
        raise ValidationError(_("This campaign has closed: it cannot change any more."))
    if title is not None:
        campaign.title = title.strip()
    if deadline is not None:
        campaign.deadline = deadline
    _checked(campaign)
    campaign.save()
    return campaign


def _item_for(user, campaign, duty):
    """The open campaign's item of `duty` for the person of `user`'s login (locked)."""
    if not is_active_user(user):
        raise PermissionDenied(_("Log in to answer."))
    item = (CampaignItem.objects.select_for_update().select_related("campaign", "duty")
            .filter(campaign=campaign, duty=duty, person__user=user).first())
    if item is None:
        raise PermissionDenied(_("This campaign does not ask you about this duty: only the "
                                 "people it asks answer for themselves."))
    if not item.campaign.is_open:
        raise ValidationError(_("This campaign has closed: its deadline has passed."))
    return item


@write_transaction()
def campaign_answer(*, user, campaign, duty, answer, reason="", proposal=None):
    """Record `user`'s answer on `duty` in the open `campaign`: confirm its letters, say it is
    not theirs (with a reason, which stays on the duty until its letters are confirmed), or
    name the proposal that changes them. An answer replaces the person's earlier one."""
    item = _item_for(user, campaign, duty)
    reason = (reason or "").strip()
    if answer == ItemAnswer.CONFIRMED:
        duty_confirm(user=user, duty=item.duty)
        reason = ""
    elif answer == ItemAnswer.DISOWNED:
        if not reason:
            raise ValidationError({"reason": _("Say why this duty is not yours, and whose it "
                                               "is if you know.")})
        if len(reason) > REASON_MAX:
            raise ValidationError({"reason": _("Keep the reason under %(max)d characters.")
                                   % {"max": REASON_MAX}})
        duty = Duty.objects.select_for_update().get(pk=item.duty_id)
        duty.unconfirmed = [entry for entry in duty.unconfirmed
                            if entry["person"] != item.person_id]
        duty.unconfirmed.append({"person": item.person_id, "reason": reason})
        record_save(duty, user=user, reason=DISOWNED_REASON)
    elif answer == ItemAnswer.PROPOSED and proposal is not None:
        if proposal.author_id != user.pk or not proposal.cells.filter(duty=item.duty).exists():
            raise ValidationError({"proposal": _("Name a proposal of yours that changes this "
                                                 "duty's letters.")})
        reason = ""
    else:
        raise ValidationError({"answer": _("Answer “confirmed”, “disowned” with a reason, or "
                                           "“proposed” with your proposal.")})
    item.answer, item.reason = answer, reason
    item.proposal = proposal if answer == ItemAnswer.PROPOSED else None
    item.answered_at = timezone.now()
    item.save()
    return item


def campaign_proposed(*, user, campaign, proposal):
    """Record that `user` answered the open `campaign` with `proposal` on each of its duties
    the campaign asks them about (nothing once it has closed)."""
    if not Campaign.objects.filter(pk=campaign.pk, closed_at__isnull=True).exists():
        return
    duties = set(proposal.cells.values_list("duty_id", flat=True))
    asked = CampaignItem.objects.filter(campaign=campaign, person__user=user,
                                        duty_id__in=duties).values_list("duty_id", flat=True)
    for duty in sorted(set(asked)):
        campaign_answer(user=user, campaign=campaign, duty=Duty(pk=duty),
                        answer=ItemAnswer.PROPOSED, proposal=proposal)


def _pending_counts(campaign):
    """{person id: how many of their items wait for an answer}: unanswered, on duties nobody
    confirmed since the campaign opened."""
    items = CampaignItem.objects.filter(campaign=campaign, answer="").exclude(
        confirmed_since_opened())
    return dict(items.order_by().values_list("person_id").annotate(Count("id")))


def campaigns_settle(*, today=None):
    """The daily run: remind the people yet to answer an open campaign whose deadline is
    `RACI_CAMPAIGN_REMIND_DAYS` away or nearer, and close each campaign whose deadline has
    passed, naming the silent owners on its unanswered duties. Returns (reminded, closed)
    campaigns."""
    today = today or timezone.localdate()
    findings_current()
    reminded, closed = [], []
    soon = today + datetime.timedelta(days=settings.RACI_CAMPAIGN_REMIND_DAYS)
    for pk in Campaign.objects.filter(closed_at__isnull=True).values_list("pk", flat=True):
        with write_transaction():
            campaign = Campaign.objects.select_for_update().get(pk=pk)
            if not campaign.is_open:
                continue
            if campaign.deadline < today:
                _close(campaign)
                closed.append(campaign)
            elif campaign.deadline <= soon and campaign.reminded_on is None:
                campaign_asked(campaign, _pending_counts(campaign), reminder=True)
                campaign.reminded_on = today
                campaign.save(update_fields=["reminded_on"])
                reminded.append(campaign)
    return reminded, closed


def _close(campaign):
    """Name the silent owners on each duty of `campaign` no owner answered and nobody
    confirmed since it opened; the campaign is closed."""
    silent = defaultdict(list)
    answered = set()
    for duty, person, answer in campaign.items.values_list("duty_id", "person_id", "answer"):
        if answer:
            answered.add(duty)
        else:
            silent[duty].append(person)
    duties = Duty.objects.select_for_update().filter(pk__in=set(silent) - answered).exclude(
        confirmed_at__gte=campaign.opened_at).order_by("pk")
    for duty in duties:
        named = {entry["person"] for entry in duty.unconfirmed}
        duty.unconfirmed += [{"person": person, "reason": ""}
                             for person in sorted(silent[duty.pk]) if person not in named]
        record_save(duty, user=None, reason=SILENT_REASON)
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["closed_at"])
