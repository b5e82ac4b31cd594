"""Who a person signing in through single sign-on is in the registry: their login, made on
their first sign-in, and their entry (Person), linked to that login or made for it
(docs/sso.md)."""

import re

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from departments.models import Person
from registry.changes import write_transaction
from registry.services import record_save

# The history reasons of what a first sign-in writes.
LINKED = gettext_noop("linked to their login at their first sign-in")
CREATED = gettext_noop("added at their first sign-in")

# Characters a user name may not hold (Django's UnicodeUsernameValidator allows \w . @ + -).
NOT_IN_USERNAMES = re.compile(r"[^\w.@+-]")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class Refused(Exception):
    """A sign-in the registry refuses; its message, for the person, is shown on the login page."""


def _username(email):
    """A free user name made from `email`: the address itself, or with -2, -3… after it."""
    users = get_user_model()._default_manager
    base = NOT_IN_USERNAMES.sub("_", email.lower())[:150]
    candidate, number = base, 2
    while users.filter(username__iexact=candidate).exists():
        suffix = f"-{number}"
        candidate, number = base[:150 - len(suffix)] + suffix, number + 1
    return candidate


def _login_create(email):
    """A new active login for `email`, without a password (it signs in through the provider)."""
    user = get_user_model()(username=_username(email), email=email)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def _login_of(email, person):
    """The login `person` is linked to, else the one login with `email`, else None; Refused
    when two logins share the address, since either could be the person's."""
    if person is not None and person.user is not None:
        users = [person.user]
    else:
        users = list(get_user_model()._default_manager.filter(email__iexact=email)[:2])
    if len(users) > 1:
        raise Refused(_("More than one login has the address %(email)s, so the registry cannot "
                        "tell which one is yours. Ask an administrator to keep only one.")
                      % {"email": email})
    if users and (users[0].is_staff or users[0].is_superuser):
        # An administrator's login signs in locally only: whoever controls an address at the
        # provider, or may edit the entry linked to it, must not become an administrator.
        raise Refused(_("The address %(email)s belongs to an administrator's local login, "
                        "which signs in with its password, not through the identity "
                        "provider.") % {"email": email})
    return users[0] if users else None


def _person_new(email, name, user):
    """An unsaved Person for `user`, named `name` in Chinese when it is written in Chinese."""
    person = Person(email=email, user=user)
    name = (name or email.split("@")[0])[:200]
    if CJK.search(name):
        person.name_zh_hans = name
    else:
        person.name_en = name
    return person


def _refuse_inactive(person, user):
    """Refused when the person's entry or their login is deactivated."""
    if person is not None and not person.is_active:
        raise Refused(_("Your entry in the registry is deactivated, so you cannot sign in. Ask "
                        "whoever edits people in the registry if this is a mistake."))
    if user is not None and not user.is_active:
        raise Refused(_("Your login to the registry is deactivated, so you cannot sign in. Ask "
                        "an administrator if this is a mistake."))


@write_transaction()
def signed_in(*, email, name):
    """The login of the person whose address is `email` (any case): the one their entry is
    linked to or that has the address; on a first sign-in a new one, linked to their entry,
    or to a new entry named `name`, each with a history row. Refused (nothing written) for a
    deactivated entry or login, or an address two logins share."""
    person = Person.objects.select_related("user").filter(email__iexact=email).first()
    user = _login_of(email, person)
    _refuse_inactive(person, user)
    if user is None:
        user = _login_create(email)
    if person is None:
        person = Person.objects.filter(user=user).first()
        _refuse_inactive(person, None)
    if person is None:
        record_save(_person_new(email, name, user), user=user, reason=CREATED)
    elif person.user_id is None and not Person.objects.filter(user=user).exists():
        # A login already linked to another entry keeps that link: which of the two entries
        # is this person's is for whoever edits people to say, not for the sign-in.
        person.user = user
        record_save(person, user=user, reason=LINKED)
    return user
