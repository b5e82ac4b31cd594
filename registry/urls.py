from django.contrib import admin
from django.urls import include, path

from registry.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("registry.api.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("responsibilities.urls")),
    path("", include("departments.urls")),
]
