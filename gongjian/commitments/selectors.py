"""Reads of annual conferences, restricted to what the user may see: staff their
communities, a liaison the communities its organisation stands in."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from gongjian.registry.models import Organisation, Person
from gongjian.suggestions.selectors import _community_ids

from .models import Conference, ConferencePhoto, PackJob


def conference_list(*, user, filters: dict | None = None) -> QuerySet[Conference]:
    filters = filters or {}
    qs = Conference.objects.select_related("community", "community__street", "plan").annotate(
        n_organisations=Count("organisations", distinct=True), n_people=Count("people", distinct=True), n_photos=Count("photos", distinct=True))
    ids = _community_ids(user)
    if ids is not None:
        qs = qs.filter(community_id__in=ids)
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    if filters.get("community"):
        qs = qs.filter(community_id=filters["community"])
    return qs.order_by("-year", "community__street__name", "community__name")


def conference_with_details(qs: QuerySet[Conference]) -> QuerySet[Conference]:
    return qs.prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.order_by("kind", "name")),
        Prefetch("people", queryset=Person.objects.order_by("name")),
        Prefetch("photos", queryset=ConferencePhoto.objects.order_by("id")),
    )


def photo_list(*, user) -> QuerySet[ConferencePhoto]:
    qs = ConferencePhoto.objects.select_related("conference")
    ids = _community_ids(user)
    if ids is not None:
        qs = qs.filter(conference__community_id__in=ids)
    return qs


def pack_job_list(*, user) -> QuerySet[PackJob]:
    """Pack jobs of the conferences the user sees (a pack holds what its conference shows)."""
    qs = PackJob.objects.select_related("conference", "conference__community")
    ids = _community_ids(user)
    if ids is not None:
        qs = qs.filter(conference__community_id__in=ids)
    return qs
