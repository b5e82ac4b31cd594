from django.urls import path

from findings import views
from findings.handover_pages import handover

app_name = "findings"

urlpatterns = [
    path("findings/", views.finding_list, name="finding_list"),
    path("handover/", handover, name="handover"),
]
