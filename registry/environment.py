"""Strict readers for settings taken from the environment.

Each helper raises ImproperlyConfigured on a value it cannot parse, so a typo
in a deployment stops the app at start-up instead of changing its behaviour.
"""

import email.utils
import os
import urllib.parse

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name, default, *, minimum=None):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name, default=""):
    """Read NAME, or the contents of the file named by NAME_FILE (for mounted secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE cannot be read: {error}.") from None
    return os.environ.get(name, default)


RATE_PERIODS = ("second", "minute", "hour", "day")


def env_rate(name, default):
    """A request rate such as `600/minute` (DRF's throttle rate form)."""
    raw = os.environ.get(name) or default
    count, _, period = raw.strip().partition("/")
    if not count.isdigit() or int(count) < 1 or period not in RATE_PERIODS:
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per second, minute, hour or day, such as "
            f"600/minute, not {raw!r}."
        )
    return f"{int(count)}/{period}"


# EMAIL_URL's schemes: (Django's backend, STARTTLS, TLS from the start, the default port).
EMAIL_SCHEMES = {
    "console": ("django.core.mail.backends.console.EmailBackend", False, False, None),
    "smtp": ("django.core.mail.backends.smtp.EmailBackend", False, False, 25),
    "smtp+tls": ("django.core.mail.backends.smtp.EmailBackend", True, False, 587),
    "smtp+ssl": ("django.core.mail.backends.smtp.EmailBackend", False, True, 465),
}
EMAIL_FORMS = ("console://, smtp://[user:password@]host[:port], smtp+tls://… (STARTTLS) or "
               "smtp+ssl://…")


def _without_password(raw):
    """`raw` with the password of its user part hidden, for an error message."""
    scheme, separator, rest = raw.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not separator or not at or ":" not in credentials:
        return raw
    return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"


def email_url(name, raw):
    """Django's mail settings (EMAIL_BACKEND, EMAIL_HOST, …) from a mail URL such as
    `smtp+tls://user:password@mail.example.com:587`; ImproperlyConfigured naming `name` on
    anything else. User and password may be percent-encoded (`%40` for `@`)."""
    def refused(why):
        return ImproperlyConfigured(
            f"{name} must be {EMAIL_FORMS}, not {_without_password(raw)!r} ({why}).")

    text = raw.strip()
    try:
        parts = urllib.parse.urlsplit(text)
        port = parts.port
    except ValueError:
        raise refused("the port must be a number from 1 to 65535") from None
    scheme = parts.scheme.lower()
    if "://" not in text or scheme not in EMAIL_SCHEMES:
        raise refused("unknown scheme")
    backend, starttls, ssl, default_port = EMAIL_SCHEMES[scheme]
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise refused("a path, query or fragment means nothing here; percent-encode / ? # "
                      "in a password")
    if scheme == "console":
        if parts.netloc:
            raise refused("console:// takes no host")
        return {"EMAIL_BACKEND": backend, "EMAIL_HOST": "localhost", "EMAIL_PORT": 25,
                "EMAIL_HOST_USER": "", "EMAIL_HOST_PASSWORD": "", "EMAIL_USE_TLS": False,
                "EMAIL_USE_SSL": False}
    if not parts.hostname:
        raise refused("no host")
    if port == 0:
        raise refused("the port must be a number from 1 to 65535")
    return {
        "EMAIL_BACKEND": backend,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or default_port,
        "EMAIL_HOST_USER": urllib.parse.unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": urllib.parse.unquote(parts.password or ""),
        "EMAIL_USE_TLS": starttls,
        "EMAIL_USE_SSL": ssl,
    }


def env_email(name, default="console://"):
    """The mail settings from NAME (or the file NAME_FILE names, since it may hold a
    password), as `email_url` reads them."""
    return email_url(name, env_secret(name) or default)


def env_address(name, default):
    """A sender address such as `registry@example.com` or `Registry <registry@example.com>`."""
    raw = os.environ.get(name) or default
    _name, address = email.utils.parseaddr(raw)
    try:
        if "\n" in raw or "\r" in raw:
            raise ValidationError("not on one line")
        validate_email(address)
    except ValidationError:
        raise ImproperlyConfigured(
            f"{name} must be a mail address such as registry@example.com or "
            f"\"Registry <registry@example.com>\", not {raw!r}.") from None
    return raw.strip()


def env_site_url(name, default):
    """The address the registry is reached at from outside, such as
    `https://raci.example.com` (no trailing slash): what links in mails start with."""
    raw = (os.environ.get(name) or default).strip()
    parts = urllib.parse.urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query \
            or parts.fragment:
        raise ImproperlyConfigured(
            f"{name} must be an http or https address such as https://raci.example.com, "
            f"not {raw!r}.")
    return raw.rstrip("/")
