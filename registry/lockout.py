"""How django-axes names the user a failed login was for (AXES_USERNAME_CALLABLE)."""

# Django's user names are at most 150 characters; axes stores at most 255.
USERNAME_MAX = 150


def lockout_username(request, credentials=None):
    """The user name a login tried, as axes reads it, cut to the length a user name can have:
    a longer one names nobody, and would not fit axes' table."""
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get("username")
    return username[:USERNAME_MAX] if isinstance(username, str) else username
