from django.urls import path

from . import views

app_name = "suggestions"
urlpatterns = [
    path("", views.home, name="home"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/new/", views.suggestion_create, name="suggestion_create"),
    path("<int:pk>/", views.suggestion_detail, name="suggestion_detail"),
    path("<int:pk>/merge/", views.suggestion_merge, name="suggestion_merge"),
    path("<int:pk>/photo/", views.photo, name="photo"),
    path("<int:pk>/hide/", views.suggestion_hide, name="suggestion_hide"),
    path("reported/", views.reported, name="reported"),
]
