from django.urls import path

from governance import campaign_pages, views

app_name = "governance"

urlpatterns = [
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="proposal_answer"),
    path("proposals/<int:pk>/open/", views.proposal_open, name="proposal_open"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path("campaigns/", campaign_pages.campaign_list_page, name="campaign_list"),
    path("campaigns/new/", campaign_pages.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", campaign_pages.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/answer/", campaign_pages.campaign_answer_page,
         name="campaign_answer"),
]
