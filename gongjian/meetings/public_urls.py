"""The joint meetings' public pages under ``/c/<slug>/`` (collected by ``public/urls.py``, in the
``public`` namespace): the published minutes."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("<slug:slug>/meetings/<int:pk>/minutes.docx", public_views.minutes, name="minutes"),
]
