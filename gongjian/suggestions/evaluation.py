"""Precision and recall of the similarity search on the labelled near-duplicates shipped with
the tests (``tests/data/near_duplicates.json``), on whatever database is connected: the texts
are written as suggestions of one campaign, each is searched for, and every (text, match) pair
the search returns is checked against the labels. Used by the tests and ``bench/``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

DATA = Path(__file__).resolve().parent / "tests" / "data" / "near_duplicates.json"


@dataclass
class Score:
    precision: float
    recall: float
    true_pairs: int
    found: int
    correct: int


def labelled_groups() -> list[list[str]]:
    return json.loads(DATA.read_text(encoding="utf-8"))["groups"]


def evaluate(campaign, *, groups: list[list[str]] | None = None) -> Score:
    """Write the labelled texts into ``campaign`` and score the search on them."""
    from . import services, similarity

    groups = groups or labelled_groups()
    group_of: dict[int, int] = {}
    for g, texts in enumerate(groups):
        for text in texts:
            s = services.suggestion_enter(actor=None, campaign=campaign, body=text, source_category="residents", channel="web")
            group_of[s.pk] = g
    truth = {frozenset(p) for g in range(len(groups)) for p in combinations([pk for pk, gg in group_of.items() if gg == g], 2)}
    found: set[frozenset] = set()
    from .models import Suggestion

    for s in Suggestion.objects.filter(pk__in=list(group_of)):
        for m in similarity.find_similar(s.body, community_id=campaign.community_id, exclude_ids=[s.pk], limit=10):
            if m.suggestion.pk in group_of:
                found.add(frozenset((s.pk, m.suggestion.pk)))
    correct = len(found & truth)
    return Score(
        precision=correct / len(found) if found else 0.0, recall=correct / len(truth) if truth else 0.0,
        true_pairs=len(truth), found=len(found), correct=correct,
    )
