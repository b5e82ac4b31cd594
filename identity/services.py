"""Every write of the identity app (docs/scim.md): the identity provider's tokens, the people
and groups it provisions, and the memberships its groups start and end. Each record is saved
through registry.services with a history row naming the acting user (for SCIM, the token's
service user), inside registry.changes.write_transaction so the findings stay current."""

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop
from rest_framework.authtoken.models import Token

from departments.models import Membership, Person
from identity.models import ScimGroupMember, ScimToken
from registry.changes import write_transaction
from registry.services import history_stamp, record_save

# The history reasons of the identity provider's changes (said in the reader's language).
PROVISIONED = gettext_noop("provisioned by the identity provider")
JOINED = gettext_noop("joined a group of the identity provider")
LEFT_GROUP = gettext_noop("left a group of the identity provider")
LEFT = gettext_noop("left the organisation")
NOT_STARTED = gettext_noop("left before the membership started")


def token_digest(token):
    """The SHA-256 digest (hex) under which a token is kept."""
    return hashlib.sha256(token.encode()).hexdigest()


@write_transaction()
def token_create(name):
    """(a new token for identity provider `name`, its ScimToken): the token is shown once and
    kept only as its digest; a provider that had one gets a new one, the old one then fails."""
    token = f"scim_{secrets.token_urlsafe(32)}"
    found = ScimToken.objects.filter(name=name).select_related("user").first()
    if found is None:
        user = get_user_model()(username=f"scim-{name}", first_name=name, last_name="(SCIM)",
                                is_active=False)
        # Nobody logs in as the provider: it acts only through its token, at /scim/v2/.
        user.set_unusable_password()
        user.full_clean()
        user.save()
        found = ScimToken(name=name, user=user)
    found.digest = token_digest(token)
    found.full_clean()
    found.save()
    return token, found


def _held_or_coming(today):
    """Q for memberships not ended before `today` (held today, or starting later)."""
    return Q(end_date__isnull=True) | Q(end_date__gte=today)


def login_close(person_id):
    """Deactivate the login of the person `person_id` and delete its API token: a leaver's
    session, token and permissions stop working at once (their next request is anonymous)."""
    login = get_user_model().objects.filter(person__pk=person_id, is_active=True).first()
    if login is None:
        return
    login.is_active = False
    login.save(update_fields=["is_active"])
    Token.objects.filter(user=login).delete()


@write_transaction()
def memberships_end(memberships, *, user, reason):
    """End `memberships` (a queryset) today, each with a history row naming `user`; one not
    started yet is deleted (with its history row). Returns the ids of the roles ended."""
    today, roles = timezone.localdate(), set()
    for membership in memberships.filter(_held_or_coming(today)).order_by("id"):
        if membership.start_date is not None and membership.start_date > today:
            history_stamp(membership, user=user, reason=NOT_STARTED)
            membership.delete()
            continue
        roles.add(membership.role_id)
        membership.end_date = today
        record_save(membership, user=user, reason=reason)
    return roles


@write_transaction()
def role_start(person, role, *, user):
    """`person` holds `role` from today, unless they hold it already (or will); a membership
    of it ended today (taken out of the group and put back the same day) goes on instead."""
    today = timezone.localdate()
    if not person.is_active:
        return None
    memberships = Membership.objects.filter(person=person, role=role)
    if memberships.filter(Q(end_date__isnull=True) | Q(end_date__gt=today)).exists():
        return None
    ended_today = memberships.filter(end_date=today).order_by("id").first()
    if ended_today is not None:
        ended_today.end_date = None
        return record_save(ended_today, user=user, reason=JOINED)
    others = Membership.objects.filter(person=person).filter(_held_or_coming(today)).exists()
    return record_save(Membership(person=person, role=role, start_date=today,
                                  is_primary=not others), user=user, reason=JOINED)


@write_transaction()
def role_end(identity, role, *, user):
    """End `identity`'s person's memberships of `role`, unless another of their groups still
    gives them the role."""
    still = ScimGroupMember.objects.filter(identity=identity, group__role=role).exists()
    if still:
        return set()
    return memberships_end(Membership.objects.filter(person_id=identity.person_id, role=role),
                           user=user, reason=LEFT_GROUP)


@write_transaction()
def person_provision(identity, values, *, user):
    """Create or update the person of `identity` (unsaved for a new one) with `values`
    (name_en, email, phone, is_active when given) and save both: a new identity takes the
    person with the same email, if they are not someone else's already. Returns the
    identity."""
    person = identity.person if identity.pk else None
    email = values.get("email")
    if person is None and email:
        person = Person.objects.filter(email__iexact=email, scim_identity__isnull=True).first()
    person = person or Person()
    for field, value in values.items():
        setattr(person, field, value)
    record_save(person, user=user, reason=PROVISIONED)
    identity.person = person
    return record_save(identity, user=user, reason=PROVISIONED)


@write_transaction()
def person_deprovision(identity, *, user):
    """The identity provider deleted `identity`: its person is deactivated (their memberships
    end, identity.leavers) and kept with their history; the link and group places go."""
    person = identity.person
    for member in identity.group_memberships.all():
        history_stamp(member, user=user, reason=PROVISIONED)
        member.delete()
    history_stamp(identity, user=user, reason=PROVISIONED)
    identity.delete()
    if person.is_active:
        person.is_active = False
        record_save(person, user=user, reason=PROVISIONED)


@write_transaction()
def group_save(group, *, user):
    """Save `group` (display name, external id) with a history row naming `user`."""
    return record_save(group, user=user, reason=PROVISIONED)


@write_transaction()
def group_members_set(group, identities, *, user, add=True, remove=False):
    """Put `identities` in `group` (`add`), take them out (`remove` without `add`), or make
    them its only members (both); the group's role starts and ends with them. Returns
    ([identities joined], [identities left])."""
    current = {member.identity_id: member
               for member in group.memberships.select_related("identity__person")}
    wanted = {identity.pk: identity for identity in identities}
    joined, left = [], []
    if add:
        for pk, identity in wanted.items():
            if pk not in current:
                record_save(ScimGroupMember(group=group, identity=identity), user=user,
                            reason=JOINED)
                joined.append(identity)
    going = (current.keys() - wanted.keys()) if add and remove else (
        current.keys() & wanted.keys() if remove else set())
    for pk in sorted(going):
        member = current[pk]
        history_stamp(member, user=user, reason=LEFT_GROUP)
        member.delete()
        left.append(member.identity)
    if group.role_id is not None:
        # Every member sent, not only the new ones: a person reactivated since, or one whose
        # membership was ended by hand, holds the role again when the provider says so.
        for identity in (wanted.values() if add else ()):
            role_start(identity.person, group.role, user=user)
        for identity in left:
            role_end(identity, group.role, user=user)
    return joined, left


@write_transaction()
def group_delete(group, *, user):
    """The identity provider deleted `group`: its members leave it (and its role), then it
    goes, with its history."""
    group_members_set(group, [member.identity for member in group.memberships.all()],
                      user=user, add=False, remove=True)
    history_stamp(group, user=user, reason=PROVISIONED)
    group.delete()
