"""Reads of individual post-setting, scoped through ``access.py`` and joined so that pages make
a fixed number of queries whatever the number of posts, holders or entries."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from gongjian.registry.models import Community, Person

from . import access
from .models import Holding, Post, PostKind, ServiceEntry

HOLDER_FIELDS = (
    "id",
    "post_id",
    "person_id",
    "status",
    "commitment",
    "start",
    "end",
    "applicant_name",
    "applicant_mobile",
    "via",
    "version",
    "person__id",
    "person__name",
    "person__mobile",
    "person__category",
    "person__community_id",
)


def kind_list(*, user) -> QuerySet[PostKind]:
    from gongjian.accounts.scope import get_scope

    scope = get_scope(user)
    qs = PostKind.objects.select_related("district", "work_category")
    return qs if scope.everything else qs.filter(district_id__in=scope.district_ids)


def _with_holders(qs: QuerySet[Post], statuses=(Holding.Status.ACTIVE,)) -> QuerySet[Post]:
    holders = (
        Holding.objects.filter(status__in=statuses)
        .select_related("person")
        .only(*HOLDER_FIELDS)
        .order_by("start", "id")
    )
    return qs.select_related("kind", "kind__work_category").prefetch_related(
        Prefetch("holdings", queryset=holders, to_attr="holders")
    )


def post_list(*, user, community=None, year: int | None = None) -> QuerySet[Post]:
    qs = access.posts(user).select_related("community")
    if community is not None:
        qs = qs.filter(community=community)
    if year:
        qs = qs.filter(year=year)
    return _with_holders(qs, Holding.OPEN).order_by("kind__order", "kind__name")


def post_years(*, community) -> list[int]:
    return list(Post.objects.filter(community=community).order_by("-year").values_list("year", flat=True).distinct())


def staff_communities(*, user) -> QuerySet[Community]:
    from gongjian.accounts.scope import get_scope

    scope = get_scope(user)
    qs = Community.objects.select_related("street").order_by("street__name", "name")
    return qs if scope.everything else qs.filter(pk__in=scope.staff_community_ids)


def pending_holdings(*, user) -> QuerySet[Holding]:
    return (
        access.staff_holdings(user)
        .filter(status=Holding.Status.PENDING)
        .select_related("post", "post__kind", "post__community", "person")
        .order_by("created_at", "id")
    )


def pending_entries(*, user) -> QuerySet[ServiceEntry]:
    return (
        access.staff_entries(user)
        .filter(status=ServiceEntry.Status.SUBMITTED)
        .select_related(
            "holding", "holding__post", "holding__post__kind", "holding__post__community", "holding__person"
        )
        .order_by("date", "id")
    )


def holding_detail(*, user) -> QuerySet[Holding]:
    return access.holdings(user).select_related("post", "post__kind", "post__community", "person", "previous")


def holding_entries(holding: Holding) -> list[ServiceEntry]:
    return list(holding.entries.order_by("-date", "-id"))


def my_holdings(*, user) -> QuerySet[Holding]:
    return (
        access.own_holdings(user)
        .select_related("post", "post__kind", "post__community")
        .annotate(confirmed_hours=Sum("entries__hours", filter=Q(entries__status=ServiceEntry.Status.CONFIRMED)))
        .order_by("-post__year", "status", "id")
    )


def organisation_holdings(*, user) -> QuerySet[Holding]:
    """The holdings of people of the liaison's organisations (read-only for the liaison)."""
    from gongjian.accounts.scope import get_scope
    from gongjian.registry.models import Affiliation

    orgs = get_scope(user).organisation_ids
    return (
        Holding.objects.filter(person_id__in=Affiliation.objects.filter(organisation_id__in=orgs).values("person_id"))
        .filter(status__in=[Holding.Status.ACTIVE, Holding.Status.ENDED])
        .select_related("post", "post__kind", "post__community", "person")
        .order_by("-post__year", "person__name", "id")
    )


# -- totals --------------------------------------------------------------------------------------


def totals(entries: QuerySet[ServiceEntry]) -> dict:
    """Confirmed hours and entries by person, post, community, month and year (each a list of
    (label, hours, entries), biggest first), in five grouped queries."""
    confirmed = entries.filter(status=ServiceEntry.Status.CONFIRMED)
    out = {}
    groups = {
        "person": ("holding__person__name", "holding__person_id"),
        "post": ("holding__post__kind__name", "holding__post_id"),
        "community": ("holding__post__community__name", "holding__post__community_id"),
    }
    for key, (label, pk) in groups.items():
        rows = confirmed.values(pk, label).annotate(hours=Sum("hours"), n=Count("id")).order_by("-hours", label)
        out[key] = [(r[label], r["hours"], r["n"]) for r in rows]
    months = (
        confirmed.annotate(y=ExtractYear("date"), m=ExtractMonth("date"))
        .values("y", "m")
        .annotate(hours=Sum("hours"), n=Count("id"))
        .order_by("y", "m")
    )
    out["month"] = [(f"{r['y']}-{r['m']:02d}", r["hours"], r["n"]) for r in months]
    years = defaultdict(lambda: [Decimal("0"), 0])
    for r in months:
        years[r["y"]][0] += r["hours"]
        years[r["y"]][1] += r["n"]
    out["year"] = [(str(y), h, n) for y, (h, n) in sorted(years.items())]
    return out


def community_hours(*, user, communities, year: int) -> dict[int, tuple]:
    """Confirmed hours and entries per community in a year (one grouped query)."""
    rows = (
        access.staff_entries(user)
        .filter(
            status=ServiceEntry.Status.CONFIRMED, holding__post__year=year, holding__post__community__in=communities
        )
        .values("holding__post__community_id")
        .annotate(hours=Sum("hours"), n=Count("id"))
    )
    return {r["holding__post__community_id"]: (r["hours"], r["n"]) for r in rows}


# -- the public roster (no user) -----------------------------------------------------------------


def roster_year(*, community, year: int | None) -> int | None:
    """The year the roster shows: the one asked for if it has posts, else the latest."""
    years = post_years(community=community)
    if year in years:
        return year
    return years[0] if years and year is None else None


def roster_posts(*, community, year: int) -> list[Post]:
    """Every post of the year with its current holders (two queries)."""
    qs = Post.objects.filter(community=community, year=year).order_by("kind__order", "kind__name")
    return list(_with_holders(qs))


def claimable_people(post: Post) -> QuerySet[Person]:
    """Who may hold the post, those with more of the kind's wanted specialties first."""
    from django.db.models import Case, IntegerField, Value, When

    from .services import eligible_people

    wanted = post.kind.specialty_list
    score = sum(
        (
            Case(When(specialties__contains=s, then=Value(1)), default=Value(0), output_field=IntegerField())
            for s in wanted
        ),
        Value(0),
    )
    return eligible_people(post).annotate(match=score).order_by("-match", "name", "id")
