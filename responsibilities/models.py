from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from departments.models import Department, Role
from registry.codes import CODE_MAX_LENGTH, code_is_slug, validate_code
from registry.languages import one_required, require_one, translated


class Raci(models.TextChoices):
    """The four letters of a RACI matrix, in their conventional order."""

    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


# The order of letters within one cell: "AR", as RACI matrices are usually written.
RACI_ORDER = "ARCI"


class ProcessKind(models.TextChoices):
    PROCESS = "process", _("Process")
    PLAYBOOK = "playbook", _("Incident playbook")


NAME_REQUIRED = _("Give the name in English or in Chinese (or both).")
TITLE_REQUIRED = _("Give the title in English or in Chinese (or both).")


class Process(models.Model):
    """An ordered series of duties, or an incident playbook."""

    code = models.CharField(
        _("code"), max_length=CODE_MAX_LENGTH, unique=True, validators=[validate_code]
    )
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh_hans = models.TextField(_("description (Chinese)"), blank=True)
    owner = models.ForeignKey(
        Department,
        verbose_name=_("owner department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_processes",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ProcessKind.choices, default=ProcessKind.PROCESS
    )
    channel = models.CharField(
        _("coordination channel"),
        max_length=200,
        blank=True,
        help_text=_("Where the people on this process coordinate: a chat group, a meeting."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    name = translated("name")
    description = translated("description")

    class Meta:
        ordering = ["name_en", "name_zh_hans", "code"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        constraints = [
            code_is_slug("process"),
            one_required("name", "process", NAME_REQUIRED),
            models.CheckConstraint(
                condition=Q(kind__in=ProcessKind.values), name="process_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        require_one(self, "name", NAME_REQUIRED)


class Duty(models.Model):
    """An activity, decision or deliverable; a row of the matrix."""

    # A change permission on the process covers this object (registry.permissions).
    container_field = "process"

    code = models.CharField(
        _("code"), max_length=CODE_MAX_LENGTH, unique=True, validators=[validate_code]
    )
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_zh_hans = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh_hans = models.TextField(_("description (Chinese)"), blank=True)
    out_of_scope_en = models.TextField(
        _("out of scope (English)"),
        blank=True,
        help_text=_("What this duty does not cover, and who to ask instead."),
    )
    out_of_scope_zh_hans = models.TextField(_("out of scope (Chinese)"), blank=True)
    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duties",
    )
    step = models.PositiveIntegerField(
        _("step"), null=True, blank=True, help_text=_("Order within the process.")
    )
    review_by = models.DateField(_("review by"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # A control (ISO 27001 A.5.3, SOX): the rule segregation-of-duties checks it.
    is_control = models.BooleanField(
        _("control"),
        default=False,
        help_text=_("Control: the Accountable and the Responsible must differ, as parties and as"
                    " people."),
    )
    # When its letters were last confirmed as right, and by whom (stale-confirmation counts
    # from it, or from `created_at` for a duty never confirmed).
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True,
                                        editable=False)
    confirmed_by = models.ForeignKey(
        "departments.Person", verbose_name=_("confirmed by"), null=True, blank=True,
        editable=False, on_delete=models.SET_NULL, related_name="+")
    # The owners who did not confirm its letters: [{"person": id, "reason": text}], a reason
    # when they said the duty is not theirs, none when a confirmation campaign's deadline
    # passed without an answer. The rule `unconfirmed` names them until its letters are
    # confirmed (responsibilities.services.confirmations).
    unconfirmed = models.JSONField(_("not confirmed by"), default=list, blank=True,
                                   editable=False)
    history = HistoricalRecords()

    title = translated("title")
    description = translated("description")
    out_of_scope = translated("out_of_scope")

    class Meta:
        ordering = ["process__name_en", "step", "code"]
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        constraints = [
            code_is_slug("duty"),
            one_required("title", "duty", TITLE_REQUIRED),
            models.UniqueConstraint(
                fields=["process", "step"],
                name="duty_step_unique_per_process",
                violation_error_message=_("Another duty already has this step in this process."),
            ),
            models.CheckConstraint(
                condition=Q(step__isnull=True) | Q(step__gte=1), name="duty_step_positive"
            ),
            models.CheckConstraint(
                condition=Q(process__isnull=False) | Q(step__isnull=True),
                name="duty_step_needs_process",
                violation_error_message=_("A step number needs a process."),
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.title}"

    def clean(self):
        super().clean()
        require_one(self, "title", TITLE_REQUIRED)


class Assignment(models.Model):
    """One RACI letter of one party (a department or a role) on one duty."""

    # A change permission on the duty covers this object (registry.permissions).
    container_field = "duty"

    duty = models.ForeignKey(
        Duty, verbose_name=_("duty"), on_delete=models.CASCADE, related_name="assignments"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    role = models.ForeignKey(
        Role,
        verbose_name=_("role"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    raci = models.CharField(_("letter"), max_length=1, choices=Raci.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["duty__code", "raci", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=False, role__isnull=True)
                | Q(department__isnull=True, role__isnull=False),
                name="assignment_exactly_one_party",
                violation_error_message=_("Choose either a department or a role, not both."),
            ),
            models.CheckConstraint(
                condition=Q(raci__in=Raci.values), name="assignment_raci_valid"
            ),
            models.UniqueConstraint(
                fields=["duty", "department", "raci"],
                condition=Q(department__isnull=False),
                name="assignment_unique_department_letter",
                violation_error_message=_("This department already has this letter on this duty."),
            ),
            models.UniqueConstraint(
                fields=["duty", "role", "raci"],
                condition=Q(role__isnull=False),
                name="assignment_unique_role_letter",
                violation_error_message=_("This role already has this letter on this duty."),
            ),
        ]

    def __str__(self):
        party = self.role if self.role_id else self.department
        return f"{self.raci} · {party} · {self.duty_id and self.duty.code}"


class DutySearch(models.Model):
    """What "who owns this?" searches, one row per duty, kept current on every write
    (responsibilities.lookup_index): the words (lower case, Simplified Chinese, one Chinese
    character a word) of both languages, by where they were found, which the database's
    full-text search indexes (PostgreSQL: tsvector columns; SQLite: an FTS5 table)."""

    duty = models.OneToOneField(Duty, on_delete=models.CASCADE, primary_key=True,
                                related_name="search")
    shown = models.BooleanField(default=True)  # the duty and its process are active
    code = models.CharField(max_length=CODE_MAX_LENGTH)  # as it is, for an exact match
    code_words = models.TextField(blank=True)
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)  # description and process name
    outside = models.TextField(blank=True)  # what the duty does not cover
    owners = models.TextField(blank=True)  # A and R parties, their departments and people
    others = models.TextField(blank=True)  # C and I parties, their departments and people
    # The parties the out-of-scope text sends the reader to: [[key, English, Chinese name]]
    asks = models.JSONField(default=list, blank=True)
    # The order of the results: a process's duties together, by step.
    process_key = models.IntegerField(null=True, blank=True)  # the process's id
    process_en = models.CharField(max_length=200, blank=True)
    process_zh_hans = models.CharField(max_length=200, blank=True)
    step = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return f"{self.duty_id}: {self.code}"


class LookupWord(models.Model):
    """A Latin word of five letters or more found in the searched text: the words a typo in a
    question is corrected to. Kept by first and last two letters and length, so the
    candidates for one word are read on an index."""

    word = models.CharField(max_length=100, primary_key=True)
    head = models.CharField(max_length=2)
    tail = models.CharField(max_length=2)
    length = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["head", "length"], name="lookup_word_head"),
                   models.Index(fields=["tail", "length"], name="lookup_word_tail")]

    def __str__(self):
        return self.word
