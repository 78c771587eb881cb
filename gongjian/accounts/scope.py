"""A user's reach: which roles they hold and which communities and organisations those cover.

Computed once per request and cached on the user object. ``community_ids is None`` means
every community (a superuser); otherwise it is a frozenset of ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Role, RoleAssignment


@dataclass(frozen=True)
class Scope:
    roles: frozenset[str] = frozenset()
    community_ids: frozenset[int] | None = frozenset()
    staff_community_ids: frozenset[int] | None = frozenset()
    organisation_ids: frozenset[int] = frozenset()
    person_ids: frozenset[int] = frozenset()
    district_ids: frozenset[int] = frozenset()
    street_ids: frozenset[int] = frozenset()
    assignments: tuple = field(default=(), compare=False)

    @property
    def everything(self) -> bool:
        return self.community_ids is None

    def has(self, *roles: str) -> bool:
        return self.everything or bool(self.roles.intersection(roles))

    def covers_community(self, community_id: int | None, *, staff_only: bool = False) -> bool:
        ids = self.staff_community_ids if staff_only else self.community_ids
        return ids is None or community_id in ids


EMPTY = Scope()
STAFF_ROLES = (Role.DISTRICT_OFFICE, Role.STREET_COMMITTEE, Role.COMMUNITY_PARTY)


def compute_scope(user) -> Scope:
    from gongjian.registry.models import Community, Organisation

    if not user or not user.is_authenticated or not user.is_active:
        return EMPTY
    if user.is_superuser:
        return Scope(roles=frozenset(Role.values), community_ids=None, staff_community_ids=None)
    assignments = tuple(
        RoleAssignment.objects.filter(user=user).select_related("organisation", "person")
    )
    roles = frozenset(a.role for a in assignments)
    district_ids = {a.district_id for a in assignments if a.role == Role.DISTRICT_OFFICE}
    street_ids = {a.street_id for a in assignments if a.role == Role.STREET_COMMITTEE}
    party_ids = {a.community_id for a in assignments if a.role == Role.COMMUNITY_PARTY}
    staff = set(party_ids)
    if district_ids or street_ids:
        from django.db.models import Q

        staff |= set(
            Community.objects.filter(Q(street__district_id__in=district_ids) | Q(street_id__in=street_ids)).values_list("id", flat=True)
        )
    org_ids = {a.organisation_id for a in assignments if a.role == Role.ORG_LIAISON}
    person_ids = {a.person_id for a in assignments if a.role == Role.MEMBER}
    reach = set(staff)
    if org_ids:
        reach |= set(Organisation.objects.filter(id__in=org_ids).values_list("community_id", flat=True))
    reach |= {a.person.community_id for a in assignments if a.role == Role.MEMBER}
    reach |= {a.community_id for a in assignments if a.role == Role.RESIDENT}
    return Scope(
        roles=roles,
        community_ids=frozenset(reach),
        staff_community_ids=frozenset(staff),
        organisation_ids=frozenset(org_ids),
        person_ids=frozenset(person_ids),
        district_ids=frozenset(district_ids),
        street_ids=frozenset(street_ids),
        assignments=assignments,
    )


def get_scope(user) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False):
        return EMPTY
    cached = getattr(user, "_gongjian_scope", None)
    if cached is None:
        cached = compute_scope(user)
        user._gongjian_scope = cached
    return cached
