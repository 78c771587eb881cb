from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/minutes.docx", views.minutes, name="minutes"),
    path("<int:pk>/approve/", views.minutes_approve, name="minutes_approve"),
    path("items/<int:pk>/decide/", views.decide, name="decide"),
]
