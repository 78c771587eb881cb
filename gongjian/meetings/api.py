"""API v1 of the joint meeting: bodies with their member units, meetings and their decisions,
read through the same scoped selectors as the pages (attendance as a count: no names of
people). Routes: ``ROUTES``."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from gongjian.registry.api import HasPerm

from . import selectors
from .models import BodyMember, Decision, JointMeetingBody, Meeting


class MemberSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name")

    class Meta:
        model = BodyMember
        fields = ["id", "organisation", "organisation_name", "role", "joined_on"]


class BodySerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.name")
    members = MemberSerializer(many=True, read_only=True)

    class Meta:
        model = JointMeetingBody
        fields = ["id", "community", "name", "established_on", "members", "version"]


class MeetingSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.name")
    n_items = serializers.IntegerField(read_only=True)
    n_attendance = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "community", "body", "kind", "title", "date", "place", "minutes_status", "published_at", "n_items", "n_attendance", "version"]


class DecisionSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="item.meeting_id")
    suggestion = serializers.IntegerField(source="item.suggestion_id")
    tasks = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "meeting", "suggestion", "outcome", "reason", "votes_for", "votes_against", "abstentions", "merge_into", "tasks"]


class BodyViewSet(viewsets.ReadOnlyModelViewSet):
    gongjian_permission = "meetings.view_meeting"
    permission_classes = [HasPerm]
    serializer_class = BodySerializer
    filterset_fields = ["community"]

    def get_queryset(self):
        return selectors.body_with_members(selectors.body_list(user=self.request.user))


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    gongjian_permission = "meetings.view_meeting"
    permission_classes = [HasPerm]
    serializer_class = MeetingSerializer
    filterset_fields = {"community": ["exact"], "body": ["exact"], "date": ["exact", "gte", "lte", "year"], "minutes_status": ["exact"]}

    def get_queryset(self):
        from django.db.models import Count

        return selectors.meeting_list(user=self.request.user).annotate(n_attendance=Count("attendance", distinct=True))


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    gongjian_permission = "meetings.view_meeting"
    permission_classes = [HasPerm]
    serializer_class = DecisionSerializer
    filterset_fields = {"item__meeting": ["exact"], "outcome": ["exact"], "item__suggestion": ["exact"]}

    def get_queryset(self):
        meetings = selectors.meeting_list(user=self.request.user).values("pk")
        return Decision.objects.filter(item__meeting__in=meetings).select_related("item").prefetch_related("tasks").order_by("item__meeting", "item__order", "id")


ROUTES = [
    ("meeting-bodies", BodyViewSet, "api-meeting-body"),
    ("meetings", MeetingViewSet, "api-meeting"),
    ("decisions", DecisionViewSet, "api-decision"),
]
