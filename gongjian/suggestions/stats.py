"""The briefing's figures of solicitation and joint decision, counted from the database at
call time:

- ``suggestion_source_categories``: source categories with at least one suggestion in the
  year's campaigns (the briefing: 6);
- ``suggestions``: suggestions collected in the year's campaigns (247);
- ``suggestions_adopted``: of them, those adopted by a recorded decision, counting a
  duplicate merged into an adopted suggestion as adopted with it (247, "all absorbed").

Registered with the reports app's statistics from ``SuggestionsConfig.ready()``.
"""

from __future__ import annotations

from django.db.models import Q

from .models import Suggestion


def _year(year: int, district):
    qs = Suggestion.objects.filter(campaign__year=year)
    if district is not None:
        qs = qs.filter(community__street__district_id=getattr(district, "pk", district))
    return qs


def suggestion_source_categories(*, year: int, district=None) -> int:
    return _year(year, district).order_by().values("source_category").distinct().count()


def suggestions(*, year: int, district=None) -> int:
    return _year(year, district).count()


def suggestions_adopted(*, year: int, district=None) -> int:
    adopted = Suggestion.Status.ADOPTED
    return _year(year, district).filter(
        Q(status=adopted) | Q(status=Suggestion.Status.MERGED, merged_into__status=adopted)
    ).count()


FIGURES = {
    "suggestion_source_categories": suggestion_source_categories,
    "suggestions": suggestions,
    "suggestions_adopted": suggestions_adopted,
}
