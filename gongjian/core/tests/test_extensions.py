"""Each registry takes a dummy app's entry, and the pages show it."""

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, reverse

from gongjian.core import extensions
from gongjian.core.extensions import board_sections, dashboard_cards, me_sections, nav_for, register_nav


@pytest.fixture
def dummy_template(settings, tmp_path):
    (tmp_path / "dummy").mkdir()
    (tmp_path / "dummy" / "section.html").write_text('<div data-testid="dummy">{{ dummy_text }}</div>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0].get("DIRS", [])]}]
    engines._templates = None
    engines.__dict__.pop("templates", None)
    yield "dummy/section.html"
    engines.__dict__.pop("templates", None)


@pytest.mark.parametrize("registry", [board_sections, me_sections, dashboard_cards], ids=lambda r: r.name)
def test_a_dummy_section_registers_in_order_with_its_budget(registry, rf, django_user_model, db):
    before = registry.budget()
    registry.register("dummy", order=1, template="x.html", context=lambda request, **kw: {"dummy_text": "你好"}, queries=2)
    try:
        assert registry.sections()[0].key == "dummy" and registry.budget() == before + 2
        request = rf.get("/")
        request.user = django_user_model.objects.create_user("u")
        ctx, shown = registry.collect(request, community=None) if registry is board_sections else registry.collect(request)
        assert shown[0].key == "dummy" and ctx["dummy_text"] == "你好"
    finally:
        registry.unregister("dummy")
    assert "dummy" not in [s.key for s in registry.sections()]


def test_board_shows_a_dummy_section_and_keeps_its_query_budget(world, client, dummy_template):
    """A dummy section with one query adds one; the budget is pinned exactly in public/tests."""
    from gongjian.public.views import board_query_budget

    def run():
        with CaptureQueriesContext(connection) as ctx:
            body = client.get("/c/jiangbin/").content.decode()
        return len(ctx.captured_queries), body

    base, _ = run()
    assert base <= board_query_budget()  # without a published plan the targets section does less
    def dummy(request, *, community):
        from gongjian.registry.models import Street

        return {"dummy_text": f"{community.name}的新栏目{Street.objects.count()}"}

    board_sections.register("dummy", order=15, template=dummy_template, queries=1, context=dummy)
    try:
        count, body = run()
        assert '<div data-testid="dummy">江滨社区的新栏目2</div>' in body
        assert count == base + 1
    finally:
        board_sections.unregister("dummy")


def test_me_and_dashboard_show_dummy_sections(world, login, dummy_template):
    client = login(world.users["district"])
    for registry, url in ((me_sections, "/accounts/me/"), (dashboard_cards, "/")):
        registry.register("dummy", template=dummy_template, context=lambda request: {"dummy_text": request.user.username})
        try:
            assert f'<div data-testid="dummy">{world.users["district"].username}</div>' in client.get(url).content.decode()
        finally:
            registry.unregister("dummy")
        assert 'data-testid="dummy"' not in client.get(url).content.decode()


def test_a_section_with_a_permission_is_left_out_for_others(world, login, dummy_template):
    me_sections.register("dummy", template=dummy_template, perm="registry.import_data", context=lambda request: {"dummy_text": "x"})
    try:
        assert 'data-testid="dummy"' in login(world.users["district"]).get("/accounts/me/").content.decode()
        assert 'data-testid="dummy"' not in login(world.users["resident"]).get("/accounts/me/").content.decode()
    finally:
        me_sections.unregister("dummy")


def test_navigation_groups_by_step_and_filters_by_permission(world, login):
    register_nav("dummy", group="evaluate", label="考评", url_name="home", perm="registry.import_data")
    try:
        groups = nav_for(world.users["district"])
        keys = [g["key"] for g in groups]
        assert keys == [k for k in extensions.NAV_GROUPS if k in keys]  # the mechanism's order
        assert "evaluate" in keys and "solicit" in keys and "registry" in keys
        assert "evaluate" not in [g["key"] for g in nav_for(world.users["resident"])]
        body = login(world.users["district"]).get("/").content.decode()
        assert 'data-testid="nav-dummy"' in body and 'data-testid="nav-group-evaluate"' in body
        assert 'data-testid="nav-places"' in body and 'data-testid="nav-suggestions"' in body
        with pytest.raises(Exception, match="Unknown navigation group"):
            register_nav("bad", group="nowhere", label="x", url_name="home")
    finally:
        extensions.unregister_nav("dummy")
    assert 'data-testid="nav-dummy"' not in login(world.users["district"]).get("/").content.decode()


def test_public_urls_and_api_routes_are_collected_from_apps(world, client, settings, monkeypatch):
    import sys
    import types

    from django.http import HttpResponse
    from django.urls import path
    from rest_framework import viewsets
    from rest_framework.response import Response

    from gongjian.core.views_perm import public_view

    # A dummy app contributes a public page and an API route through the same hooks.
    public = types.ModuleType("dummy_public_urls")
    public.urlpatterns = [path("<slug:slug>/dummy/", public_view(lambda request, slug: HttpResponse(f"dummy {slug}")), name="dummy")]

    class DummyViewSet(viewsets.ViewSet):
        permission_classes = []

        def list(self, request):
            return Response({"dummy": True})

    api = types.ModuleType("dummy_api")
    api.ROUTES = [("dummies", DummyViewSet, "api-dummy")]
    real = extensions.app_modules

    def fake(name):
        return [*real(name), {"public_urls": public, "api": api}[name]]

    monkeypatch.setattr(extensions, "app_modules", fake)
    for mod in ("gongjian.public.urls", "gongjian.api_urls", "gongjian.urls"):
        monkeypatch.delitem(sys.modules, mod, raising=False)
    clear_url_caches()
    try:
        assert client.get(reverse("public:dummy", args=["jiangbin"])).content == b"dummy jiangbin"
        assert reverse("public:suggest", args=["jiangbin"]) == "/c/jiangbin/suggest/"
        assert reverse("api-dummy-list") == "/api/v1/dummies/"
        assert reverse("api-community-detail", args=[1]) == "/api/v1/communities/1/"
    finally:
        for mod in ("gongjian.public.urls", "gongjian.api_urls", "gongjian.urls"):
            sys.modules.pop(mod, None)
        monkeypatch.undo()
        clear_url_caches()
