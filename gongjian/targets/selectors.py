"""Reads, already restricted to what the user may see and joined so pages do not N+1.

Staff (district, street, community) see what lies in their communities; a liaison sees the
plans and tasks its organisation leads or co-organises, and the ledger of the communities it
reaches. The public board reads published plans only (``board_*``)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from gongjian.accounts.access import restrict

from .models import (
    AnnualPlan,
    BuildingItem,
    Contribution,
    Evidence,
    Feedback,
    Milestone,
    ProgressReport,
    Task,
    WorkCategory,
)


def _own_tasks_q(organisation_ids) -> Q:
    through = Task.co_organisers.through
    return Q(lead_organisation_id__in=organisation_ids) | Q(
        pk__in=through.objects.filter(organisation_id__in=organisation_ids).values("task_id")
    )


def plan_list(*, user, filters: dict | None = None) -> QuerySet[AnnualPlan]:
    filters = filters or {}
    qs = restrict(AnnualPlan.objects.select_related("community", "community__street", "community__street__district"), user, "targets.view_plan")
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    if filters.get("community"):
        qs = qs.filter(community_id=filters["community"])
    if filters.get("street"):
        qs = qs.filter(community__street_id=filters["street"])
    return qs.annotate(n_tasks=Count("tasks"))


def task_list(*, user, filters: dict | None = None) -> QuerySet[Task]:
    filters = filters or {}
    qs = (
        restrict(Task.objects.all(), user, "targets.view_task")
        .select_related("plan", "plan__community", "plan__community__street", "category", "lead_organisation", "liaison")
        .prefetch_related("co_organisers")
    )
    if filters.get("plan"):
        qs = qs.filter(plan_id=filters["plan"])
    if filters.get("year"):
        qs = qs.filter(plan__year=filters["year"])
    if filters.get("community"):
        qs = qs.filter(plan__community_id=filters["community"])
    if filters.get("street"):
        qs = qs.filter(plan__community__street_id=filters["street"])
    if filters.get("lead"):
        qs = qs.filter(lead_organisation_id=filters["lead"])
    if filters.get("category"):
        qs = qs.filter(category_id=filters["category"])
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(lead_organisation__name__icontains=filters["q"]))
    return qs.order_by("plan__community__name", "number")


def rollup_tasks(*, user, year: int) -> QuerySet[Task]:
    """The tasks of a year the user may see, bare (for counting and roll-up in the database)."""
    return restrict(Task.objects.filter(plan__year=year), user, "targets.view_task")


def task_years(*, user) -> list[int]:
    return sorted(set(plan_list(user=user).values_list("year", flat=True)), reverse=True)


def _source_suggestions():
    """The suggestions a task came from (征求意见 → 议事决策 → 任务), lightly loaded."""
    from django.apps import apps

    Suggestion = apps.get_model("suggestions", "Suggestion")
    return Suggestion.objects.order_by("id").only("id", "body", "source_category", "channel", "status", "community_id", "public_code")


def task_with_details(qs: QuerySet[Task]) -> QuerySet[Task]:
    """Milestones, reports with their evidence, comments, feedback and the suggestions the task
    came from, for the task page."""
    return qs.prefetch_related(
        Prefetch("suggestions", queryset=_source_suggestions(), to_attr="source_suggestions"),
        Prefetch("milestones", queryset=Milestone.objects.order_by("due", "id")),
        Prefetch("reports", queryset=ProgressReport.objects.select_related("reported_by").prefetch_related("evidence").order_by("-month")),
        "comments",
        Prefetch("feedback", queryset=Feedback.objects.order_by("-created_at")),
    )


def organisation_tasks(*, user, organisation_id: int, year: int) -> QuerySet[Task]:
    """The tasks an organisation leads in a year (the liaison's bulk update page)."""
    return (
        task_list(user=user, filters={"lead": organisation_id, "year": year})
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due", "id")))
    )


def report_list(*, user) -> QuerySet[ProgressReport]:
    return restrict(ProgressReport.objects.select_related("task", "task__plan"), user, "targets.view_task")


def evidence_list(*, user) -> QuerySet[Evidence]:
    return restrict(Evidence.objects.select_related("report", "report__task", "report__task__plan"), user, "targets.view_task")


def feedback_list(*, user, filters: dict | None = None) -> QuerySet[Feedback]:
    """Residents' feedback for moderation: staff only, in their communities."""
    filters = filters or {}
    qs = restrict(Feedback.objects.select_related("task", "task__plan", "task__plan__community", "answered_by"), user, "targets.moderate_feedback")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return qs.order_by("-created_at", "-id")


def item_list(*, user, filters: dict | None = None) -> QuerySet[BuildingItem]:
    filters = filters or {}
    qs = BuildingItem.objects.select_related("community", "community__street", "category", "task").prefetch_related(
        Prefetch("contributions", queryset=Contribution.objects.select_related("organisation").order_by("role", "organisation__name"))
    )
    qs = restrict(qs, user, "targets.view_ledger")
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    if filters.get("community"):
        qs = qs.filter(community_id=filters["community"])
    return qs.order_by("community__street__name", "community__name", "title")


def category_list(*, user) -> QuerySet[WorkCategory]:
    return restrict(WorkCategory.objects.select_related("district"), user, "targets.manage_categories")


# --- the public board (no user: published plans only) -----------------------------------------


def board_plan(*, community, year: int | None = None) -> AnnualPlan | None:
    """The published plan a community's board shows: the year asked for, else the latest."""
    qs = AnnualPlan.objects.filter(community=community, status=AnnualPlan.Status.PUBLISHED)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year").first()


def board_years(*, community) -> list[int]:
    return list(
        AnnualPlan.objects.filter(community=community, status=AnnualPlan.Status.PUBLISHED).order_by("-year").values_list("year", flat=True)
    )


#: What the board and its print layout show of a task (loading only that keeps it quick).
BOARD_TASK_FIELDS = (
    "id", "plan_id", "number", "title", "target_what", "target_quantity", "target_unit", "target_date", "deadline",
    "leader_name", "leader_title", "weight", "percent", "status", "last_report_month", "updated_at",
    "category__id", "category__name", "category__order", "lead_organisation__id", "lead_organisation__name",
    "liaison__id", "liaison__name", "latest_report__id", "latest_report__month", "latest_report__done_text",
    "latest_report__next_step", "latest_report__updated_at",
)


def board_tasks(*, plan: AnnualPlan) -> QuerySet[Task]:
    """A published plan's tasks with everything the board prints, in a constant number of
    queries: the latest report with its photos, co-organisers, published feedback with answers."""
    from gongjian.registry.models import Organisation

    photos = Evidence.objects.filter(kind=Evidence.Kind.PHOTO).order_by("id").only("id", "report_id", "caption")
    published = (
        Feedback.objects.filter(status=Feedback.Status.PUBLISHED)
        .order_by("created_at", "id")
        .only("id", "task_id", "body", "name", "answer", "answered_at", "created_at", "updated_at")
    )
    return (
        Task.objects.filter(plan=plan)
        .select_related("category", "lead_organisation", "liaison", "latest_report")
        .only(*BOARD_TASK_FIELDS)
        .prefetch_related(
            Prefetch("co_organisers", queryset=Organisation.objects.order_by("name").only("id", "name")),
            Prefetch("latest_report__evidence", queryset=photos, to_attr="photos"),
            Prefetch("feedback", queryset=published, to_attr="published_feedback"),
            Prefetch("suggestions", queryset=_source_suggestions(), to_attr="source_suggestions"),
        )
        .order_by("number")
    )


def board_evidence(*, community, pk: int) -> Evidence | None:
    """A photo the board may show: of a report on a task of a published plan of the community."""
    return (
        Evidence.objects.filter(
            pk=pk,
            kind=Evidence.Kind.PHOTO,
            report__task__plan__community=community,
            report__task__plan__status=AnnualPlan.Status.PUBLISHED,
        )
        .first()
    )
