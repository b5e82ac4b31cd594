"""The findings as data: every finding the rules gave, from when it appeared until it was resolved.

`findings.store` keeps these tables current inside each write's transaction (docs/findings.md,
"Stored findings"); every read of findings is a query on them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from findings.engine import FindingKind, Rule, Severity


class StoredFinding(models.Model):
    """One finding, open while `resolved_at` is empty. The same problem found again after it
    was resolved is a new row: the rows are the findings' history."""

    # The finding's identity (rule, duty, process, parties, departments; for
    # segregation-of-duties also the person and the paired duty), hashed: at most one open
    # finding per key.
    key = models.CharField(max_length=32)
    rule = models.CharField(_("rule"), max_length=40, choices=Rule.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    # Most severe first, then the rule catalogue's order: the lists' first sort key.
    rank = models.PositiveSmallIntegerField()
    # The duty it is about by id as well as code: a duty deleted or renamed still finds its
    # findings to resolve. Not a foreign key: the finding outlives the duty.
    duty_id = models.PositiveIntegerField(null=True)
    duty = models.CharField(_("duty"), max_length=100, null=True)
    process = models.CharField(_("process"), max_length=100, null=True)
    # Party keys and department codes, each separated by one space (codes hold no spaces).
    parties = models.TextField(_("parties"), blank=True)
    departments = models.TextField(_("departments"), blank=True)
    # The other values of the message (a count, a date, the step before): the message itself is
    # written in the reader's language when it is read.
    details = models.JSONField(default=dict)
    opened_at = models.DateTimeField(_("found"))
    resolved_at = models.DateTimeField(_("resolved"), null=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(resolved_at__isnull=True),
                                    name="findings_one_open_per_key"),
        ]
        indexes = [
            models.Index(fields=["rank", "duty", "parties"], condition=Q(resolved_at__isnull=True),
                         name="findings_open_order"),
            models.Index(fields=["duty_id"], condition=Q(resolved_at__isnull=True),
                         name="findings_open_duty_id"),
            models.Index(fields=["duty"], condition=Q(resolved_at__isnull=True),
                         name="findings_open_duty"),
            models.Index(fields=["process"], condition=Q(resolved_at__isnull=True),
                         name="findings_open_process"),
            models.Index(fields=["rule", "parties"], condition=Q(resolved_at__isnull=True),
                         name="findings_open_rule"),
            models.Index(fields=["opened_at"], name="findings_opened_at"),
            models.Index(fields=["resolved_at"], name="findings_resolved_at"),
        ]

    def __str__(self):
        return f"{self.rule} {self.duty or self.process or self.parties or self.departments}"


class FindingDepartment(models.Model):
    """A department a stored finding names: what the department filter and counts read."""

    finding = models.ForeignKey(StoredFinding, on_delete=models.CASCADE,
                                related_name="department_links")
    department = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["department", "finding"], name="findings_by_department")]

    def __str__(self):
        return self.department


class FindingsState(models.Model):
    """The one row saying what the stored findings were computed for: the date of the
    date-driven rules and the thresholds; a read on another date refreshes them all."""

    as_of = models.DateField()
    max_accountable = models.PositiveIntegerField()
    max_consulted = models.PositiveIntegerField()
    # RACI_SOD_PAIRS as "first:second" items, sorted and separated by commas.
    sod_pairs = models.TextField(default="", blank=True)
    confirm_every_days = models.PositiveIntegerField(null=True)
    refreshed_at = models.DateTimeField()

    def __str__(self):
        return f"findings as of {self.as_of}"


class Waiver(models.Model):
    """A finding someone decided to live with, until `expires`: it covers exactly the finding
    with that key (rule, duty, process, parties, departments), so a change to its parties
    revives the finding. It lives here, not beside the duties, because the findings' reads count
    waived findings apart and this app may import no higher one."""

    key = models.CharField(_("finding"), max_length=32)
    rule = models.CharField(_("rule"), max_length=40, choices=Rule.choices)
    duty = models.CharField(_("duty"), max_length=100, null=True, blank=True)
    parties = models.TextField(_("parties"), blank=True)
    reason = models.TextField(_("reason"))
    # Kept when the login is deleted: the waiver stays, without its author.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("author"))
    created = models.DateTimeField(_("created"), default=timezone.now)
    # The finding counts again from this day on.
    expires = models.DateField(_("expires"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("waiver")
        verbose_name_plural = _("waivers")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="findings_waiver_has_reason"),
            # The creation time is compared as a date in the database's zone (UTC), which may
            # be a day ahead of the organisation's (west of UTC): hence "not before", while
            # the services ask for a day after the organisation's today.
            models.CheckConstraint(condition=Q(expires__gte=Cast("created", models.DateField())),
                                   name="findings_waiver_expires_after_created"),
        ]
        indexes = [models.Index(fields=["key", "expires"], name="findings_waiver_key")]

    def __str__(self):
        return f"{self.rule} {self.duty or self.parties} until {self.expires}"
