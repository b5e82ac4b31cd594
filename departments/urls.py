from django.urls import path

from departments import views

app_name = "departments"

urlpatterns = [
    path("departments/", views.department_list_view, name="department_list"),
    path("departments/<slug:code>/", views.department_detail, name="department_detail"),
    path("roles/<slug:code>/", views.role_detail, name="role_detail"),
]
