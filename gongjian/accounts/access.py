"""Access declared once (NetBox's constraint sets, adhocracy4's rules).

Each permission's reach is written in one place, an app's ``rules.py``:

- ``paths(Model, community="plan__community", organisation="lead_organisation")`` says once per
  model how to walk from one of its objects to the places and organisations the roles are
  scoped by (the street and district paths follow from the community's);
- ``declare("targets.change_task", Grant(COMMUNITY_PARTY, STAFF_COMMUNITIES))`` says which roles
  may do the action, and within which of their scope's sets the object must lie.

Everything else is derived from those two, so it cannot disagree:

- ``declare`` adds the django-rules permission (``user.has_perm(perm)`` without an object: a
  role that may do it somewhere; ``user.has_perm(perm, obj)``: on this object);
- ``restrict(queryset, user, perm)`` filters a queryset to the objects the permission reaches
  (every selector reads through it);
- ``get_for(user, perm, queryset, **lookup)`` is the views' fetch: the object if the user may
  do ``perm`` on it; 403 if they may see it but not do this; 404 (GET and POST alike) if it is
  out of their scope.

A superuser reaches everything. An object outside every path of a grant (a Community checked
against an organisation grant) is outside that grant.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import rules
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import Role
from .scope import STAFF_ROLES, get_scope

# --- the sets of a user's scope an object may have to lie in ------------------------------------

STAFF_COMMUNITIES = "staff_communities"
"""The communities the user's staff roles (district, street, community) cover."""
COMMUNITIES = "communities"
"""Every community the user's roles reach (staff, their organisations', their own, where they live)."""
ORGANISATIONS = "organisations"
"""The organisations the user is the liaison of."""
PEOPLE = "people"
"""The person records that are the user's own (a member or volunteer)."""
STREETS = "streets"
"""The streets of the user's street work committee roles."""
DISTRICTS = "districts"
"""The districts of the user's district office roles."""

_SCOPE_SET = {
    STAFF_COMMUNITIES: "staff_community_ids",
    COMMUNITIES: "community_ids",
    ORGANISATIONS: "organisation_ids",
    PEOPLE: "person_ids",
    STREETS: "street_ids",
    DISTRICTS: "district_ids",
}
#: The path a set is matched through unless a grant names another (``via=``).
_DEFAULT_VIA = {
    STAFF_COMMUNITIES: "community",
    COMMUNITIES: "community",
    ORGANISATIONS: "organisation",
    PEOPLE: "person",
    STREETS: "street",
    DISTRICTS: "district",
}

# --- role groups ---------------------------------------------------------------------------------

STAFF = tuple(STAFF_ROLES)
DISTRICT_OFFICE = (Role.DISTRICT_OFFICE,)
STREET_COMMITTEE = (Role.STREET_COMMITTEE,)
COMMUNITY_PARTY = (Role.COMMUNITY_PARTY,)
LIAISON = (Role.ORG_LIAISON,)
MEMBER = (Role.MEMBER,)
RESIDENT = (Role.RESIDENT,)
ANY_USER = None
"""Any logged-in user, whatever their roles (with ``within``: only on what is their own)."""


@dataclass(frozen=True)
class Grant:
    """Users holding one of ``roles`` may act on objects lying in their scope's ``within`` set
    (``None``: anywhere), matched through the model's ``via`` path (default: the set's own,
    e.g. ``community`` for the community sets)."""

    roles: tuple | None
    within: str | None = None
    via: str | None = None

    def __post_init__(self):
        if self.within is not None and self.within not in _SCOPE_SET:
            raise ImproperlyConfigured(f"unknown scope set {self.within!r}")
        if self.roles is not None:
            object.__setattr__(self, "roles", tuple(self.roles))

    @property
    def path_name(self) -> str | None:
        return self.via or _DEFAULT_VIA.get(self.within)

    def holds(self, user, scope) -> bool:
        if self.roles is None:
            return bool(user and user.is_authenticated and user.is_active)
        return scope.has(*self.roles)

    def ids(self, scope):
        """The user's ids this grant matches against (None: every one)."""
        if scope.everything:
            return None
        return getattr(scope, _SCOPE_SET[self.within])


@dataclass(frozen=True)
class Declaration:
    perm: str
    grants: tuple[Grant, ...]
    view: str | None = None


# --- the model paths -------------------------------------------------------------------------------

_PATHS: dict[type, dict[str, tuple[str, ...]]] = {}
_VIEW_PERMS: dict[type, str] = {}
_DECLARATIONS: dict[str, Declaration] = {}


def _as_tuple(value) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _join(prefix: str, path: str) -> str:
    if path == "pk":
        return prefix
    return f"{prefix}__{path}"


def paths(model: type[Model], *, view: str | None = None, through: str | None = None, **named) -> None:
    """Declare how to walk from a ``model`` object to what roles are scoped by.

    ``named`` maps a path name (``community``, ``organisation``, ``person``, ``street``,
    ``district`` or any other a grant names with ``via=``) to a lookup, or a tuple of lookups
    any one of which may match (``("lead_organisation", "co_organisers")``); ``"pk"`` is the
    object itself. ``through="task"`` inherits every path of the model ``task`` points to,
    prefixed. Street and district follow from the community path unless given. ``view`` names
    the permission that lets a user see such objects: ``get_for`` answers 403 instead of 404
    for an object seen but out of the action's reach."""
    resolved: dict[str, tuple[str, ...]] = {}
    if through:
        parent = _related_model(model, through)
        if parent not in _PATHS:
            raise ImproperlyConfigured(f"declare the paths of {parent.__name__} before {model.__name__}'s")
        for name, lookups in _PATHS[parent].items():
            resolved[name] = tuple(_join(through, p) for p in lookups)
        if view is None:
            view = _VIEW_PERMS.get(parent)
    for name, value in named.items():
        resolved[name] = _as_tuple(value)
    community = resolved.get("community")
    if community and len(community) == 1:
        base = "" if community[0] == "pk" else community[0] + "__"
        resolved.setdefault("street", (f"{base}street",))
        resolved.setdefault("district", (f"{base}street__district",))
    _PATHS[model] = resolved
    if view:
        _VIEW_PERMS[model] = view


def _related_model(model, lookup: str):
    current = model
    for part in lookup.split("__"):
        current = current._meta.get_field(part).related_model
    return current


def _model_paths(model) -> dict[str, tuple[str, ...]]:
    for klass in model.__mro__:
        if klass in _PATHS:
            return _PATHS[klass]
    raise ImproperlyConfigured(f"{model.__name__} has no declared access paths (accounts.access.paths)")


@functools.cache
def _multi_valued(model, lookup: str) -> bool:
    """True when the lookup crosses a to-many relation (the object may have several)."""
    if lookup == "pk":
        return False
    current = model
    for part in lookup.split("__"):
        f = current._meta.get_field(part)
        if f.many_to_many or f.one_to_many:
            return True
        current = f.related_model
    return False


# --- declaring a permission ------------------------------------------------------------------------


def declare(perm: str, *grants: Grant) -> rules.Predicate:
    """Declare ``perm``'s reach and add its django-rules permission; returns the predicate."""
    if not grants:
        raise ImproperlyConfigured(f"{perm} needs at least one grant")
    declaration = Declaration(perm, tuple(grants))
    _DECLARATIONS[perm] = declaration
    predicate = _predicate(declaration)
    rules.set_perm(perm, predicate)
    return predicate


def declaration(perm: str) -> Declaration:
    try:
        return _DECLARATIONS[perm]
    except KeyError:
        raise ImproperlyConfigured(f"{perm} is not declared through accounts.access.declare") from None


def declarations() -> dict[str, Declaration]:
    return dict(_DECLARATIONS)


def _predicate(declaration: Declaration) -> rules.Predicate:
    def check(user, obj=None):
        return allows(user, declaration.perm, obj)

    check.__name__ = "access:" + declaration.perm.replace(".", "_")
    return rules.predicate(check, name="access:" + declaration.perm)


# --- (a) the object check ----------------------------------------------------------------------------


def allows(user, perm: str, obj=None) -> bool:
    """May ``user`` do ``perm`` (on ``obj``; without one: somewhere)? What ``has_perm`` asks."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    d = declaration(perm)
    scope = get_scope(user)
    for grant in d.grants:
        if not grant.holds(user, scope):
            continue
        if obj is None or grant.within is None:
            return True
        if _object_within(obj, grant, grant.ids(scope)):
            return True
    return False


def _object_within(obj, grant: Grant, ids) -> bool:
    if ids is None:
        return True
    if not ids:
        return False
    lookups = _model_paths(type(obj)).get(grant.path_name)
    if not lookups:
        return False
    many = []
    for lookup in lookups:
        if _multi_valued(type(obj), lookup):
            many.append(lookup)
        elif _walk(obj, lookup) in ids:
            return True
    if many:
        q = Q()
        for lookup in many:
            q |= Q(**{f"{lookup}__in": ids})
        return type(obj)._default_manager.filter(pk=obj.pk).filter(q).exists()
    return False


def _walk(obj, lookup: str):
    """The id at the end of ``lookup`` from ``obj``, read from the loaded objects (``_id``
    attribute for the last step, so no query for it)."""
    if lookup == "pk":
        return obj.pk
    parts = lookup.split("__")
    current = obj
    for i, part in enumerate(parts):
        if current is None:
            return None
        f = current._meta.get_field(part)
        if i == len(parts) - 1:
            return getattr(current, f.attname)
        current = getattr(current, part)
    return None


# --- (b) the queryset filter -------------------------------------------------------------------------


def restrict(queryset: QuerySet, user, perm: str) -> QuerySet:
    """``queryset`` narrowed to the objects ``user`` may do ``perm`` on (NetBox's
    ``RestrictedQuerySet.restrict``): the union of the grants whose roles the user holds."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    q = scope_q(queryset.model, user, perm)
    if q is None:
        return queryset.none()
    return queryset.filter(q) if q else queryset


def scope_q(model, user, perm: str) -> Q | None:
    """The filter ``restrict`` applies: ``Q()`` for everything, ``None`` for nothing."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    d = declaration(perm)
    scope = get_scope(user)
    if scope.everything:
        return Q()
    result = None
    for grant in d.grants:
        if not grant.holds(user, scope):
            continue
        if grant.within is None:
            return Q()
        ids = grant.ids(scope)
        lookups = _model_paths(model).get(grant.path_name)
        if not ids or not lookups:
            continue
        q = _lookups_q(model, lookups, ids)
        result = q if result is None else result | q
    return result


def _lookups_q(model, lookups, ids) -> Q:
    single, many = Q(), Q()
    any_many = False
    for lookup in lookups:
        if _multi_valued(model, lookup):
            many |= Q(**{f"{lookup}__in": ids})
            any_many = True
        else:
            single |= Q(**{"pk__in" if lookup == "pk" else f"{lookup}__in": ids})
    if any_many:
        # Through a to-many relation: a subquery, so no row is repeated and no DISTINCT needed.
        single |= Q(pk__in=model._default_manager.filter(many).values("pk"))
    return single


# --- (c) the views' fetch --------------------------------------------------------------------------


def get_for(user, perm: str, queryset, **lookup):
    """The object ``queryset.get(**lookup)`` if ``user`` may do ``perm`` on it. Raises Http404
    when it is out of the user's scope (the same for GET and POST), PermissionDenied when the
    user may see it (its model's ``view`` permission) but not do this."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    obj = restrict(queryset, user, perm).filter(**lookup).first()
    if obj is not None:
        return obj
    view = _view_perm(queryset.model)
    if view and view != perm and restrict(queryset, user, view).filter(**lookup).exists():
        raise PermissionDenied
    raise Http404


def _view_perm(model) -> str | None:
    for klass in model.__mro__:
        if klass in _VIEW_PERMS:
            return _VIEW_PERMS[klass]
    return None
