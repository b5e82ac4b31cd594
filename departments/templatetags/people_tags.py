"""People as readers know them: a login named by the person it belongs to."""

from django import template

register = template.Library()


@register.filter
def login_name(user):
    """The name of the person a login belongs to (in the reader's language), else the user's
    full name, else the user name; "" for none. Load the user with `person` to spare a query."""
    if user is None:
        return ""
    person = getattr(user, "person", None)
    if person is not None:
        return person.name
    return user.get_full_name() or user.get_username()
