"""The product's URLs plus one minimal Django view: the baseline a page is measured against."""

from django.http import HttpResponse
from django.urls import path

from gongjian.urls import urlpatterns as product


def minimal(request):
    return HttpResponse("ok")


minimal.gongjian_permission = "public"
urlpatterns = [path("bench/minimal/", minimal), *product]
