"""Single sign-on's two routes (identity.oidc), both 404 unless OIDC_ISSUER is set. They keep
mozilla-django-oidc's names: its backend finds the callback by its name. Logging out is the
registry's own (accounts/logout/)."""

from django.urls import path

from identity.oidc import RegistryAuthenticateView, RegistryCallbackView

urlpatterns = [
    path("authenticate/", RegistryAuthenticateView.as_view(), name="oidc_authentication_init"),
    path("callback/", RegistryCallbackView.as_view(), name="oidc_authentication_callback"),
]
