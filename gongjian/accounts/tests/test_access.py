"""The three derivations of each declared permission agree, and the views' fetch answers 404
for an object out of scope whatever the method.

For every permission declared through ``accounts.access`` and every object of every model
with declared paths in the ``world`` fixture (plus each app's permission-matrix objects), the
predicate (``user.has_perm(perm, obj)``) is true exactly when the object is in
``restrict(Model.objects, user, perm)``, for every user of the fixture and a few users with
mixed roles."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404
from django.urls import reverse

from gongjian.accounts import access
from gongjian.accounts.models import Role, RoleAssignment
from gongjian.testing import make_user


def _matrix_objects(world) -> dict:
    objs = {}
    for app in django_apps.get_app_configs():
        if not app.name.startswith("gongjian."):
            continue
        try:
            module = importlib.import_module(f"{app.name}.tests.matrix")
        except ModuleNotFoundError:
            continue
        if hasattr(module, "objects"):
            objs.update(module.objects(world))
    return objs


def _users(world) -> dict:
    users = dict(world.users)
    users["superuser"] = get_user_model().objects.create_superuser("root", password="x")
    # A liaison of a co-organiser (富兴团支部 co-organises 富兴's task in the targets matrix).
    users["co_liaison"] = make_user("co_liaison", role=Role.ORG_LIAISON, organisation=world.orgs["富兴团支部"])
    # Mixed roles: a community's Party organisation that is also a liaison elsewhere and lives
    # somewhere else again.
    mixed = make_user("mixed", role=Role.COMMUNITY_PARTY, community=world.communities["东霞社区"])
    RoleAssignment.objects.create(user=mixed, role=Role.ORG_LIAISON, organisation=world.orgs["富兴单位"])
    RoleAssignment.objects.create(user=mixed, role=Role.RESIDENT, community=world.communities["江滨社区"])
    users["mixed"] = mixed
    inactive = make_user("inactive", role=Role.DISTRICT_OFFICE, district=world.district)
    inactive.is_active = False
    inactive.save()
    users["inactive"] = inactive
    return users


@pytest.mark.django_db
def test_predicate_and_restricted_queryset_agree(world):
    _matrix_objects(world)
    users = _users(world)
    models = [m for m in access._PATHS if m._default_manager.exists()]
    assert len(models) >= 15, models  # the fixture covers the registry, targets, suggestions and meetings
    declared = access.declarations()
    assert len(declared) >= 30
    disagreements = []
    checked = 0
    for perm in declared:
        for name, user in users.items():
            user = get_user_model().objects.get(pk=user.pk)  # a fresh scope per user
            for model in models:
                inside = set(access.restrict(model._default_manager.all(), user, perm).values_list("pk", flat=True))
                for obj in model._default_manager.all():
                    checked += 1
                    if user.has_perm(perm, obj) != (obj.pk in inside):
                        disagreements.append(f"{perm} {name} {model.__name__}#{obj.pk}: predicate {obj.pk not in inside}, queryset {obj.pk in inside}")
    assert disagreements == []
    assert checked > 10000


@pytest.mark.django_db
def test_restrict_reaches_the_expected_objects(world):
    """Spot checks written by hand (not derived): the involved-organisation path through the
    co-organisers and the plan's tasks, and street/district scopes."""
    from gongjian.registry.models import Street
    from gongjian.targets.models import AnnualPlan, Task

    objs = _matrix_objects(world)
    users = _users(world)
    co = users["co_liaison"]
    assert set(access.restrict(Task.objects.all(), co, "targets.view_task")) == {objs["t:fuxing"]}
    assert set(access.restrict(AnnualPlan.objects.all(), co, "targets.view_plan")) == {objs["pl:fuxing"]}
    assert not access.restrict(Task.objects.all(), co, "targets.report_progress").exists()  # co-organiser, not lead
    assert co.has_perm("targets.view_task", objs["t:fuxing"]) and not co.has_perm("targets.report_progress", objs["t:fuxing"])
    assert set(access.restrict(Street.objects.all(), world.users["street"], "registry.add_community")) == {world.streets["列东街道"]}
    assert set(access.restrict(Street.objects.all(), world.users["district"], "registry.add_community")) == set(world.streets.values())
    assert not access.restrict(Street.objects.all(), world.users["community"], "registry.add_community").exists()
    assert access.restrict(Task.objects.all(), users["superuser"], "targets.change_task").count() == 2
    assert not access.restrict(Task.objects.all(), users["inactive"], "targets.view_task").exists()


@pytest.mark.django_db
def test_get_for_404_out_of_scope_403_seen_but_not_allowed(world):
    from gongjian.targets.models import Task

    objs = _matrix_objects(world)
    street = world.users["street"]
    assert access.get_for(world.users["community"], "targets.change_task", Task.objects.all(), pk=objs["t:jiangbin"].pk) == objs["t:jiangbin"]
    with pytest.raises(Http404):
        access.get_for(world.users["community"], "targets.change_task", Task, pk=objs["t:fuxing"].pk)
    with pytest.raises(PermissionDenied):  # 列东 sees 江滨's task but does not change it
        access.get_for(street, "targets.change_task", Task, pk=objs["t:jiangbin"].pk)
    with pytest.raises(Http404):
        access.get_for(street, "targets.change_task", Task, pk=objs["t:fuxing"].pk)


@pytest.mark.django_db
def test_undeclared_models_and_permissions_are_refused(world):
    from gongjian.core.models import ObjectChange

    with pytest.raises(ImproperlyConfigured):
        access.declaration("nowhere.nothing")
    with pytest.raises(ImproperlyConfigured):
        access.restrict(ObjectChange.objects.all(), world.users["community"], "targets.view_task")


# --- out of scope is 404 for GET and POST alike ------------------------------------------------------


def _out_of_scope_urls(world, objs):
    """(user, url) where the object is outside the user's scope entirely."""
    fx = world.communities["富兴社区"]
    community = world.users["community"]
    return [
        (community, reverse("targets:task_edit", args=[objs["t:fuxing"].pk])),
        (community, reverse("targets:plan_edit", args=[objs["pl:fuxing"].pk])),
        (community, reverse("targets:plan_publish", args=[objs["pl:fuxing"].pk])),
        (community, reverse("targets:milestones", args=[objs["t:fuxing"].pk])),
        (world.users["liaison"], reverse("targets:report", args=[objs["t:fuxing"].pk])),
        (community, reverse("meetings:attendance", args=[objs["mt:fuxing"].pk])),
        (community, reverse("meetings:minutes_approve", args=[objs["mt:fuxing"].pk])),
        (community, reverse("meetings:decide", args=[objs["ai:fuxing"].pk])),
        (community, reverse("suggestions:suggestion_create", args=[objs["sc:fuxing"].pk])),
        (community, reverse("suggestions:suggestion_merge", args=[objs["sg:fuxing"].pk])),
        (world.users["street"], reverse("registry:community_edit", args=[fx.slug])),
        (world.users["street"], reverse("registry:community_liaisons", args=[fx.slug])),
        (community, reverse("registry:person_edit", args=[world.people["李富兴"].pk])),
        (community, reverse("registry:person_affiliations", args=[world.people["李富兴"].pk])),
        (world.users["liaison"], reverse("registry:organisation_edit", args=[world.orgs["富兴单位"].pk])),
    ]


@pytest.mark.django_db
def test_out_of_scope_is_404_for_get_and_post(world, client):
    from gongjian.core.models import ObjectChange

    objs = _matrix_objects(world)
    before = ObjectChange.objects.count()
    failures = []
    for user, url in _out_of_scope_urls(world, objs):
        client.force_login(user)
        for method in ("get", "post"):
            status = getattr(client, method)(url, {"title": "x", "version": 1, "publish": "1"} if method == "post" else None).status_code
            if status != 404:
                failures.append(f"{user} {method.upper()} {url}: {status}")
    assert failures == []
    assert ObjectChange.objects.count() == before  # nothing was written


@pytest.mark.django_db
def test_seen_but_not_allowed_is_403_for_get_and_post(world, client):
    """The liaison of a co-organiser sees the task but does not report on it: the fetch (not
    the view's decorator, the liaison holds ``report_progress``) answers 403."""
    objs = _matrix_objects(world)
    client.force_login(_users(world)["co_liaison"])
    url = reverse("targets:report", args=[objs["t:fuxing"].pk])
    assert client.get(reverse("targets:task_detail", args=[objs["t:fuxing"].pk])).status_code == 200
    assert client.get(url).status_code == 403
    assert client.post(url, {"percent": 50}).status_code == 403
