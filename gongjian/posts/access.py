"""Who reaches which posts, holdings and service entries: the one place of this app that
knows, so that it can move to ``accounts/access.py`` ("access declared once") unchanged.

The rules' object predicates (``posts/rules.py``) and the scoped querysets the views fetch
through agree: staff reach the posts of the communities they cover; a member or resident
reaches their own holdings (and may claim posts of the communities they belong to); a
liaison reaches the holdings of people affiliated with its organisations, read-only."""

from __future__ import annotations

import rules
from django.db.models import Q, QuerySet

from gongjian.accounts.scope import get_scope
from gongjian.registry.models import Affiliation, Organisation, Person

from .models import Holding, Post, ServiceEntry


def own_person_ids(user) -> frozenset[int]:
    """The registry people behind this login: a member's scope, or the record linked to it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_posts_person_ids", None)
    if cached is None:
        linked = set(Person.objects.filter(user_id=user.pk).values_list("pk", flat=True))
        cached = frozenset(get_scope(user).person_ids | linked)
        user._posts_person_ids = cached
    return cached


def own_person(user) -> Person | None:
    """The user's own registry record (the first of them), or None."""
    ids = own_person_ids(user)
    return Person.objects.filter(pk__in=ids).select_related("community").order_by("pk").first() if ids else None


def _holding_of(obj):
    if isinstance(obj, Holding):
        return obj
    if isinstance(obj, ServiceEntry):
        return obj.holding
    return None


@rules.predicate
def object_is_own_holding(user, obj):
    if obj is None:
        return True
    holding = _holding_of(obj)
    return holding is not None and holding.person_id in own_person_ids(user)


@rules.predicate
def object_held_by_own_people(user, obj):
    """The holder belongs to one of the liaison's organisations."""
    if obj is None:
        return True
    holding = _holding_of(obj)
    orgs = get_scope(user).organisation_ids
    return (
        bool(holding is not None and holding.person_id and orgs)
        and Affiliation.objects.filter(person_id=holding.person_id, organisation_id__in=orgs).exists()
    )


# -- scoped querysets (the views fetch through these: out of reach is 404) --------------------


def staff_posts_q(user, prefix: str = "") -> Q:
    scope = get_scope(user)
    if scope.everything:
        return Q()
    return Q(**{f"{prefix}community_id__in": scope.staff_community_ids})


def posts(user) -> QuerySet[Post]:
    """Posts staff may manage or see."""
    return Post.objects.filter(staff_posts_q(user))


def claimable_communities(user) -> set[int] | None:
    """Communities whose posts the user may claim: where their record (or role) lives, and
    where an organisation they belong to stands or serves. None: every community."""
    scope = get_scope(user)
    if scope.everything:
        return None
    ids = set(scope.community_ids or ())
    people = own_person_ids(user)
    if people:
        ids |= set(Person.objects.filter(pk__in=people).values_list("community_id", flat=True))
        orgs = Organisation.objects.filter(affiliations__person_id__in=people)
        ids |= set(orgs.values_list("community_id", flat=True))
        ids |= {c for c in orgs.values_list("served_communities__id", flat=True) if c}
    return ids


def claimable_posts(user) -> QuerySet[Post]:
    ids = claimable_communities(user)
    qs = Post.objects.all()
    return qs if ids is None else qs.filter(community_id__in=ids)


def holdings(user) -> QuerySet[Holding]:
    """Holdings whose log the user may read: staff in scope, the holder, the liaison of an
    organisation the holder belongs to."""
    scope = get_scope(user)
    if scope.everything:
        return Holding.objects.all()
    q = Q(post__community_id__in=scope.staff_community_ids)
    people = own_person_ids(user)
    if people:
        q |= Q(person_id__in=people)
    if scope.organisation_ids and scope.has("org_liaison"):
        q |= Q(person_id__in=Affiliation.objects.filter(organisation_id__in=scope.organisation_ids).values("person_id"))
    return Holding.objects.filter(q)


def own_holdings(user) -> QuerySet[Holding]:
    return Holding.objects.filter(person_id__in=own_person_ids(user))


def staff_holdings(user) -> QuerySet[Holding]:
    return Holding.objects.filter(staff_posts_q(user, "post__"))


def entries(user) -> QuerySet[ServiceEntry]:
    return ServiceEntry.objects.filter(holding__in=holdings(user).values("pk"))


def staff_entries(user) -> QuerySet[ServiceEntry]:
    return ServiceEntry.objects.filter(staff_posts_q(user, "holding__post__"))


def may_see_full(user, obj) -> bool:
    """Mobiles in full: staff of the community only (a liaison and the public see them masked)."""
    return get_scope(user).covers_community(getattr(obj, "community_id", None), staff_only=True)
