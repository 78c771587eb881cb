# Owned by the Excel import/export work; placeholder routes until views_io lands.
from django.urls import path

from gongjian.core.views_perm import permission_view


@permission_view("registry.import_data")
def io_home(request):
    from django.http import HttpResponse

    return HttpResponse("")


urlpatterns = [
    path("", io_home, name="io_home"),
    path("<str:kind>/export.xlsx", io_home, name="io_export"),
]
