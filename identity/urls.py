"""The identity provider's routes: single sign-on (identity.oidc) and SCIM provisioning with its
sync report (identity.scim_urls)."""

from django.urls import include, path

urlpatterns = [
    path("oidc/", include("identity.oidc_urls")),
    path("", include("identity.scim_urls")),
]
