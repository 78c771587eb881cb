"""Role predicates (django-rules), for code that asks about roles only. Permissions and their
object checks are declared once in each app's ``rules.py`` through ``accounts.access`` (which
derives the predicate, the selectors' filter and the views' fetch); the object predicates
below are the earlier hand-written form, kept for code not yet converted."""

import rules

from .models import Role
from .scope import get_scope


def _has_role(*roles):
    @rules.predicate
    def predicate(user):
        return get_scope(user).has(*roles)

    predicate.name = "has_role:" + ",".join(roles)
    return predicate


is_district_office = _has_role(Role.DISTRICT_OFFICE)
is_street_committee = _has_role(Role.STREET_COMMITTEE)
is_community_party = _has_role(Role.COMMUNITY_PARTY)
is_org_liaison = _has_role(Role.ORG_LIAISON)
is_member = _has_role(Role.MEMBER)
is_resident = _has_role(Role.RESIDENT)
is_staff_role = is_district_office | is_street_committee | is_community_party


def community_id_of(obj):
    from gongjian.registry.models import Community

    if obj is None:
        return None
    if isinstance(obj, Community):
        return obj.pk
    return getattr(obj, "community_id", None)


@rules.predicate
def object_in_staff_scope(user, obj):
    """True without an object (a role that may act somewhere); with one, when it is in a
    community the user's staff roles cover."""
    if obj is None:
        return True
    return get_scope(user).covers_community(community_id_of(obj), staff_only=True)


@rules.predicate
def object_is_own_organisation(user, obj):
    from gongjian.registry.models import Organisation

    if obj is None:
        return True
    return isinstance(obj, Organisation) and obj.pk in get_scope(user).organisation_ids


@rules.predicate
def object_is_own_person(user, obj):
    from gongjian.registry.models import Person

    if obj is None:
        return True
    return isinstance(obj, Person) and obj.pk in get_scope(user).person_ids


@rules.predicate
def object_in_reach(user, obj):
    if obj is None:
        return True
    return get_scope(user).covers_community(community_id_of(obj))


staff_in_scope = is_staff_role & object_in_staff_scope
