"""The identity provider's records (docs/scim.md): its tokens, the people and groups it
provisions by SCIM, and which role each group stands for. Person and Role stay as they are;
what SCIM needs to know about them lives here."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.codes import CODE_MAX_LENGTH, validate_code

# SCIM leaves the length of names and ids open; these hold what Entra ID and Okta send.
SCIM_TEXT = 300


class ScimToken(models.Model):
    """The bearer token of one identity provider: only its SHA-256 digest is kept. Its
    service user is the author of every change the provider makes, in the history."""

    name = models.CharField(_("name"), max_length=CODE_MAX_LENGTH, unique=True,
                            validators=[validate_code])
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("service user"),
                                on_delete=models.PROTECT, related_name="scim_token")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("SCIM token")
        verbose_name_plural = _("SCIM tokens")
        constraints = [models.CheckConstraint(condition=~Q(digest=""),
                                              name="scim_token_has_digest")]

    def __str__(self):
        return self.name


class ScimIdentity(models.Model):
    """A person as the identity provider knows them: its id for them (`external_id`), the
    id the registry gave them over SCIM (`scim_id`) and the userName it sent."""

    person = models.OneToOneField("departments.Person", verbose_name=_("person"),
                                  on_delete=models.CASCADE, related_name="scim_identity")
    scim_id = models.UUIDField(_("SCIM id"), default=uuid.uuid4, unique=True, editable=False)
    user_name = models.CharField(_("user name"), max_length=SCIM_TEXT)
    external_id = models.CharField(_("external id"), max_length=SCIM_TEXT, blank=True)
    # The parts of the name as sent, given back as they came (the person's name is whole).
    given_name = models.CharField(_("given name"), max_length=SCIM_TEXT, blank=True)
    family_name = models.CharField(_("family name"), max_length=SCIM_TEXT, blank=True)
    created_at = models.DateTimeField(_("provisioned"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user_name", "id"]
        verbose_name = _("provisioned person")
        verbose_name_plural = _("provisioned people")
        constraints = [
            models.UniqueConstraint(Lower("user_name"), name="scim_identity_user_name_unique",
                                    violation_error_message=_(
                                        "Another person already has this user name.")),
            models.CheckConstraint(condition=~Q(user_name=""),
                                   name="scim_identity_has_user_name"),
        ]

    def __str__(self):
        return self.user_name


class ScimGroup(models.Model):
    """A group of the identity provider; its members hold `role` while they are in it. An
    administrator may make the group (its display name and role) before the provider sends
    it; a group without a role is kept and changes no membership."""

    scim_id = models.UUIDField(_("SCIM id"), default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(_("group name"), max_length=SCIM_TEXT,
                                    help_text=_("As the identity provider names the group."))
    external_id = models.CharField(_("external id"), max_length=SCIM_TEXT, blank=True)
    role = models.ForeignKey("departments.Role", verbose_name=_("role"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+",
                             help_text=_("Its members hold this role; empty: none."))
    members = models.ManyToManyField(ScimIdentity, through="ScimGroupMember",
                                     related_name="groups", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_name", "id"]
        verbose_name = _("SCIM group")
        verbose_name_plural = _("SCIM groups")
        constraints = [
            models.UniqueConstraint(Lower("display_name"), name="scim_group_name_unique",
                                    violation_error_message=_(
                                        "Another group already has this name.")),
            models.CheckConstraint(condition=~Q(display_name=""), name="scim_group_has_name"),
        ]

    def __str__(self):
        return self.display_name


class ScimGroupMember(models.Model):
    """A provisioned person in a group, as the identity provider says."""

    group = models.ForeignKey(ScimGroup, verbose_name=_("group"), on_delete=models.CASCADE,
                              related_name="memberships")
    identity = models.ForeignKey(ScimIdentity, verbose_name=_("provisioned person"),
                                 on_delete=models.CASCADE, related_name="group_memberships")
    history = HistoricalRecords()

    class Meta:
        ordering = ["group_id", "identity_id"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [models.UniqueConstraint(fields=["group", "identity"],
                                               name="scim_group_member_once")]

    def __str__(self):
        return f"{self.identity_id} ∈ {self.group_id}"


class ScimSync(models.Model):
    """One write the identity provider made over SCIM, recorded in its own transaction: what
    it asked, the history rows it wrote and the findings it opened and resolved."""

    token = models.ForeignKey(ScimToken, verbose_name=_("identity provider"),
                              on_delete=models.CASCADE, related_name="syncs")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("address"), max_length=500)
    # [{"what": "created" | "updated" | …, "person": name, "group": name}, …]: said in the
    # reader's language on the sync report.
    actions = models.JSONField(_("what"), default=list)
    # [[app label.model, history id], …] of the rows written
    changes = models.JSONField(default=list)
    # The findings the write opened and resolved, each as findings.engine.Finding's fields.
    opened = models.JSONField(default=list)
    resolved = models.JSONField(default=list)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("SCIM change")
        verbose_name_plural = _("SCIM changes")
        indexes = [models.Index(fields=["-at", "-id"], name="scim_sync_latest")]

    def __str__(self):
        return f"{self.method} {self.path}"
