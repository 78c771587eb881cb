"""API v1 of target management: plans, tasks, milestones, monthly reports (read, and a
liaison's submission with evidence), and the contributions ledger. Read through the same
scoped selectors as the pages; the report is written by ``services.report_submit`` with the
same permission check as the report page. Routes: ``ROUTES`` (collected by the API urls)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gongjian.core.exceptions import ApplicationError
from gongjian.registry.api import HasPerm

from . import selectors, services
from .models import AnnualPlan, Contribution, Evidence, Milestone, ProgressReport, Task


def service_errors(exc) -> exceptions.ValidationError:
    """A service's refusal as a 400 with the same Chinese messages the pages show."""
    if isinstance(exc, ValidationError):
        return exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    return exceptions.ValidationError({"detail": [str(getattr(exc, "message", exc))]})


class PlanSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.name")
    n_tasks = serializers.IntegerField(read_only=True)

    class Meta:
        model = AnnualPlan
        fields = ["id", "community", "year", "title", "status", "published_at", "n_tasks", "version"]


class TaskSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="plan.community.name")
    year = serializers.IntegerField(source="plan.year")
    category = serializers.CharField(source="category.name")
    lead_organisation_name = serializers.CharField(source="lead_organisation.name", default=None)
    liaison_name = serializers.CharField(source="liaison.name", default=None)

    class Meta:
        model = Task
        fields = [
            "id", "plan", "community", "year", "number", "category", "title", "target_what", "target_quantity", "target_unit", "target_date",
            "deadline", "lead_organisation", "lead_organisation_name", "leader_person", "leader_name", "leader_title", "liaison", "liaison_name",
            "co_organisers", "budget", "weight", "percent", "status", "last_report_month", "version",
        ]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "task", "title", "due", "weight", "percent", "done_on", "version"]


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "kind", "content_type", "size", "caption", "url"]

    def get_url(self, obj) -> str:
        return reverse("targets:evidence_file", args=[obj.pk])


class ReportSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)
    is_late = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "task", "month", "percent", "done_text", "next_step", "status", "submitted_at", "is_late", "evidence", "version"]


class ReportSubmitSerializer(serializers.Serializer):
    """A monthly report as a liaison submits it; ``evidence``: photos or documents (multipart)."""

    task = serializers.IntegerField()
    month = serializers.DateField(help_text="Any day of the month reported on, e.g. 2010-06-01.")
    percent = serializers.IntegerField(min_value=0, max_value=100)
    done_text = serializers.CharField(max_length=4000)
    next_step = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(choices=ProgressReport.Status.choices, default=ProgressReport.Status.ON_TRACK)
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    captions = serializers.ListField(child=serializers.CharField(max_length=200, allow_blank=True), required=False, default=list)
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class ContributionSerializer(serializers.ModelSerializer):
    item_title = serializers.CharField(source="item.title")
    community = serializers.CharField(source="item.community.name")
    year = serializers.IntegerField(source="item.year")
    organisation_name = serializers.CharField(source="organisation.name")

    class Meta:
        model = Contribution
        fields = ["id", "item", "item_title", "community", "year", "organisation", "organisation_name", "role", "amount", "note"]


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    gongjian_permission = "targets.view_plan"
    permission_classes = [HasPerm]
    serializer_class = PlanSerializer
    filterset_fields = ["year", "community", "status"]

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user).select_related("community").order_by("-year", "community__name")


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    gongjian_permission = "targets.view_task"
    permission_classes = [HasPerm]
    serializer_class = TaskSerializer
    filterset_fields = {"plan": ["exact"], "plan__year": ["exact"], "plan__community": ["exact"], "category": ["exact"],
                        "lead_organisation": ["exact", "isnull"], "status": ["exact"]}

    def get_queryset(self):
        return selectors.task_list(user=self.request.user).prefetch_related("co_organisers").order_by("plan__community__name", "number", "id")


class MilestoneViewSet(viewsets.ReadOnlyModelViewSet):
    gongjian_permission = "targets.view_task"
    permission_classes = [HasPerm]
    serializer_class = MilestoneSerializer
    filterset_fields = ["task"]

    def get_queryset(self):
        return Milestone.objects.filter(task__in=selectors.task_list(user=self.request.user).values("pk")).order_by("task", "due", "id")


class ReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Monthly reports in the user's scope; POST submits (or corrects) one month's report on a
    task the user may report on (its lead organisation's liaison, or the community)."""

    gongjian_permission = "targets.view_task"
    permission_classes = [HasPerm]
    serializer_class = ReportSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = {"task": ["exact"], "month": ["exact", "gte", "lte"], "status": ["exact"], "task__plan__year": ["exact"]}

    def get_queryset(self):
        return selectors.report_list(user=self.request.user).prefetch_related("evidence").order_by("task_id", "-month", "id")

    @extend_schema(request=ReportSubmitSerializer, responses={201: ReportSerializer})
    def create(self, request, *args, **kwargs):
        data = ReportSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        task = get_object_or_404(selectors.task_list(user=request.user), pk=v["task"])
        if not request.user.has_perm("targets.report_progress", task):
            raise PermissionDenied
        try:
            report = services.report_submit(
                actor=request.user, task=task, month=v["month"], percent=v["percent"], done_text=v["done_text"], next_step=v["next_step"],
                status=v["status"], uploads=v["evidence"], captions=v["captions"], expected_version=v["expected_version"], source="api",
            )
        except (ApplicationError, ValidationError) as exc:
            raise service_errors(exc) from exc
        report = self.get_queryset().get(pk=report.pk)
        return Response(ReportSerializer(report, context={"request": request}).data, status=status.HTTP_201_CREATED)


class ContributionViewSet(viewsets.ReadOnlyModelViewSet):
    """The contributions ledger: who led or assisted each community-building item, with what."""

    gongjian_permission = "targets.view_ledger"
    permission_classes = [HasPerm]
    serializer_class = ContributionSerializer
    filterset_fields = {"item": ["exact"], "item__year": ["exact"], "item__community": ["exact"], "organisation": ["exact"], "role": ["exact"]}

    def get_queryset(self):
        items = selectors.item_list(user=self.request.user).values("pk")
        return Contribution.objects.filter(item__in=items).select_related("item", "item__community", "organisation").order_by("item_id", "role", "organisation__name")


ROUTES = [
    ("plans", PlanViewSet, "api-plan"),
    ("tasks", TaskViewSet, "api-task"),
    ("milestones", MilestoneViewSet, "api-milestone"),
    ("reports", ReportViewSet, "api-report"),
    ("contributions", ContributionViewSet, "api-contribution"),
]
