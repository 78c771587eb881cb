"""Reads of joint meeting bodies, meetings and decisions, restricted to what the user may
see (staff their communities, a liaison the communities its organisation stands in); the
public pages read decisions and published minutes through ``public_*``."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from gongjian.accounts.access import restrict
from gongjian.registry.models import Organisation

from .models import AgendaItem, Attendance, BodyMember, Decision, JointMeetingBody, Meeting

VIEW = "meetings.view_meeting"

#: The civil organisations that are non-public enterprise friendship associations.
ASSOCIATION_SUFFIX = "非公企业联谊会"


def body_list(*, user) -> QuerySet[JointMeetingBody]:
    qs = restrict(JointMeetingBody.objects.select_related("community", "community__street").annotate(n_members=Count("members", distinct=True)), user, VIEW)
    return qs.order_by("community__street__name", "community__name")


def body_with_members(qs: QuerySet[JointMeetingBody]) -> QuerySet[JointMeetingBody]:
    return qs.prefetch_related(Prefetch("members", queryset=BodyMember.objects.select_related("organisation").order_by("role", "organisation__name")))


def associations(*, user) -> QuerySet[Organisation]:
    """The district's non-public enterprise friendship associations (非公企业联谊会)."""
    qs = restrict(Organisation.objects.filter(kind=Organisation.Kind.CIVIL, name__endswith=ASSOCIATION_SUFFIX).select_related("community", "community__street"), user, VIEW)
    return qs.order_by("community__street__name", "community__name")


def meeting_list(*, user, filters: dict | None = None) -> QuerySet[Meeting]:
    filters = filters or {}
    qs = restrict(Meeting.objects.select_related("community", "body").annotate(n_items=Count("agenda", distinct=True)), user, VIEW)
    if filters.get("community"):
        qs = qs.filter(community_id=filters["community"])
    if filters.get("year"):
        qs = qs.filter(date__year=filters["year"])
    return qs.order_by("-date", "-id")


def meeting_with_details(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return qs.prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.select_related("organisation").order_by("id")),
        Prefetch(
            "agenda",
            queryset=AgendaItem.objects.select_related("suggestion", "decision", "decision__merge_into").prefetch_related("decision__tasks").order_by("order", "id"),
        ),
    )


def agenda_items(*, user) -> QuerySet[AgendaItem]:
    return restrict(AgendaItem.objects.select_related("meeting", "meeting__community", "suggestion", "suggestion__campaign"), user, VIEW)


def decisions_for(*, suggestion_ids) -> list[Decision]:
    """The decisions on these suggestions, oldest first, with their meeting and tasks."""
    return list(
        Decision.objects.filter(item__suggestion_id__in=list(suggestion_ids))
        .select_related("item", "item__meeting", "merge_into")
        .prefetch_related("tasks")
        .order_by("item__meeting__date", "id")
    )


def public_meeting(*, community, pk: int) -> Meeting | None:
    """A meeting whose minutes are published, for the public pages."""
    return meeting_with_details(
        Meeting.objects.filter(community=community, pk=pk, minutes_status=Meeting.MinutesStatus.PUBLISHED).select_related("community", "body")
    ).first()
