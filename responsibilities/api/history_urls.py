"""History and spreadsheet endpoints: history/, matrix/diff/, matrix/import/."""

from django.urls import path

from responsibilities.api.history import HistoryView, MatrixDiffView, MatrixImportView

urlpatterns = [
    path("history/", HistoryView.as_view(), name="history"),
    path("matrix/diff/", MatrixDiffView.as_view(), name="matrix-diff"),
    path("matrix/import/", MatrixImportView.as_view(), name="matrix-import"),
]
