from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("plans/<int:pk>/export.xlsx", views.plan_export, name="plan_export"),
    path("plans/<int:pk>/template.xlsx", views.plan_template, name="plan_template"),
    path("plans/<int:pk>/import/", views.plan_import, name="plan_import"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("tasks/<int:pk>/steps/", views.milestones, name="milestones"),
    path("tasks/<int:pk>/report/", views.report, name="report"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("progress/", views.bulk_update, name="bulk_update"),
    path("progress/export.xlsx", views.progress_export, name="progress_export"),
    path("progress/import/", views.progress_import, name="progress_import"),
    path("feedback/", views.feedback_queue, name="feedback_queue"),
    path("feedback/<int:pk>/", views.feedback_moderate, name="feedback_moderate"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/new/", views.item_create, name="item_create"),
    path("ledger/<int:pk>/", views.item_detail, name="item_detail"),
    path("ledger/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("contributions/<int:pk>/delete/", views.contribution_delete, name="contribution_delete"),
    path("categories/", views.categories, name="categories"),
]
