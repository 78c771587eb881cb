from django.urls import path

from . import views_services

app_name = "core"
urlpatterns = [
    path("notices/", views_services.inbox, name="inbox"),
    path("notices/read/", views_services.inbox_read, name="inbox_read"),
    path("notices/failed/", views_services.failed_notices, name="failed_notices"),
    path("jobs/<int:pk>/", views_services.job, name="job"),
    path("jobs/<int:pk>/result/", views_services.job_result, name="job_result"),
]
