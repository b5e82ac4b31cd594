from django.urls import path

from registry.views import home
from responsibilities import views

app_name = "responsibilities"

urlpatterns = [
    path("", home, name="home"),
    path("owners/", views.owner_search, name="owner_search"),
    path("duties/<slug:code>/", views.duty_detail, name="duty_detail"),
    path("matrix/", views.matrix_edit, name="matrix_edit"),
    path("matrix/cell/", views.matrix_cell_edit, name="matrix_cell_edit"),
    path("matrix/import/", views.matrix_import_page, name="matrix_import"),
    path("processes/", views.process_list, name="process_list"),
    path("processes/<slug:code>/", views.process_detail, name="process_detail"),
    path("findings/", views.finding_list, name="finding_list"),
    path("changes/", views.change_feed, name="change_list"),
]
