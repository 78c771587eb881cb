"""Every page a resident sees, under ``/c/``. The board's own pages are here; each app adds its
public pages with a ``public_urls`` module (``urlpatterns`` of paths starting with
``<slug:slug>/``), collected below with one include per app, in the ``public`` namespace."""

from django.urls import include, path

from gongjian.core.extensions import app_modules

from . import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.board, name="board"),
    path("<slug:slug>/print/", views.print_board, name="print"),
    path("<slug:slug>/photos/<int:pk>/", views.photo, name="photo"),
    path("<slug:slug>/tasks/<int:pk>/feedback/", views.feedback, name="feedback"),
]
urlpatterns += [path("", include(module)) for module in app_modules("public_urls")]
