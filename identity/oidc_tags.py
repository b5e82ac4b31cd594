"""The login page's single sign-on button (`{% load single_sign_on %}`, registered in
registry/settings.py's TEMPLATES as a library, since identity has no templatetags package)."""

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def single_sign_on_label():
    """The text of the login page's single sign-on button, or "" when single sign-on is off."""
    if not settings.OIDC_ISSUER:
        return ""
    if settings.OIDC_PROVIDER_NAME:
        return _("Sign in with %(provider)s") % {"provider": settings.OIDC_PROVIDER_NAME}
    return _("Sign in with your organisation's account")
