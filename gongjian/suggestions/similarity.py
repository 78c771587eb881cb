"""Similar suggestions (相似意见): shown to a resident while typing and to staff reviewing, so
that duplicates are seen and merged.

- PostgreSQL: pg_trgm's trigram similarity on ``search_text``, the text's character bigrams
  written as words (see ``gram_text``). A GiST trigram index (``gist_trgm_ops``; the
  extension and index come with the migrations) hands the rows out nearest first
  (``ORDER BY search_text <-> query LIMIT n``), so a search reads a few index pages instead
  of rechecking every row that shares a common bigram.
- Elsewhere (SQLite): Dice's coefficient over Chinese character bigrams. Every suggestion's
  bigrams are kept in ``SuggestionGram`` (indexed by bigram, community and suggestion), so the
  candidates sharing enough bigrams are counted by the database from the index, and only they
  are scored.

Both return (suggestion, score) pairs, best first, above a threshold tuned on the labelled
near-duplicates in ``tests/data/near_duplicates.json``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count

#: Below these scores a pair is not shown as similar (tuned on the labelled set).
PG_THRESHOLD = 0.20
BIGRAM_THRESHOLD = 0.32
#: The text of a query is cut to this many characters (a suggestion is at most 1000).
MAX_QUERY = 300
#: At most this many candidates are scored on the bigram path.
CANDIDATES = 200

_KEEP = re.compile(r"[\w]", re.UNICODE)


def normalise(text: str) -> str:
    """Full-width to half-width, lower case, only letters, digits and Chinese characters."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if _KEEP.match(ch) and ch != "_")


def bigrams(text: str) -> set[str]:
    """The character bigrams of normalised text (a single character stands for itself)."""
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


def dice(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def uses_trigrams(conn=None) -> bool:
    return (conn or connection).vendor == "postgresql"


@dataclass
class Match:
    suggestion: object
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def gram_text(text: str) -> str:
    """The bigrams of ``text`` as words separated by spaces: what pg_trgm indexes. Each
    two-character word gives pg_trgm the trigrams " ab" and "ab " (and "  a"), so its
    similarity follows the shared Chinese character bigrams, whatever their order; on the raw
    text it would only see runs of three characters in the same order."""
    return " ".join(sorted(bigrams(normalise(text))))


def index_fields(body: str) -> dict:
    """The derived fields a suggestion stores for the search."""
    grams = bigrams(normalise(body))
    return {"search_text": " ".join(sorted(grams)), "gram_count": min(len(grams), 32767)}


def write_grams(suggestions) -> None:
    """(Re)write the bigram rows of ``suggestions`` (not needed on PostgreSQL)."""
    from .models import SuggestionGram

    if uses_trigrams():
        return
    suggestions = list(suggestions)
    SuggestionGram.objects.filter(suggestion__in=[s.pk for s in suggestions]).delete()
    rows = [
        SuggestionGram(suggestion_id=s.pk, community_id=s.community_id, gram=g)
        for s in suggestions
        for g in sorted(bigrams(normalise(s.body)))
    ]
    SuggestionGram.objects.bulk_create(rows, batch_size=2000)


def find_similar(text: str, *, queryset=None, community_id: int | None = None, exclude_ids=(), limit: int = 5, threshold: float | None = None) -> list[Match]:
    """Suggestions like ``text``, best first. ``queryset`` limits where to look (what the
    user may see; merged duplicates are left out by default); ``community_id`` narrows it to
    one community."""
    from .models import Suggestion

    query = normalise(text)[:MAX_QUERY]
    if len(query) < 4:
        return []
    qs = queryset if queryset is not None else Suggestion.objects.exclude(status=Suggestion.Status.MERGED)
    if community_id is not None:
        qs = qs.filter(community_id=community_id)
    if exclude_ids:
        qs = qs.exclude(pk__in=list(exclude_ids))
    if uses_trigrams():
        return _trigram(gram_text(query), qs, limit, PG_THRESHOLD if threshold is None else threshold)
    return _bigram(query, qs, community_id, limit, BIGRAM_THRESHOLD if threshold is None else threshold)


def _trigram(query: str, qs, limit: int, threshold: float) -> list[Match]:
    from django.contrib.postgres.search import TrigramDistance

    # Nearest first from the GiST index; the best ``limit`` are the nearest ``limit``, so the
    # cut-off is applied to those alone.
    rows = qs.annotate(distance=TrigramDistance("search_text", query)).order_by("distance")[:limit]
    matches = [Match(s, 1.0 - float(s.distance)) for s in rows]
    matches = [m for m in matches if m.score >= threshold]
    matches.sort(key=lambda m: (-m.score, -m.suggestion.pk))
    return matches


def _bigram(query: str, qs, community_id: int | None, limit: int, threshold: float) -> list[Match]:
    from .models import SuggestionGram

    grams = bigrams(query)
    n = len(grams)
    # Dice ≥ t needs at least t·n/(2−t) shared bigrams, whatever the other text's length.
    need = max(1, math.ceil(threshold * n / (2 - threshold)))
    rows = SuggestionGram.objects.filter(gram__in=sorted(grams))
    if community_id is not None:
        rows = rows.filter(community_id=community_id)
    counted = (
        rows.values("suggestion_id").annotate(shared=Count("gram")).filter(shared__gte=need).order_by("-shared", "-suggestion_id")[:CANDIDATES]
    )
    shared = {r["suggestion_id"]: r["shared"] for r in counted}
    if not shared:
        return []
    found = list(qs.filter(pk__in=list(shared)))
    matches = []
    for s in found:
        score = 2 * shared[s.pk] / (n + max(s.gram_count, 1))
        if score >= threshold:
            matches.append(Match(s, score))
    matches.sort(key=lambda m: (-m.score, -m.suggestion.pk))
    return matches[:limit]
