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
    """Adopted suggestions, and merged ones whose chain (Y into X into Z …) ends in an adopted
    one, as ``Suggestion.primary`` follows it on the public page."""
    adopted = Suggestion.Status.ADOPTED
    count = _year(year, district).filter(status=adopted).count()
    merged = list(_year(year, district).filter(status=Suggestion.Status.MERGED).values_list("pk", "merged_into_id"))
    if not merged:
        return count
    # Follow the chains level by level: one query per level, not per suggestion.
    target = dict(merged)
    status: dict[int, tuple[str, int | None]] = {}
    pending = {t for t in target.values() if t}
    while pending:
        found = dict((pk, (st, into)) for pk, st, into in Suggestion.objects.filter(pk__in=pending).values_list("pk", "status", "merged_into_id"))
        status.update(found)
        pending = {into for st, into in found.values() if into and into not in status}
    for _pk, into in merged:
        seen = set()
        while into and into not in seen:
            seen.add(into)
            st, nxt = status.get(into, (None, None))
            if st == adopted:
                count += 1
                break
            into = nxt if st == Suggestion.Status.MERGED else None
    return count


FIGURES = {
    "suggestion_source_categories": suggestion_source_categories,
    "suggestions": suggestions,
    "suggestions_adopted": suggestions_adopted,
}
