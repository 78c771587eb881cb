from django.urls import path

from gongjian.meetings import public_views as meetings
from gongjian.suggestions import public_views as suggestions

from . import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.board, name="board"),
    path("<slug:slug>/print/", views.print_board, name="print"),
    path("<slug:slug>/photos/<int:pk>/", views.photo, name="photo"),
    path("<slug:slug>/tasks/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<slug:slug>/suggest/", suggestions.suggest, name="suggest"),
    path("<slug:slug>/suggest/similar/", suggestions.suggest_similar, name="suggest_similar"),
    path("<slug:slug>/suggestions/<str:code>/", suggestions.suggestion, name="suggestion"),
    path("<slug:slug>/suggestions/<str:code>/report/", suggestions.suggestion_report, name="suggestion_report"),
    path("<slug:slug>/meetings/<int:pk>/minutes.docx", meetings.minutes, name="minutes"),
]
