"""Reads of annual conferences, restricted through the access declarations (``rules.py``):
staff their communities, a liaison the communities its organisation stands in."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from gongjian.accounts.access import restrict
from gongjian.registry.models import Organisation, Person

from .models import Conference, ConferencePhoto, PackJob

VIEW = "commitments.view_conference"
PACK = "commitments.build_pack"


def conference_list(*, user, filters: dict | None = None) -> QuerySet[Conference]:
    filters = filters or {}
    qs = restrict(Conference.objects.select_related("community", "community__street", "plan").annotate(
        n_organisations=Count("organisations", distinct=True), n_people=Count("people", distinct=True), n_photos=Count("photos", distinct=True)),
        user, VIEW)
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
    return restrict(ConferencePhoto.objects.select_related("conference"), user, VIEW)


def pack_job_list(*, user) -> QuerySet[PackJob]:
    """Pack jobs of the conferences whose packs the user may build."""
    return restrict(PackJob.objects.select_related("conference", "conference__community", "conference__community__street", "conference__plan"), user, PACK)
