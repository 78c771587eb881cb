from django.urls import path

from . import views

app_name = "posts"
urlpatterns = [
    path("", views.home, name="home"),
    path("kinds/", views.kinds, name="kinds"),
    path("kinds/new/", views.kind_create, name="kind_create"),
    path("kinds/<int:pk>/", views.kind_edit, name="kind_edit"),
    path("community/<slug:slug>/", views.community, name="community"),
    path("community/<slug:slug>/new/", views.post_create, name="post_create"),
    path("community/<slug:slug>/hours/", views.hours, name="hours"),
    path("community/<slug:slug>/roster.xlsx", views.roster_export, name="roster_export"),
    path("community/<slug:slug>/service-log.xlsx", views.log_export, name="log_export"),
    path("community/<slug:slug>/template.xlsx", views.roster_template, name="roster_template"),
    path("community/<slug:slug>/import/", views.roster_import, name="roster_import"),
    path("<int:pk>/", views.post_detail, name="post_detail"),
    path("<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/claim/", views.claim, name="claim"),
    path("holdings/<int:pk>/", views.holding_detail, name="holding_detail"),
    path("holdings/<int:pk>/decide/", views.decide, name="decide"),
    path("holdings/<int:pk>/end/", views.holding_end, name="holding_end"),
    path("holdings/<int:pk>/transfer/", views.holding_transfer, name="holding_transfer"),
    path("holdings/<int:pk>/renew/", views.holding_renew, name="holding_renew"),
    path("holdings/<int:pk>/log/", views.entry_new, name="entry_new"),
    path("entries/<int:pk>/review/", views.entry_review, name="entry_review"),
    path("entries/<int:pk>/evidence/", views.entry_evidence, name="entry_evidence"),
    path("mine/", views.mine, name="mine"),
    path("mine/profile/", views.profile, name="profile"),
    path("organisation/", views.organisation, name="organisation"),
]
