"""What every page of every app shares: the gate to read at all, and the 404 of a code that
names nothing."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from registry.permissions import can_read


def reader_required(view):
    """Pages need a login unless REGISTRY_PUBLIC_READ is on; anonymous visitors are sent to
    the login page and come back afterwards."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if can_read(request.user):
            return view(request, *args, **kwargs)
        return redirect_to_login(request.get_full_path())

    return wrapped


def found(value):
    """`value`, or a 404 when a selector found nothing for the code in the URL."""
    if value is None:
        raise Http404("Nothing has this code.")
    return value
