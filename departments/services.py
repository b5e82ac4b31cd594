"""Writes of the departments app that are not a record form's: a person's own notification
preferences (docs/notifications.md). Records are written through registry.services."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from departments.models import Person
from registry.changes import write_transaction
from registry.permissions import is_active_user
from registry.services import record_save

PREFERENCES_REASON = gettext_noop("own notification preferences")


def own_person(user):
    """The Person `user`'s login belongs to, or None."""
    if not is_active_user(user):
        return None
    return Person.objects.filter(user=user).first()


@write_transaction()
def preferences_set(*, user, notify, language):
    """Set how and in which language the person of `user`'s login is told by mail: anyone may
    set their own, and only their own. PermissionDenied when the login has no person."""
    person = own_person(user)
    if person is None:
        raise PermissionDenied(_("Your login belongs to nobody in the registry, so there is "
                                 "nothing to tell you by mail. Ask whoever edits people to "
                                 "link your login to your entry."))
    person.notify, person.language = notify, language
    return record_save(person, user=user, reason=PREFERENCES_REASON)
