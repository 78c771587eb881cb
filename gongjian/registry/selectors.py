"""Reads, already restricted to what the user may see and joined so pages do not N+1."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from gongjian.accounts.scope import get_scope

from .models import Affiliation, Community, District, Organisation, Person, Street


def _community_filter(user, field: str = "community_id", *, staff_only: bool = False) -> Q:
    scope = get_scope(user)
    ids = scope.staff_community_ids if staff_only else scope.community_ids
    if ids is None:
        return Q()
    return Q(**{f"{field}__in": ids})


def district_list(*, user) -> QuerySet[District]:
    scope = get_scope(user)
    qs = District.objects.all()
    if not scope.everything:
        qs = qs.filter(streets__communities__id__in=scope.community_ids or [0]).distinct()
    return qs.annotate(n_streets=Count("streets", distinct=True))


def street_list(*, user, district: District | None = None) -> QuerySet[Street]:
    qs = Street.objects.select_related("district")
    scope = get_scope(user)
    if not scope.everything:
        qs = qs.filter(communities__id__in=scope.community_ids or [0]).distinct()
    if district is not None:
        qs = qs.filter(district=district)
    return qs.annotate(n_communities=Count("communities", distinct=True))


def community_list(*, user, filters: dict | None = None) -> QuerySet[Community]:
    filters = filters or {}
    qs = Community.objects.select_related("street", "street__district").filter(_community_filter(user, "id"))
    if filters.get("street"):
        qs = qs.filter(street_id=filters["street"])
    if filters.get("district"):
        qs = qs.filter(street__district_id=filters["district"])
    if filters.get("q"):
        qs = qs.filter(Q(name__icontains=filters["q"]) | Q(slug__icontains=filters["q"]))
    return qs


def _count_of(qs: QuerySet) -> Subquery:
    """A correlated COUNT(*) per community (no joins multiplying rows against each other)."""
    counted = qs.filter(community_id=OuterRef("pk")).order_by().values("community_id").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def community_with_counts(qs: QuerySet[Community]) -> QuerySet[Community]:
    return qs.annotate(
        n_units=_count_of(Organisation.objects.filter(kind=Organisation.Kind.RESIDENT_UNIT)),
        n_organisations=_count_of(Organisation.objects.all()),
        n_people=_count_of(Person.objects.all()),
    )


def organisation_list(*, user, filters: dict | None = None) -> QuerySet[Organisation]:
    filters = filters or {}
    scope = get_scope(user)
    qs = Organisation.objects.select_related("community", "community__street")
    if not scope.everything:
        qs = qs.filter(Q(community_id__in=scope.staff_community_ids) | Q(id__in=scope.organisation_ids))
    for key in ("kind", "unit_kind", "mass_kind"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    if filters.get("community"):
        qs = qs.filter(community_id=filters["community"])
    if filters.get("street"):
        qs = qs.filter(community__street_id=filters["street"])
    if filters.get("q"):
        qs = qs.filter(Q(name__icontains=filters["q"]) | Q(address__icontains=filters["q"]))
    return qs


def person_list(*, user, filters: dict | None = None) -> QuerySet[Person]:
    filters = filters or {}
    scope = get_scope(user)
    qs = Person.objects.select_related("community", "compound")
    if not scope.everything:
        reach = Q(community_id__in=scope.staff_community_ids) | Q(id__in=scope.person_ids)
        if scope.organisation_ids:
            members = Affiliation.objects.filter(organisation_id__in=scope.organisation_ids).values("person_id")
            reach |= Q(id__in=members)
        qs = qs.filter(reach)
    if filters.get("community"):
        qs = qs.filter(community_id=filters["community"])
    if filters.get("street"):
        qs = qs.filter(community__street_id=filters["street"])
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("party") in {"1", "0"}:
        qs = qs.filter(is_party_member=filters["party"] == "1")
    if filters.get("organisation"):
        qs = qs.filter(id__in=Affiliation.objects.filter(organisation_id=filters["organisation"]).values("person_id"))
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(Q(name__icontains=q) | Q(specialties__icontains=q) | Q(mobile__endswith=q))
    return qs


def can_see_personal_data(user, obj) -> bool:
    return user.has_perm("registry.view_personal_data", obj)
