"""The briefing's figures of individual post-setting, counted from the database at call time:

- ``post_kinds``: kinds with at least one standing post in the year (815 people took 20+ kinds);
- ``post_holders``: distinct people holding a standing post at any time in the year (approved
  holdings, current or ended; temporary emergency posts do not count).
"""

from __future__ import annotations

from django.db.models import Q

from .models import Holding, PostKind


def _in_district(prefix: str, district) -> Q:
    if district is None:
        return Q()
    return Q(**{f"{prefix}street__district_id": getattr(district, "pk", district)})


def post_kinds(*, year: int, district=None) -> int:
    from .models import Post

    posts = Post.objects.filter(_in_district("community__", district), year=year, kind__temporary=False)
    return PostKind.objects.filter(pk__in=posts.values("kind_id")).count()


def post_holders(*, year: int, district=None) -> int:
    return (
        Holding.objects.filter(
            _in_district("post__community__", district),
            post__year=year,
            post__kind__temporary=False,
            status__in=[Holding.Status.ACTIVE, Holding.Status.ENDED],
            person__isnull=False,
        )
        .values("person_id")
        .distinct()
        .count()
    )


FIGURES = {"post_kinds": post_kinds, "post_holders": post_holders}


def incident_post_communities(*, year: int, district=None) -> int:
    """Communities that set a temporary emergency post in the year (the 6·18 flood: all 25)."""
    from .models import Post

    return (
        Post.objects.filter(_in_district("community__", district), year=year, kind__temporary=True)
        .values("community_id")
        .distinct()
        .count()
    )


FIGURES["incident_post_communities"] = incident_post_communities
