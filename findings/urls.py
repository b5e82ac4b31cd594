from django.urls import path

from findings import views
from findings.handover_pages import handover
from findings.waiver_pages import waiver_create, waiver_withdraw

app_name = "findings"

urlpatterns = [
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/waive/", waiver_create, name="waiver_create"),
    path("waivers/<str:pk>/withdraw/", waiver_withdraw, name="waiver_withdraw"),
    path("handover/", handover, name="handover"),
]
