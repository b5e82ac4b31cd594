"""Proposals: a set of matrix cells someone wants changed, and each affected department's answer.

A proposal is applied only when every department it touches has consented
(docs/proposals.md); `governance.services` is the one way its state moves.
"""

from itertools import combinations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from departments.models import Department, Role
from responsibilities.models import RACI_ORDER, Duty
from responsibilities.parties import party_key

# Every cell a proposal may ask for, each written in cell order: "", "A", …, "AR", …, "ARCI".
CELLS = ["".join(letters) for size in range(len(RACI_ORDER) + 1)
         for letters in combinations(RACI_ORDER, size)]


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for answers")
    APPLIED = "applied", _("applied")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    STALE = "stale", _("stale")


# The longest reason of a proposal or of an answer, in every form and in the API.
REASON_MAX = 5000

# A proposal in these states can still change the matrix.
LIVE = (ProposalState.DRAFT, ProposalState.OPEN, ProposalState.REJECTED, ProposalState.STALE)


class Proposal(models.Model):
    """A change of matrix cells, proposed with a reason; `round` counts the versions that were
    put to the departments (a revision after an objection starts a new one)."""

    title = models.CharField(_("title"), max_length=200)
    reason = models.TextField(_("reason"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"),
                               on_delete=models.PROTECT, related_name="proposals")
    state = models.CharField(_("state"), max_length=20, choices=ProposalState.choices,
                             default=ProposalState.DRAFT)
    round = models.PositiveIntegerField(_("round"), default=1)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # How many cells the current round put forward: fewer now means some were deleted with
    # their duty or party, and the change the departments were asked about is gone.
    cells_put = models.PositiveIntegerField(default=0)
    # What applying it would do to the findings, worked out when the round was put forward
    # (`preview_at`), and what applying it did: {"introduced": [...], "resolved": [...]}, each
    # finding as the engine's fields, so the pages name them in their reader's language.
    preview_findings = models.JSONField(default=dict, blank=True)
    preview_at = models.DateTimeField(null=True, blank=True)
    applied_findings = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ProposalState.values),
                                   name="proposal_state_valid"),
            models.CheckConstraint(condition=~Q(title=""), name="proposal_title_given"),
            models.CheckConstraint(condition=~Q(reason=""), name="proposal_reason_given"),
            models.CheckConstraint(condition=Q(round__gte=1), name="proposal_round_positive"),
        ]
        indexes = [models.Index(fields=["state", "-created_at"], name="proposals_by_state")]

    def __str__(self):
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self):
        return reverse("governance:proposal_detail", args=[self.pk])


class ProposalCell(models.Model):
    """One cell the proposal changes: the party's letters on the duty go from `before` (as the
    matrix held them when the round was put forward) to `after`."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cells")
    duty = models.ForeignKey(Duty, verbose_name=_("duty"), on_delete=models.CASCADE,
                             related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("department"), null=True,
                                   blank=True, on_delete=models.CASCADE, related_name="+")
    role = models.ForeignKey(Role, verbose_name=_("role"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    before = models.CharField(_("letters before"), max_length=4, blank=True)
    after = models.CharField(_("letters after"), max_length=4, blank=True)

    class Meta:
        ordering = ["duty__code", "department__code", "role__code"]
        verbose_name = _("proposed cell")
        verbose_name_plural = _("proposed cells")
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=False, role__isnull=True)
                | Q(department__isnull=True, role__isnull=False),
                name="proposal_cell_exactly_one_party"),
            models.CheckConstraint(condition=Q(before__in=CELLS) & Q(after__in=CELLS),
                                   name="proposal_cell_letters_valid"),
            models.UniqueConstraint(fields=["proposal", "duty", "department"],
                                    condition=Q(department__isnull=False),
                                    name="proposal_cell_unique_department"),
            models.UniqueConstraint(fields=["proposal", "duty", "role"],
                                    condition=Q(role__isnull=False),
                                    name="proposal_cell_unique_role"),
        ]

    def __str__(self):
        return f"{self.duty_id} {self.key}: {self.before or '—'} → {self.after or '—'}"

    @property
    def party(self):
        """The Department or Role whose cell it is."""
        return self.department if self.department_id else self.role

    @property
    def key(self):
        """The party key ("role:<code>", "department:<code>")."""
        if self.department_id:
            return party_key(department_code=self.department.code)
        return party_key(role_code=self.role.code)


class Verdict(models.TextChoices):
    CONSENT = "consent", _("consent")
    OBJECTION = "objection", _("objection")


class Answer(models.Model):
    """A department's answer to one round of a proposal. `by` is empty for the consent that
    silence gives once the consent deadline has passed (`automatic`)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    round = models.PositiveIntegerField(_("round"))
    department = models.ForeignKey(Department, verbose_name=_("department"),
                                   on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(_("answer"), max_length=20, choices=Verdict.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True,
                           blank=True, on_delete=models.PROTECT, related_name="+")
    automatic = models.BooleanField(_("given by the deadline"), default=False)
    at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        ordering = ["proposal", "round", "at", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "round", "department"],
                                    name="answer_one_per_department_and_round"),
            models.CheckConstraint(condition=Q(verdict__in=Verdict.values),
                                   name="answer_verdict_valid"),
            models.CheckConstraint(condition=~Q(verdict=Verdict.OBJECTION) | ~Q(reason=""),
                                   name="answer_objection_has_reason"),
            models.CheckConstraint(condition=Q(automatic=False, by__isnull=False)
                                   | Q(automatic=True, by__isnull=True,
                                       verdict=Verdict.CONSENT),
                                   name="answer_by_someone_or_the_deadline"),
        ]

    def __str__(self):
        return f"{self.department_id} {self.verdict} #{self.proposal_id}/{self.round}"


class EventType(models.TextChoices):
    CELL_CHANGED = "cell.changed", _("a cell changed")
    FINDING_INTRODUCED = "finding.introduced", _("a finding was introduced")
    FINDING_RESOLVED = "finding.resolved", _("a finding was resolved")
    PROPOSAL_DECIDED = "proposal.decided", _("a proposal was applied or rejected")
    MEMBERSHIP_ENDED = "membership.ended", _("a membership ended")


class Event(models.Model):
    """Something other systems are told of, written in the transaction of the change that
    caused it (an outbox): a committed change is never lost, a rolled-back one never sent."""

    type = models.CharField(_("event"), max_length=40, choices=EventType.choices)
    payload = models.JSONField(_("payload"), default=dict)
    created_at = models.DateTimeField(_("happened"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [models.CheckConstraint(condition=Q(type__in=EventType.values),
                                              name="event_type_valid")]

    def __str__(self):
        return f"{self.type} #{self.pk}"


class Webhook(models.Model):
    """A subscription of another system to events: each is POSTed to `url` as JSON, signed
    with `secret` (HMAC-SHA256). `events` lists the event types wanted; empty: all of them."""

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("URL"), max_length=500,
                          validators=[URLValidator(schemes=["http", "https"])])
    secret = models.CharField(_("secret"), max_length=100)
    events = models.JSONField(_("events"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        constraints = [
            models.CheckConstraint(condition=Q(url__startswith="http://")
                                   | Q(url__startswith="https://"), name="webhook_url_http"),
            models.CheckConstraint(condition=~Q(secret=""), name="webhook_secret_given"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        scheme, colon, rest = (self.url or "").partition(":")
        if colon:
            self.url = f"{scheme.lower()}:{rest}"
        events = self.events if isinstance(self.events, list) else [self.events]
        unknown = [str(event) for event in events if event not in EventType.values]
        if unknown:
            raise ValidationError({"events": _("Unknown events: %(events)s. Choose from %(known)s.")
                                   % {"events": ", ".join(unknown),
                                      "known": ", ".join(EventType.values)}})
        self.events = [event for event in EventType.values if event in events]


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


class Delivery(models.Model):
    """One event for one webhook: pending until the receiver answers 2xx, tried again with
    growing pauses (`next_attempt_at`), failed after the last attempt."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(_("state"), max_length=20, choices=DeliveryState.choices,
                             default=DeliveryState.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    response_status = models.PositiveIntegerField(_("response status"), null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event"], name="delivery_once_per_event"),
            models.CheckConstraint(condition=Q(state__in=DeliveryState.values),
                                   name="delivery_state_valid"),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="deliveries_due")]

    def __str__(self):
        return f"{self.event} → {self.webhook}"


class NotificationKind(models.TextChoices):
    PROPOSAL_ROUND = "proposal.round", _("a proposal needs your department's answer")
    CELL_CHANGED = "cell.changed", _("a letter changed on a duty you hold")
    ROLE_VACANT = "role.vacant", _("a role in your department became vacant")
    CAMPAIGN_TASK = "campaign.task", _("a confirmation campaign asks you")
    PERSON_LEFT = "person.left", _("someone left who held letters in your processes")


class Notification(models.Model):
    """One thing to tell one person by mail, written in the transaction of the change that
    caused it (an outbox, docs/notifications.md): sent once that transaction commits, or in
    the person's daily digest (`immediate` False). `key` names what it tells of, so a person
    is told of it once."""

    person = models.ForeignKey("departments.Person", verbose_name=_("person"),
                               on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    key = models.CharField(max_length=200)
    payload = models.JSONField(_("payload"), default=dict)
    immediate = models.BooleanField(_("sent at once"), default=False)
    created_at = models.DateTimeField(_("happened"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="notification_once_per_person"),
            models.CheckConstraint(condition=Q(kind__in=NotificationKind.values),
                                   name="notification_kind_valid"),
        ]
        indexes = [models.Index(fields=["person"], condition=Q(sent_at__isnull=True),
                                name="notifications_unsent")]

    def __str__(self):
        return f"{self.kind} → {self.person_id}"


class Campaign(models.Model):
    """A request to the people Accountable or Responsible for the duties in scope (a department's,
    a process's, or every duty when neither is set) to confirm their letters by `deadline`
    (docs/campaigns.md). `closed_at` is when the deadline was passed and silence recorded."""

    title = models.CharField(_("title"), max_length=200)
    department = models.ForeignKey(Department, verbose_name=_("department"), null=True,
                                   blank=True, on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey("responsibilities.Process", verbose_name=_("process"),
                                null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+")
    deadline = models.DateField(_("deadline"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"),
                                  on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    reminded_on = models.DateField(_("reminded"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("confirmation campaign")
        verbose_name_plural = _("confirmation campaigns")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="campaign_title_given"),
            models.CheckConstraint(condition=Q(department__isnull=True)
                                   | Q(process__isnull=True), name="campaign_one_scope"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:campaign_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.closed_at is None


class ItemAnswer(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    PROPOSED = "proposed", _("proposed a change")
    DISOWNED = "disowned", _("not mine")


class CampaignItem(models.Model):
    """One duty of a campaign for one person holding an A or R post on it when it opened
    (through a role of `department`), and their answer; a person's items are their task."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    person = models.ForeignKey("departments.Person", verbose_name=_("person"),
                               on_delete=models.CASCADE, related_name="+")
    duty = models.ForeignKey(Duty, verbose_name=_("duty"), on_delete=models.CASCADE,
                             related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("department"),
                                   on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("answer"), max_length=20, choices=ItemAnswer.choices,
                              blank=True)
    reason = models.TextField(_("reason"), blank=True)
    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "duty__code", "person_id"]
        verbose_name = _("campaign duty")
        verbose_name_plural = _("campaign duties")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person", "duty"],
                                    name="campaign_item_once_per_person"),
            models.CheckConstraint(condition=Q(answer="") | Q(answer__in=ItemAnswer.values),
                                   name="campaign_item_answer_valid"),
            models.CheckConstraint(condition=~Q(answer=ItemAnswer.DISOWNED) | ~Q(reason=""),
                                   name="campaign_item_disowned_has_reason"),
            models.CheckConstraint(condition=Q(answer="", answered_at__isnull=True)
                                   | (~Q(answer="") & Q(answered_at__isnull=False)),
                                   name="campaign_item_answered_when"),
        ]

    def __str__(self):
        return f"{self.campaign_id} {self.duty_id} {self.person_id}: {self.answer or '—'}"
