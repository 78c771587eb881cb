"""Reads of campaigns and suggestions, restricted to what the user may see: staff their
communities, a liaison the communities its organisation stands in. The public pages read
through ``public_*`` (no user)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from gongjian.accounts.scope import get_scope
from gongjian.targets.models import Task

from .models import Campaign, Channel, Notice, SourceCategory, Suggestion


def _community_ids(user):
    scope = get_scope(user)
    if scope.everything:
        return None
    ids = set(scope.staff_community_ids or ())
    if scope.organisation_ids:
        ids |= set(scope.community_ids or ())
    return ids


def campaign_list(*, user, filters: dict | None = None) -> QuerySet[Campaign]:
    filters = filters or {}
    qs = Campaign.objects.select_related("community", "community__street").annotate(n_suggestions=Count("suggestions"))
    ids = _community_ids(user)
    if ids is not None:
        qs = qs.filter(community_id__in=ids)
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    if filters.get("community"):
        qs = qs.filter(community_id=filters["community"])
    return qs.order_by("-year", "community__street__name", "community__name")


def suggestion_list(*, user, filters: dict | None = None) -> QuerySet[Suggestion]:
    filters = filters or {}
    qs = Suggestion.objects.select_related("campaign", "community", "merged_into")
    ids = _community_ids(user)
    if ids is not None:
        qs = qs.filter(community_id__in=ids)
    for key in ("campaign", "status", "source_category", "channel"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    if filters.get("q"):
        qs = qs.filter(body__icontains=filters["q"])
    return qs.order_by("-created_at", "-id")


def suggestion_with_trace(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """The tasks a suggestion became (with their plan and latest report), its duplicates and
    its agenda items with decisions: the whole trace on one page."""
    return qs.prefetch_related(
        Prefetch("tasks", queryset=Task.objects.select_related("plan", "plan__community", "lead_organisation", "latest_report").order_by("plan__year", "number")),
        Prefetch("duplicates", queryset=Suggestion.objects.order_by("created_at", "id")),
        "agenda_items__meeting",
        "agenda_items__decision",
        "notices",
    )


def coverage(qs: QuerySet[Suggestion]) -> dict:
    """Suggestions by source category × channel, with row and column totals, and the
    categories not heard from."""
    counts = {(r["source_category"], r["channel"]): r["n"] for r in qs.order_by().values("source_category", "channel").annotate(n=Count("id"))}
    rows = []
    for cat, label in SourceCategory.choices:
        cells = [counts.get((cat, ch), 0) for ch, _ in Channel.choices]
        rows.append({"key": cat, "label": label, "cells": cells, "total": sum(cells)})
    totals = [sum(counts.get((cat, ch), 0) for cat, _ in SourceCategory.choices) for ch, _ in Channel.choices]
    return {
        "channels": Channel.choices, "rows": rows, "totals": totals, "total": sum(totals),
        "missing": [r["label"] for r in rows if not r["total"]],
    }


def notice_list(*, user) -> QuerySet[Notice]:
    qs = Notice.objects.filter(suggestion__isnull=False)
    ids = _community_ids(user)
    if ids is not None:
        qs = qs.filter(suggestion__community_id__in=ids)
    return qs


def open_for_agenda(*, community_id: int) -> QuerySet[Suggestion]:
    """Suggestions a meeting of the community may still decide on."""
    return Suggestion.objects.filter(
        community_id=community_id, status__in=[Suggestion.Status.RECEIVED, Suggestion.Status.DEFERRED]
    ).order_by("created_at", "id")


# --- public (no user) -------------------------------------------------------------------------


def public_suggestion(*, community, pk: int) -> Suggestion | None:
    return suggestion_with_trace(Suggestion.objects.filter(community=community, pk=pk).select_related("campaign", "merged_into")).first()


def scope_filter(qs: QuerySet, user) -> QuerySet:
    ids = _community_ids(user)
    return qs if ids is None else qs.filter(community_id__in=ids)


