from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.board, name="board"),
    path("<slug:slug>/print/", views.print_board, name="print"),
    path("<slug:slug>/photos/<int:pk>/", views.photo, name="photo"),
    path("<slug:slug>/tasks/<int:pk>/feedback/", views.feedback, name="feedback"),
]
