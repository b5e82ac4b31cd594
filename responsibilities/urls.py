from django.urls import path

from responsibilities import views

app_name = "responsibilities"

urlpatterns = [
    path("", views.home, name="home"),
    path("owners/", views.owner_search, name="owner_search"),
    path("duties/<slug:code>/", views.duty_detail, name="duty_detail"),
    path("duties/<slug:code>/confirm/", views.duty_confirm_page, name="duty_confirm"),
    path("matrix/", views.matrix_edit, name="matrix_edit"),
    path("matrix/cell/", views.matrix_cell_edit, name="matrix_cell_edit"),
    path("processes/", views.process_list, name="process_list"),
    path("processes/<slug:code>/", views.process_detail, name="process_detail"),
    path("processes/<slug:code>/edit/", views.process_edit, name="process_edit"),
    path("departments/", views.department_list, name="department_list"),
    path("departments/<slug:code>/", views.department_detail, name="department_detail"),
    path("roles/<slug:code>/", views.role_detail, name="role_detail"),
    path("changes/", views.change_feed, name="change_list"),
]
