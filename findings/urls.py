from django.urls import path

from findings import views

app_name = "findings"

urlpatterns = [
    path("findings/", views.finding_list, name="finding_list"),
]
