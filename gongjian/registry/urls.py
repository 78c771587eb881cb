from django.urls import include, path

from . import views

app_name = "registry"
urlpatterns = [
    path("places/", views.places, name="places"),
    path("places/street/<int:pk>/", views.street_detail, name="street_detail"),
    path("places/community/new/", views.community_create, name="community_create"),
    path("places/community/<slug:slug>/", views.community_detail, name="community_detail"),
    path("places/community/<slug:slug>/edit/", views.community_edit, name="community_edit"),
    path("places/community/<slug:slug>/liaisons/", views.community_liaisons, name="community_liaisons"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/organisations/", views.person_affiliations, name="person_affiliations"),
    path("io/", include("gongjian.registry.io_urls")),
]
