"""The spreadsheets app's part of /api/v1/ (no app_name: the root URLconf puts every app's
endpoints in one `api` namespace)."""

from django.urls import path

from spreadsheets.api.endpoints import MatrixImportView

urlpatterns = [
    path("matrix/import/", MatrixImportView.as_view(), name="matrix-import"),
]
