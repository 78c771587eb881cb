"""Reads, already restricted to what the user may see and joined so pages do not N+1."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from gongjian.accounts.access import restrict, scope_q

from .models import Affiliation, Community, District, Organisation, Person, Street


def district_list(*, user) -> QuerySet[District]:
    return restrict(District.objects.all(), user, "registry.view_place").annotate(n_streets=Count("streets", distinct=True))


def street_list(*, user, district: District | None = None) -> QuerySet[Street]:
    qs = restrict(Street.objects.select_related("district"), user, "registry.view_place")
    if district is not None:
        qs = qs.filter(district=district)
    return qs.annotate(n_communities=Count("communities", distinct=True))


def community_list(*, user, filters: dict | None = None) -> QuerySet[Community]:
    filters = filters or {}
    qs = restrict(Community.objects.select_related("street", "street__district"), user, "registry.view_place")
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
    qs = restrict(Organisation.objects.select_related("community", "community__street"), user, "registry.view_organisation")
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
    qs = restrict(Person.objects.select_related("community", "compound"), user, "registry.view_person")
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
        # The mobile is searched only where the user sees it in full (staff in scope): matching
        # on a masked field would reveal it a digit at a time.
        full = scope_q(Person, user, "registry.view_personal_data")
        by_mobile = Q(mobile__endswith=q) & full if full is not None else Q(pk__in=[])
        qs = qs.filter(Q(name__icontains=q) | Q(specialties__icontains=q) | by_mobile)
    return qs


def can_see_personal_data(user, obj) -> bool:
    return user.has_perm("registry.view_personal_data", obj)
