from django.urls import path

from . import views

app_name = "commitments"
urlpatterns = [
    path("conferences/", views.home, name="home"),
    path("conferences/new/", views.conference_create, name="conference_create"),
    path("conferences/<int:pk>/", views.conference_detail, name="conference_detail"),
    path("conferences/<int:pk>/edit/", views.conference_edit, name="conference_edit"),
    path("conferences/<int:pk>/pack/", views.pack_build, name="pack_build"),
    path("conferences/photos/<int:pk>/", views.photo_file, name="photo_file"),
    path("packs/<int:pk>/", views.pack_job, name="pack_job"),
    path("packs/<int:pk>/download/", views.pack_download, name="pack_download"),
]
