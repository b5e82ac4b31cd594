from django.urls import path

from spreadsheets import views

app_name = "spreadsheets"

urlpatterns = [
    path("matrix/import/", views.matrix_import_page, name="matrix_import"),
]
