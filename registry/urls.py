"""The root URLconf: each app's pages and each app's part of the REST API under /api/v1/.

Apps are included by name, so the project package imports none of them.
"""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from registry.health import healthz

# One `api` namespace for every app's endpoints (the apps' api/urls.py set no app_name).
api = [
    path("", include("departments.api.routes")),
    path("", include("responsibilities.api.routes")),
    path("", include("findings.api.routes")),
    path("", include("spreadsheets.api.routes")),
    path("", include("governance.api.routes")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # GET only: drf-spectacular's page has no template for an OPTIONS answer (it was a 500).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema",
                                                      http_method_names=["get", "head"]),
         name="docs"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api, "api"))),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("departments.urls")),
    path("", include("responsibilities.urls")),
    path("", include("findings.urls")),
    path("", include("spreadsheets.urls")),
    path("", include("governance.urls")),
    path("", include("identity.urls")),
]
