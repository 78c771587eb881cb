"""Every URL declares who may reach it, and every role reaches exactly what its scope covers.

The expectations below are written by hand from the roles' definitions (accounts/README.md),
not derived from the code under test: the selectors and the predicates must both agree with
them on the fixture objects.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongjian.core.testing_forms import post_forms
from gongjian.registry.models import Organisation, Person

SKIP_NAMESPACES = {"admin"}  # Django's own admin: staff-only by its own rules.


def iter_patterns(resolver=None, prefix="", namespace=None):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in SKIP_NAMESPACES:
                continue
            yield from iter_patterns(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield name, prefix + str(p.pattern), p.callback


def declared(callback):
    perm = getattr(callback, "gongjian_permission", None)
    cls = getattr(callback, "cls", None)
    return perm or getattr(cls, "gongjian_permission", None)


def test_every_url_declares_a_permission():
    missing = [(name, route) for name, route, cb in iter_patterns() if not declared(cb)]
    assert missing == [], f"URL patterns without a declared permission: {missing}"


def test_every_declared_permission_exists():
    import rules

    for name, route, cb in iter_patterns():
        perm = declared(cb)
        if perm in {"public", "authenticated"}:
            continue
        assert rules.perm_exists(perm), f"{name} ({route}) declares {perm!r}, which no rules.py defines"


# --- the reach table -------------------------------------------------------------------------
# Fixture objects by key: c:<slug>, o:<org key>, p:<person key>.
IN = {
    "district": {"c:jiangbin", "c:fuxing", "o:江滨单位", "o:富兴单位", "p:张江滨", "p:李富兴"},
    "street": {"c:jiangbin", "o:江滨单位", "p:张江滨"},
    "street_west": {"c:fuxing", "o:富兴单位", "p:李富兴"},
    "community": {"c:jiangbin", "o:江滨单位", "p:张江滨"},
    "liaison": {"c:jiangbin", "o:江滨单位", "p:张江滨"},
    "member": set(),
    "resident": set(),
    "nobody": set(),
}
# Which roles hold each permission somewhere (False: 403 for everyone else).
HOLDERS = {
    "registry.view_place": {"district", "street", "street_west", "community", "liaison"},
    "registry.view_organisation": {"district", "street", "street_west", "community", "liaison"},
    "registry.view_person": {"district", "street", "street_west", "community", "liaison"},
    "registry.add_community": {"district", "street", "street_west"},
    "registry.add_organisation": {"district", "street", "street_west", "community"},
    "registry.add_person": {"district", "street", "street_west", "community"},
    "registry.change_person": {"district", "street", "street_west", "community"},
    "registry.import_data": {"district", "street", "street_west", "community"},
    "registry.export_data": {"district", "street", "street_west", "community", "liaison"},
    "core.view_history": {"district", "street", "street_west", "community", "liaison"},
}
# Object edits need the change permission on the object, beyond seeing it.
CHANGE = {
    "registry:community_edit": {"district": {"c:jiangbin", "c:fuxing"}, "street": {"c:jiangbin"}, "street_west": {"c:fuxing"}},
    "registry:community_liaisons": {"district": {"c:jiangbin", "c:fuxing"}, "street": {"c:jiangbin"}, "street_west": {"c:fuxing"}},
    "registry:organisation_edit": {
        "district": {"o:江滨单位", "o:富兴单位"}, "street": {"o:江滨单位"}, "street_west": {"o:富兴单位"},
        "community": {"o:江滨单位"}, "liaison": {"o:江滨单位"},
    },
}
ROLES = list(IN)

# Other apps add their URLs, objects and holders in <app>/tests/matrix.py, which defines
# HOLDERS, CHANGE, IN (role -> object keys it reaches), objects(world) and cases(world, objs).
import importlib  # noqa: E402

from django.apps import apps as django_apps  # noqa: E402

APP_MATRICES = []
for _app in django_apps.get_app_configs():
    if _app.name.startswith("gongjian.") and _app.label != "accounts":
        try:
            APP_MATRICES.append(importlib.import_module(f"{_app.name}.tests.matrix"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{_app.name}.tests.matrix" and exc.name != f"{_app.name}.tests":
                raise
for _m in APP_MATRICES:
    HOLDERS.update(getattr(_m, "HOLDERS", {}))
    CHANGE.update(getattr(_m, "CHANGE", {}))
    for _role, _keys in getattr(_m, "IN", {}).items():
        IN[_role] = IN[_role] | set(_keys)

# One user holding two roles (both street work committees): reaches the union of the two.
TWO_ROLES = ("street", "street_west")
IN["two_streets"] = IN["street"] | IN["street_west"]
for _holders in HOLDERS.values():
    if _holders & set(TWO_ROLES):
        _holders.add("two_streets")
for _reach in CHANGE.values():
    if any(r in _reach for r in TWO_ROLES):
        _reach["two_streets"] = set().union(*(_reach.get(r, set()) for r in TWO_ROLES))
ROLES.append("two_streets")

# Pages open to anyone, or to any signed-in user: reviewed one by one (none shows personal data
# unmasked). A new public or login-only URL fails test_public_and_login_only_pages_are_reviewed
# until it is reviewed and listed here, or in the PUBLIC_OR_LOGIN of its app's tests/matrix.py.
PUBLIC_OR_LOGIN = {
    "home": "public", "healthz": "public", "set_language": "public", "accounts:login": "public", "accounts:logout": "public",
    "accounts:me": "authenticated",
    # A user's own API tokens: fetched with user=request.user, never anyone else's.
    "accounts:tokens": "authenticated", "accounts:token_revoke": "authenticated",
    "public:index": "public", "public:board": "public", "public:print": "public", "public:photo": "public",
    "public:feedback": "public", "public:suggest": "public", "public:suggest_similar": "public",
    "public:suggestion": "public", "public:minutes": "public",
}
for _m in APP_MATRICES:
    PUBLIC_OR_LOGIN.update(getattr(_m, "PUBLIC_OR_LOGIN", {}))


def _users(world):
    """The fixture's users, plus one holding two roles."""
    from gongjian.accounts.models import Role, RoleAssignment
    from gongjian.testing import make_user

    users = dict(world.users)
    if "two_streets" not in users:
        user = make_user("two_streets", role=Role.STREET_COMMITTEE, street=world.streets["列东街道"])
        RoleAssignment.objects.create(user=user, role=Role.STREET_COMMITTEE, street=world.streets["列西街道"])
        users["two_streets"] = world.users["two_streets"] = user
    return users


def _objects(world):
    return {
        "c:jiangbin": world.communities["江滨社区"],
        "c:fuxing": world.communities["富兴社区"],
        "o:江滨单位": world.orgs["江滨单位"],
        "o:富兴单位": world.orgs["富兴单位"],
        "p:张江滨": world.people["张江滨"],
        "p:李富兴": world.people["李富兴"],
    }


def _cases(world):
    """(url name, url, object key or None) for every URL the matrix exercises."""
    objs = _objects(world)
    ct = lambda m: ContentType.objects.get_for_model(m).pk  # noqa: E731
    cases = []
    for key in ("c:jiangbin", "c:fuxing"):
        cases.append(("registry:community_detail", reverse("registry:community_detail", args=[objs[key].slug]), key))
        cases.append(("registry:community_edit", reverse("registry:community_edit", args=[objs[key].slug]), key))
        cases.append(("registry:community_liaisons", reverse("registry:community_liaisons", args=[objs[key].slug]), key))
        cases.append(("object_history", reverse("object_history", args=[ct(objs[key]), objs[key].pk]), key))
        cases.append(("registry:street_detail", reverse("registry:street_detail", args=[objs[key].street_id]), key))
        cases.append(("api-community-detail", reverse("api-community-detail", args=[objs[key].pk]), key))
    for key in ("o:江滨单位", "o:富兴单位"):
        for name in ("registry:organisation_detail", "registry:organisation_edit", "api-organisation-detail"):
            cases.append((name, reverse(name, args=[objs[key].pk]), key))
        cases.append(("object_history", reverse("object_history", args=[ct(Organisation), objs[key].pk]), key))
    for key in ("p:张江滨", "p:李富兴"):
        for name in ("registry:person_detail", "registry:person_edit", "registry:person_affiliations", "api-person-detail"):
            cases.append((name, reverse(name, args=[objs[key].pk]), key))
        cases.append(("object_history", reverse("object_history", args=[ct(Person), objs[key].pk]), key))
    for name in (
        "registry:places", "registry:community_create", "registry:organisation_list", "registry:organisation_create", "registry:person_list",
        "registry:person_create", "registry:io_home", "api-community-list", "api-organisation-list", "api-person-list",
        "api-schema", "api-docs",
    ):
        cases.append((name, reverse(name), None))
    for kind in ("communities", "organisations", "people"):
        cases.append(("registry:io_export", reverse("registry:io_export", args=[kind]), None))
    every = _all_objects(world)
    for m in APP_MATRICES:
        cases.extend(m.cases(world, every))
    return cases


def _all_objects(world):
    """The fixture objects of every app's matrix, made once per world."""
    cached = getattr(world, "_matrix_objects", None)
    if cached is None:
        cached = dict(_objects(world))
        for m in APP_MATRICES:
            cached.update(m.objects(world) if hasattr(m, "objects") else {})
        world._matrix_objects = cached
    return cached


def expected_status(role, perm, name, key, is_api=False):
    if perm == "public":
        return 200
    if role is None:
        return 403 if is_api else 302  # the API answers, pages redirect to login
    if perm == "authenticated":
        return 200
    if role not in HOLDERS.get(perm, set()):
        return 403
    if key is None:
        return 200
    reach = CHANGE.get(name, {}).get(role) if name in CHANGE else IN[role]
    if name in CHANGE and key in IN[role] and key not in (reach or set()):
        return 403
    return 200 if key in (reach or set()) else 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *ROLES])
def test_role_reaches_exactly_its_scope(world, client, role):
    from django.urls import resolve

    users = _users(world)
    if role:
        client.force_login(users[role])
    failures = []
    for name, url, key in _cases(world):
        func = resolve(url).func
        perm = declared(func)
        want = expected_status(role, perm, name, key, is_api=hasattr(func, "cls") and not hasattr(func, "gongjian_permission"))
        got = client.get(url).status_code
        if got != want:
            failures.append(f"{role or 'anonymous'} GET {url} ({name}, {perm}, {key}): got {got}, want {want}")
    assert failures == []


def test_every_url_has_a_name():
    unnamed = [route for name, route, _cb in iter_patterns() if not name]
    assert unnamed == [], f"name these URL patterns (the matrix finds URLs by name): {unnamed}"


def test_public_and_login_only_pages_are_reviewed():
    found = {name: declared(cb) for name, _route, cb in iter_patterns() if declared(cb) in {"public", "authenticated"}}
    assert found == PUBLIC_OR_LOGIN, (
        f"not reviewed: {sorted(set(found.items()) - set(PUBLIC_OR_LOGIN.items()))}; "
        f"listed but gone or changed: {sorted(set(PUBLIC_OR_LOGIN.items()) - set(found.items()))}"
    )


def test_matrix_covers_every_named_url(world):
    covered = {name for name, _url, _key in _cases(world)}
    public_or_login = set()
    uncovered = []
    for name, _route, cb in iter_patterns():
        if not name:
            continue
        perm = declared(cb)
        if perm in {"public", "authenticated"}:
            public_or_login.add(name)
            continue
        if name not in covered and not name.startswith("registry:io_") and name != "api-schema":
            uncovered.append(name)
    assert uncovered == [], f"add these URLs to the permission matrix: {uncovered}"
    assert {"home", "healthz", "accounts:login"} <= public_or_login


# --- writes ----------------------------------------------------------------------------------
# Every URL is also POSTed to, with the form its page shows to a user who may use it, by every
# role that may not open it: nothing may be written (no change-log row, no version moved).

_HARVESTERS = ("community", "district", "liaison", "street", "member", "resident")


def _harvest(client, users, url):
    """The first form of the page that posts back to it, as some user who may open it sees it."""
    for role in _HARVESTERS:
        client.force_login(users[role])
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            forms = post_forms(response.content.decode(), url)
            if forms:
                return forms[0]
    return {}


def _versions(objs):
    return {key: type(o).objects.filter(pk=o.pk).values_list("version", flat=True).first() for key, o in objs.items() if hasattr(o, "version")}


@pytest.mark.django_db
def test_a_role_that_may_not_open_a_url_cannot_write_through_it(world, client):
    from django.urls import resolve

    from gongjian.core.models import ObjectChange

    users = _users(world)
    cases = _cases(world)
    objs = _all_objects(world)
    forms = {url: _harvest(client, users, url) for _name, url, _key in cases}
    assert sum(1 for f in forms.values() if f) >= 10  # the edit and create forms were found
    before_rows, before_versions = ObjectChange.objects.count(), _versions(objs)
    failures = []
    for role in [None, *ROLES]:
        client.logout()
        if role:
            client.force_login(users[role])
        for name, url, key in cases:
            func = resolve(url).func
            perm = declared(func)
            is_api = hasattr(func, "cls") and not hasattr(func, "gongjian_permission")
            want = expected_status(role, perm, name, key, is_api=is_api)
            if want == 200:
                continue
            got = client.post(url, forms[url]).status_code
            if got not in (302, 401, 403, 404, 405) or (got == 302 and role is not None):
                failures.append(f"{role or 'anonymous'} POST {url} ({name}): got {got}, want {want}")
            if ObjectChange.objects.count() != before_rows:
                failures.append(f"{role or 'anonymous'} POST {url} ({name}) wrote a change-log row")
                before_rows = ObjectChange.objects.count()
    assert failures == []
    assert _versions(objs) == before_versions
