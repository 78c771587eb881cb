"""`gongjian stats`: the briefing's figures counted from the database at call time."""

import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from gongjian.registry import demo, services
from gongjian.registry.models import Community, District, Organisation
from gongjian.reports import stats
from gongjian.reports.stats import compute_stats, register_stat, registered_stats, unregister_stat

#: The figure set, in its order (the briefing's order of the figures).
KEYS = [
    "communities", "streets", "resident_units", "participating_units", "tasks", "unit_items",
    "unit_funds_yuan", "post_kinds", "post_holders", "incident_post_communities",
    "suggestion_source_categories", "suggestions", "suggestions_adopted", "joint_meetings",
    "evaluation_categories", "evaluation_items", "innovation_award_communities", "training_classes",
    "summer_camps", "residents_trained", "compound_management_modes",
]


@pytest.fixture
def meilie(demo_district):
    return District.objects.get(pk=demo_district.pk)


@pytest.fixture
def provider():
    """Register a temporary provider; forgotten after the test."""
    added = []

    def add(key, fn):
        register_stat(key, fn)
        added.append(key)
        return fn

    yield add
    for key in added:
        unregister_stat(key)


def _run(*args) -> tuple[list[str], dict]:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    lines = out.getvalue().splitlines()
    return lines, json.loads(lines[-1], object_pairs_hook=lambda pairs: pairs) if "--json" in args else None


def test_stats_on_an_empty_database(db):
    demo.delete_demo()  # in case this module's demo is built already (rolled back afterwards)
    assert not Community.objects.exists()
    figures = compute_stats(year=2010)
    assert list(figures) == KEYS
    assert (figures["communities"], figures["streets"], figures["resident_units"]) == (0, 0, 0)
    for key in KEYS:
        if key not in registered_stats():
            assert figures[key] is None, key
    lines, pairs = _run("--year", "2010", "--json")
    assert [k for k, _v in pairs] == KEYS
    assert dict(pairs)["communities"] == 0


def test_the_demo_gives_the_briefing_figures(meilie, db):
    figures = compute_stats(year=2010)
    assert figures["communities"] == 25
    assert figures["streets"] >= 3
    assert figures["resident_units"] == 271
    assert compute_stats(year=2010, district=meilie)["resident_units"] == 271
    assert compute_stats(year=2010, district="梅列区")["communities"] == 25


def test_figures_are_live(meilie, db):
    jiangbin = Community.objects.get(slug="jiangbin")
    services.organisation_create(
        actor=None, community=jiangbin, name="三明市新开张商贸有限公司",
        kind=Organisation.Kind.RESIDENT_UNIT, unit_kind=Organisation.UnitKind.NON_PUBLIC,
    )
    assert compute_stats(year=2010)["resident_units"] == 272
    _lines, pairs = _run("--year", "2010", "--json")
    assert dict(pairs)["resident_units"] == 272


def test_a_district_restricts_the_figures(meilie, db):
    other = District.objects.create(name="三元区", city="三明市")
    street = services.street_create(actor=None, district=other, name="城关街道")
    community = services.community_create(actor=None, street=street, name="新亭社区")
    services.organisation_create(
        actor=None, community=community, name="三元区人民医院",
        kind=Organisation.Kind.RESIDENT_UNIT, unit_kind=Organisation.UnitKind.INSTITUTION,
    )
    assert community.slug != "xinting"  # 梅列区 has a 新亭社区 already: slugs stay unique
    everywhere = compute_stats(year=2010)
    assert (everywhere["communities"], everywhere["resident_units"]) == (26, 272)
    assert compute_stats(year=2010, district=other)["communities"] == 1
    assert compute_stats(year=2010, district=other)["streets"] == 1
    _lines, pairs = _run("--year", "2010", "--json", "--district", "梅列区")
    assert (dict(pairs)["communities"], dict(pairs)["resident_units"]) == (25, 271)
    with pytest.raises(CommandError):
        _run("--year", "2010", "--district", "没有这个区")


def test_cli_prints_json_last_with_every_key_in_order(meilie, db):
    lines, pairs = _run("--year", "2010", "--json")
    assert len(lines) == 1
    assert [k for k, _v in pairs] == KEYS
    values = dict(pairs)
    assert (values["communities"], values["resident_units"]) == (25, 271)
    providers = registered_stats()
    assert {"communities", "streets", "resident_units"} <= set(providers)
    for key in KEYS:
        if key in providers:
            assert isinstance(values[key], int | float), key
        else:
            assert values[key] is None, key


def test_cli_table_has_a_row_per_figure(meilie, db):
    lines, _ = _run("--year", "2010")
    assert len(lines) == 1 + len(KEYS)
    assert "2010" in lines[0]
    assert lines[1].split()[-1] == "25"  # communities
    assert lines[3].split()[-1] == "271"  # resident units
    for line, key in zip(lines[1:], KEYS, strict=True):
        if key not in registered_stats():
            assert line.split()[-1] == "—", key


def test_a_provider_answers_its_key(provider, db):
    calls = []

    def training_classes(*, year, district=None):
        calls.append((year, district))
        return Decimal("23")

    provider("training_classes", training_classes)
    figures = compute_stats(year=2010)
    assert figures["training_classes"] == 23 and isinstance(figures["training_classes"], int)
    assert calls == [(2010, None)]
    _lines, pairs = _run("--year", "2010", "--json")
    assert dict(pairs)["training_classes"] == 23


def test_providers_must_be_for_known_keys_and_return_numbers(provider, db):
    with pytest.raises(ImproperlyConfigured):
        register_stat("no_such_figure", lambda **kw: 1)
    with pytest.raises(ImproperlyConfigured):
        register_stat("communities", lambda **kw: 1)  # already answered by the registry
    provider("summer_camps", lambda **kw: True)
    with pytest.raises(TypeError):
        compute_stats(year=2010)
    unregister_stat("summer_camps")
    provider("summer_camps", lambda **kw: Decimal("2.5"))
    assert compute_stats(year=2010)["summer_camps"] == Decimal("2.5")
    _lines, pairs = _run("--year", "2010", "--json")
    assert dict(pairs)["summer_camps"] == 2.5


def test_the_keys_are_the_briefing_figure_set():
    assert list(stats.STAT_KEYS) == KEYS
    assert all(str(stats.STAT_LABELS[key]) for key in KEYS)


def test_stats_help_prints():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "gongjian.cli", "stats", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "--json" in out.stdout and "--year" in out.stdout


def test_the_demo_counts_its_places_and_units_in_2010_and_none_in_1990(meilie, db):
    assert [compute_stats(year=2010)[k] for k in ("communities", "streets", "resident_units")] == [25, 3, 271]
    assert [compute_stats(year=2000)[k] for k in ("communities", "streets", "resident_units")] == [0, 3, 0]
