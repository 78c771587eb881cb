"""Reads of campaigns and suggestions, restricted to what the user may see: staff their
communities, a liaison the communities its organisation stands in. The public pages read
through ``public_*`` (no user)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from gongjian.accounts.access import restrict, scope_q
from gongjian.targets.models import Task

from .models import Campaign, Channel, Notice, PublicTextReport, SourceCategory, Suggestion


def campaign_list(*, user, filters: dict | None = None) -> QuerySet[Campaign]:
    filters = filters or {}
    qs = restrict(Campaign.objects.select_related("community", "community__street"), user, "suggestions.view_suggestion").annotate(n_suggestions=Count("suggestions"))
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    if filters.get("community"):
        qs = qs.filter(community_id=filters["community"])
    return qs.order_by("-year", "community__street__name", "community__name")


def suggestion_list(*, user, filters: dict | None = None) -> QuerySet[Suggestion]:
    filters = filters or {}
    qs = restrict(Suggestion.objects.select_related("campaign", "community", "merged_into"), user, "suggestions.view_suggestion")
    for key in ("campaign", "status", "source_category", "channel"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    if filters.get("q"):
        q = filters["q"]
        by_body = Q(body__icontains=q)
        if any(c.isdigit() for c in q):
            # Numbers in the text are masked for whom does not see contacts (a liaison): a
            # search must not find them there either.
            full = scope_q(Suggestion, user, "suggestions.view_contact")
            by_body &= full if full is not None else Q(pk__in=[])
        qs = qs.filter(by_body)
    return qs.order_by("-created_at", "-id")


def reported_list(*, user) -> QuerySet[Suggestion]:
    """Suggestions in the user's staff scope whose public text someone reported (举报), most
    recently reported first, with the reports."""
    qs = restrict(Suggestion.objects.filter(reports__isnull=False).select_related("community"), user, "suggestions.hide_suggestion")
    return (
        qs.annotate(n_reports=Count("reports", distinct=True), last_report=Max("reports__created_at"))
        .prefetch_related(Prefetch("reports", queryset=PublicTextReport.objects.order_by("-created_at", "-id")))
        .order_by("-last_report", "-id")
    )


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
    return Notice.objects.filter(suggestion__in=restrict(Suggestion.objects.all(), user, "suggestions.view_suggestion"))


#: Who answers "which decisions were taken on these suggestions": the meetings app registers
#: its selector from ``ready()`` (the meeting decides on suggestions, so meetings import
#: suggestions and never the reverse).
_decision_sources: list[Callable[..., Iterable]] = []


def register_decision_source(source: Callable[..., Iterable]) -> None:
    """``source(*, suggestion_ids)`` returns the decisions on those suggestions, oldest first."""
    if source not in _decision_sources:
        _decision_sources.append(source)


def decisions_for(*, suggestion_ids) -> list:
    """The decisions taken on these suggestions, from every registered source."""
    ids = list(suggestion_ids)
    return [d for source in _decision_sources for d in source(suggestion_ids=ids)]


def open_for_agenda(*, community_id: int) -> QuerySet[Suggestion]:
    """Suggestions a meeting of the community may still decide on."""
    return Suggestion.objects.filter(
        community_id=community_id, status__in=[Suggestion.Status.RECEIVED, Suggestion.Status.DEFERRED]
    ).order_by("created_at", "id")


# --- public (no user) -------------------------------------------------------------------------


def public_suggestion(*, community, code: str | None = None, pk: int | None = None) -> Suggestion | None:
    """A suggestion of the community by its public code (as the public address has it) or,
    for the merge chain already loaded, by id; hidden ones are not public."""
    lookup = {"public_code": code} if code is not None else {"pk": pk}
    return suggestion_with_trace(Suggestion.objects.filter(community=community, **lookup).select_related("campaign", "merged_into")).first()
