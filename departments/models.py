from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.codes import CODE_MAX_LENGTH, code_is_slug, validate_code
from registry.languages import one_required, require_one, translated
from registry.locks import serialise

NAME_REQUIRED = _("Give the name in English or in Chinese (or both).")


class Department(models.Model):
    """A unit of the organisation, optionally inside a parent department."""

    code = models.CharField(
        _("code"), max_length=CODE_MAX_LENGTH, unique=True, validators=[validate_code]
    )
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh_hans = models.TextField(_("description (Chinese)"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    chat = models.CharField(
        _("chat channel"), max_length=200, blank=True, help_text=_("Where to reach the team.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    name = translated("name")
    description = translated("description")

    class Meta:
        ordering = ["name_en", "name_zh_hans", "code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            code_is_slug("department"),
            one_required("name", "department", NAME_REQUIRED),
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="department_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        require_one(self, "name", NAME_REQUIRED)
        if self.parent_id is None:
            return
        # The database only refuses a department that is its own parent; a longer cycle
        # (A under B under A) is caught by walking up the chain as committed. Every write
        # validates inside its transaction (registry.services), and the lock makes two
        # re-parentings at once run one after the other, so the second sees the first.
        serialise("department-tree")
        seen = {self.pk}
        ancestor = self.parent_id
        while ancestor is not None:
            if ancestor in seen:
                raise ValidationError(
                    {"parent": _("A department cannot be inside itself or its own sub-department.")}
                )
            seen.add(ancestor)
            ancestor = (
                Department.objects.filter(pk=ancestor).values_list("parent_id", flat=True).first()
            )


class Role(models.Model):
    """A post inside one department; its description is the job description."""

    # A change permission on the department covers this object (registry.permissions), and
    # only that one may make the role the department's approver.
    container_field = "department"
    container_guarded = ("is_approver",)

    code = models.CharField(
        _("code"), max_length=CODE_MAX_LENGTH, unique=True, validators=[validate_code]
    )
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="roles"
    )
    description_en = models.TextField(_("job description (English)"), blank=True)
    description_zh_hans = models.TextField(_("job description (Chinese)"), blank=True)
    # Whoever holds it today answers proposals for the department (docs/proposals.md).
    is_approver = models.BooleanField(
        _("approves changes"), default=False,
        help_text=_("Its holders consent to or object to proposed changes for the department."))
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    name = translated("name")
    description = translated("description")

    class Meta:
        ordering = ["department__name_en", "name_en", "name_zh_hans", "code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [code_is_slug("role"), one_required("name", "role", NAME_REQUIRED)]

    def __str__(self):
        return f"{self.name} ({self.department_id and self.department.name})"

    def clean(self):
        super().clean()
        require_one(self, "name", NAME_REQUIRED)


class Notify(models.TextChoices):
    """How a person is told of what concerns them by mail (docs/notifications.md)."""

    IMMEDIATE = "immediate", _("at once")
    DIGEST = "digest", _("once a day, in one mail")
    OFF = "off", _("never")


class MailLanguage(models.TextChoices):
    """The language of a person's mails; empty: the site's (LANGUAGE_CODE)."""

    SITE = "", _("the site's language")
    EN = "en", _("English")
    ZH_HANS = "zh-hans", _("Simplified Chinese")


class Person(models.Model):
    """Someone who can hold roles; a login is optional."""

    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    chat = models.CharField(_("chat handle"), max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    notify = models.CharField(
        _("notifications"), max_length=20, choices=Notify.choices, default=Notify.DIGEST,
        help_text=_("When to mail them what concerns them: a proposal their department must "
                    "answer, a change of their letters, a post left vacant."))
    language = models.CharField(
        _("language of notifications"), max_length=10, choices=MailLanguage.choices, blank=True,
        default=MailLanguage.SITE)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    name = translated("name")

    class Meta:
        ordering = ["name_en", "name_zh_hans", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            one_required("name", "person", NAME_REQUIRED),
            models.CheckConstraint(condition=Q(notify__in=Notify.values),
                                   name="person_notify_valid"),
            models.CheckConstraint(condition=Q(language__in=MailLanguage.values),
                                   name="person_language_valid"),
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="person_email_unique_when_set",
                violation_error_message=_("Another person already has this email address."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        require_one(self, "name", NAME_REQUIRED)


class Membership(models.Model):
    """A person holding a role, from an optional start to an optional end date."""

    # A change permission on the role covers this object (registry.permissions).
    container_field = "role"

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.CASCADE, related_name="memberships"
    )
    is_primary = models.BooleanField(_("primary role"), default=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Empty while the person holds the role.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["role__name_en", "person__name_en", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="membership_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.person_id and self.person.name} — {self.role_id and self.role.name}"
