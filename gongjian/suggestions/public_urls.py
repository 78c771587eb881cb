"""The suggestions' public pages under ``/c/<slug>/`` (collected by ``public/urls.py``; the URL
names live in the ``public`` namespace: ``public:suggest``, ``public:suggestion``...)."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("<slug:slug>/suggest/", public_views.suggest, name="suggest"),
    path("<slug:slug>/suggest/similar/", public_views.suggest_similar, name="suggest_similar"),
    path("<slug:slug>/suggestions/<str:code>/", public_views.suggestion, name="suggestion"),
    path("<slug:slug>/suggestions/<str:code>/report/", public_views.suggestion_report, name="suggestion_report"),
]
