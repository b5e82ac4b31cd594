from django.urls import path

from departments import views

app_name = "departments"

# The add pages sit under /new/: a code may be any slug, so /departments/new/ would be a
# department's page.
urlpatterns = [
    path("new/department/", views.department_create, name="department_create"),
    path("departments/<slug:code>/edit/", views.department_edit, name="department_edit"),
    path("roles/", views.role_list, name="role_list"),
    path("new/role/", views.role_create, name="role_create"),
    path("roles/<slug:code>/edit/", views.role_edit, name="role_edit"),
    path("people/", views.person_list, name="person_list"),
    path("new/person/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("new/membership/", views.membership_create, name="membership_create"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("me/notifications/", views.my_notifications, name="my_notifications"),
]
