"""Public pages under the board: /c/<slug>/posts/ (collected by public/urls.py)."""

from django.urls import path

from . import public

urlpatterns = [
    path("<slug:slug>/posts/", public.roster, name="posts_roster"),
    path("<slug:slug>/posts/print/", public.roster_print, name="posts_print"),
    path("<slug:slug>/posts/claim/", public.public_claim, name="posts_claim"),
]
