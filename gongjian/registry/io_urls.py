"""Excel in and out: /io/ (included under the registry namespace)."""

from django.urls import path

from . import views_io

urlpatterns = [
    path("", views_io.io_home, name="io_home"),
    path("jobs/<int:pk>/", views_io.io_job, name="io_job"),
    path("<str:kind>/template.xlsx", views_io.io_template, name="io_template"),
    path("<str:kind>/import/", views_io.io_import, name="io_import"),
    path("<str:kind>/export.xlsx", views_io.io_export, name="io_export"),
]
