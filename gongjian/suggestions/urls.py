from django.urls import path

from . import views

app_name = "suggestions"
urlpatterns = [
    path("", views.home, name="home"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/new/", views.suggestion_create, name="suggestion_create"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/export.xlsx", views.campaign_export, name="campaign_export"),
    path("campaigns/<int:pk>/template.xlsx", views.campaign_template, name="campaign_template"),
    path("campaigns/<int:pk>/import/", views.campaign_import, name="campaign_import"),
    path("<int:pk>/", views.suggestion_detail, name="suggestion_detail"),
    path("<int:pk>/merge/", views.suggestion_merge, name="suggestion_merge"),
    path("<int:pk>/photo/", views.photo, name="photo"),
    path("<int:pk>/hide/", views.suggestion_hide, name="suggestion_hide"),
    path("reported/", views.reported, name="reported"),
]
