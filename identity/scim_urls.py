"""SCIM 2.0 (django-scim2, behind identity.scim_auth's bearer token) and its sync report."""

from django.urls import include, path

from identity.views import sync_report_page

urlpatterns = [
    path("scim/v2/", include("django_scim.urls")),
    path("identity/sync/", sync_report_page, name="scim_sync_report"),
]
