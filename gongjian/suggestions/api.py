"""API v1 of the solicitation of suggestions: campaigns and suggestions (read, scoped like the
pages; never the submitter's contact; the submitter's name masked for roles that are not staff
of the community), and staff entering a paper suggestion through ``services.suggestion_enter``
with the same permission check as the page. Routes: ``ROUTES``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gongjian.accounts.scope import get_scope
from gongjian.core.exceptions import ApplicationError
from gongjian.core.masking import mask_name
from gongjian.registry.api import HasPerm
from gongjian.targets.api import service_errors

from . import selectors, services
from .models import Campaign, Channel, SourceCategory, Suggestion


class CampaignSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.name")
    n_suggestions = serializers.IntegerField(read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "community", "year", "title", "opens_on", "closes_on", "status", "n_suggestions", "version"]


class SuggestionSerializer(serializers.ModelSerializer):
    """A suggestion without any contact field."""

    community = serializers.CharField(source="community.name")
    submitter_name = serializers.SerializerMethodField()
    tasks = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Suggestion
        fields = [
            "id", "campaign", "community", "body", "source_category", "channel", "submitter_name", "status", "merged_into", "status_reason",
            "decided_at", "tasks", "created_at", "version",
        ]

    def get_submitter_name(self, obj) -> str:
        if get_scope(self.context["request"].user).covers_community(obj.community_id, staff_only=True):
            return obj.submitter_name
        return mask_name(obj.submitter_name) if obj.submitter_name else ""


class SuggestionEnterSerializer(serializers.Serializer):
    """A paper (or door-to-door, meeting) suggestion staff enter on someone's behalf."""

    campaign = serializers.IntegerField()
    body = serializers.CharField(max_length=1000)
    source_category = serializers.ChoiceField(choices=SourceCategory.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    submitter_name = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    contact = serializers.CharField(max_length=60, required=False, allow_blank=True, default="", write_only=True)
    photo = serializers.FileField(required=False, allow_null=True, default=None)


class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    gongjian_permission = "suggestions.view_suggestion"
    permission_classes = [HasPerm]
    serializer_class = CampaignSerializer
    filterset_fields = ["year", "community", "status"]

    def get_queryset(self):
        return selectors.campaign_list(user=self.request.user).order_by("-year", "community__name", "-opens_on", "id")


class SuggestionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    gongjian_permission = "suggestions.view_suggestion"
    permission_classes = [HasPerm]
    serializer_class = SuggestionSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = ["campaign", "community", "status", "source_category", "channel"]

    def get_queryset(self):
        return selectors.suggestion_list(user=self.request.user).prefetch_related("tasks")

    @extend_schema(request=SuggestionEnterSerializer, responses={201: SuggestionSerializer})
    def create(self, request, *args, **kwargs):
        data = SuggestionEnterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        campaign = get_object_or_404(selectors.campaign_list(user=request.user), pk=v["campaign"])
        if not request.user.has_perm("suggestions.enter_suggestion", campaign):
            raise PermissionDenied
        try:
            suggestion = services.suggestion_enter(
                actor=request.user, campaign=campaign, body=v["body"], source_category=v["source_category"], channel=v["channel"],
                submitter_name=v["submitter_name"], contact=v["contact"], photo=v["photo"], source="api",
            )
        except (ApplicationError, ValidationError) as exc:
            raise service_errors(exc) from exc
        suggestion = self.get_queryset().get(pk=suggestion.pk)
        return Response(SuggestionSerializer(suggestion, context={"request": request}).data, status=status.HTTP_201_CREATED)


ROUTES = [
    ("campaigns", CampaignViewSet, "api-campaign"),
    ("suggestions", SuggestionViewSet, "api-suggestion"),
]
