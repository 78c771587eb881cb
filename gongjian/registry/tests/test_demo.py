"""The demo district: built once per test session (it takes a few seconds), then checked against
the source briefing; tests that change it run in a transaction that is rolled back."""

import hashlib
import io
import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Count, Q

from gongjian.accounts.models import Role, RoleAssignment
from gongjian.accounts.scope import compute_scope
from gongjian.core.models import ObjectChange
from gongjian.registry import demo, services
from gongjian.registry.models import (
    Affiliation,
    Building,
    Community,
    Compound,
    District,
    LiaisonAssignment,
    Organisation,
    Person,
    Street,
)
from gongjian.reports.stats import compute_stats

REGISTRY_MODELS = [District, Street, Community, Compound, Building, Organisation, Person, Affiliation, LiaisonAssignment]
LOGINS = ["admin", "district", "lidong", "liexi", "jiangbin", "unit", "member", "resident"]


@pytest.fixture
def meilie(demo_district):
    """The demo district, built once per test session (``gongjian/conftest.py``)."""
    return District.objects.get(pk=demo_district.pk)


def _counts() -> dict:
    counts = {m.__name__: m.objects.count() for m in REGISTRY_MODELS}
    counts["RoleAssignment"] = RoleAssignment.objects.count()
    counts["User"] = get_user_model().objects.count()
    return counts


def _demo_changes() -> int:
    """Change-log rows about the registry, role assignments and users."""
    cts = [ContentType.objects.get_for_model(m) for m in [*REGISTRY_MODELS, RoleAssignment, get_user_model()]]
    return ObjectChange.objects.filter(content_type__in=cts).count()


def _fingerprint() -> str:
    """Everything that should come out the same on every build (ids aside)."""
    rows = [
        *Person.objects.order_by("community__name", "mobile").values_list(
            "community__name", "name", "mobile", "address", "category", "birth_year", "specialties", "user__username"
        ),
        *Organisation.objects.order_by("community__name", "name").values_list(
            "community__name", "name", "kind", "unit_kind", "mass_kind", "contact_name", "lat", "lng"
        ),
        *Affiliation.objects.order_by("person__mobile", "organisation__name").values_list("person__mobile", "organisation__name", "role", "title"),
        *Compound.objects.order_by("community__name", "name").annotate(n=Count("buildings")).values_list("community__name", "name", "n"),
        *LiaisonAssignment.objects.order_by("community__name", "kind", "unit__name").values_list("community__name", "kind", "leader_name", "unit__name"),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


# -- places -----------------------------------------------------------------------------------


def test_the_briefing_figures_come_out_of_the_demo(meilie, db):
    figures = compute_stats(year=2010)
    assert figures["communities"] == 25
    assert figures["streets"] >= 3
    assert figures["resident_units"] == 271
    assert meilie.city == "三明市"
    assert set(meilie.streets.values_list("name", flat=True)) >= {"列东街道", "列西街道", "徐碧街道"}
    assert set(meilie.streets.values_list("committee_name", flat=True)) >= {"列东街道工委", "列西街道工委", "徐碧街道工委"}


def test_jiangbin_is_in_lidong_with_its_pinyin_slug(meilie, db):
    jiangbin = Community.objects.get(name="江滨社区")
    assert jiangbin.street.name == "列东街道"
    assert jiangbin.slug == "jiangbin"
    assert jiangbin.street.district == meilie


def test_every_community_is_complete_and_placed_apart(meilie, db):
    communities = list(Community.objects.filter(street__district=meilie))
    assert len({c.slug for c in communities}) == 25
    points = []
    for c in communities:
        assert c.address and c.households and c.population > c.households
        assert 26.1 < float(c.lat) < 26.4 and 117.5 < float(c.lng) < 117.8
        points.append((float(c.lat), float(c.lng)))
        assert 3 <= c.compounds.count() <= 6
        assert Building.objects.filter(compound__community=c).count() >= 3 * c.compounds.count()
        kinds = set(c.organisations.values_list("kind", flat=True))
        assert {"party_org", "residents_committee", "civil", "mass", "resident_unit"} <= kinds
        assert c.organisations.get(kind="residents_committee").name == f"{c.name}居委会"
        party = c.organisations.get(kind="party_org").name
        assert party.startswith(c.name) and party.endswith(("党委", "党总支", "党支部"))
        leaders = c.liaisons.filter(year=2010, kind=LiaisonAssignment.Kind.LEADER)
        units = c.liaisons.filter(year=2010, kind=LiaisonAssignment.Kind.UNIT)
        assert leaders.count() == 1 and leaders.get().leader_title
        assert units.exists() and all(a.unit.kind == Organisation.Kind.RESIDENT_UNIT for a in units)
    # each community a little apart from every other (about 300 m or more)
    for i, (lat, lng) in enumerate(points):
        for lat2, lng2 in points[i + 1 :]:
            assert abs(lat - lat2) + abs(lng - lng2) > 0.003


def test_organisations_have_their_types(meilie, db):
    orgs = Organisation.objects.filter(community__street__district=meilie)
    assert not orgs.filter(kind="mass", mass_kind="").exists()
    assert set(orgs.filter(kind="mass").values_list("mass_kind", flat=True)) >= {"youth_league", "women", "union", "five_elders"}
    assert orgs.filter(kind="civil", name__endswith="老年协会").count() == 25
    assert orgs.filter(kind="civil", name__endswith="志愿者服务队").count() == 25
    assert orgs.filter(kind="owners_committee").exclude(compound=None).count() == orgs.filter(kind="owners_committee").count() > 0
    assert orgs.filter(kind="property_company").exists()
    assert Organisation.objects.get(name="江滨社区党支部").kind == "party_org"


def test_resident_units_are_spread_unevenly_and_realistically(meilie, db):
    units = Organisation.objects.filter(kind=Organisation.Kind.RESIDENT_UNIT, community__street__district=meilie)
    per_community = sorted(units.values("community").annotate(n=Count("id")).values_list("n", flat=True))
    assert len(per_community) == 25 and sum(per_community) == 271
    assert 6 <= per_community[0] <= 8 and 15 <= per_community[-1] <= 20
    assert set(units.values_list("unit_kind", flat=True)) == {"organ", "institution", "state_enterprise", "non_public"}
    for name in ("梅列区人民法院", "三明市第一医院", "国网三明供电公司列东供电所"):
        assert units.filter(name=name).exists()
    assert units.filter(name__startswith="三明钢铁厂").count() >= 3
    assert units.exclude(served_communities=None).distinct().count() >= 3
    assert len(set(units.values_list("name", flat=True))) == 271
    for unit in units.select_related("community"):
        assert unit.contact_name and unit.contact_phone
        assert abs(float(unit.lat) - float(unit.community.lat)) < 0.01
        assert abs(float(unit.lng) - float(unit.community.lng)) < 0.01


# -- people -----------------------------------------------------------------------------------


def test_people_are_enough_for_the_mechanism(meilie, db):
    people = Person.objects.filter(community__street__district=meilie)
    assert 2400 <= people.count() <= 2800
    members_and_activists = people.filter(Q(is_party_member=True) | Q(category=Person.Category.ACTIVIST)).count()
    assert members_and_activists >= 1000
    assert set(people.values_list("category", flat=True)) == set(Person.Category.values)
    assert not people.filter(category__in=Person.PARTY_CATEGORIES, is_party_member=False).exists()
    assert not people.filter(Q(gender="") | Q(birth_year=None) | Q(compound=None) | Q(address="")).exists()
    assert people.exclude(specialties="").count() > people.count() // 2
    assert people.filter(specialties__contains="调解").exists() and people.filter(specialties__contains="电工").exists()
    assert set(people.values_list("availability", flat=True)) > {"any", "weekday", "evening", "weekend"}
    assert re.fullmatch(r".+\d+幢\d单元\d0\d", people.first().address)
    for person in people.select_related("compound")[:200]:
        assert person.address.startswith(person.compound.name)
        assert person.compound.community_id == person.community_id


def test_mobiles_are_unique_and_valid(meilie, db):
    mobiles = list(Person.objects.filter(community__street__district=meilie).values_list("mobile", flat=True))
    assert all(re.fullmatch(r"1[3-9]\d{9}", m) for m in mobiles)
    assert len(set(mobiles)) == len(mobiles)


def test_unit_members_belong_to_their_units(meilie, db):
    units = Organisation.objects.filter(kind=Organisation.Kind.RESIDENT_UNIT, community__street__district=meilie)
    for unit in units.prefetch_related("affiliations__person"):
        liaisons = [a for a in unit.affiliations.all() if a.role == Affiliation.Role.LIAISON]
        assert len(liaisons) == 1, unit
        liaison = liaisons[0].person
        assert (unit.contact_name, unit.contact_phone) == (liaison.name, liaison.mobile)
        assert liaison.category == Person.Category.UNIT_MEMBER and liaison.community_id == unit.community_id
    unit_members = Person.objects.filter(community__street__district=meilie, category=Person.Category.UNIT_MEMBER)
    assert not unit_members.exclude(affiliations__organisation__kind=Organisation.Kind.RESIDENT_UNIT).exists()
    assert Affiliation.objects.filter(organisation__in=units, role=Affiliation.Role.HEAD).count() > 150
    volunteers = Affiliation.objects.filter(organisation__name__endswith="志愿者服务队", role=Affiliation.Role.VOLUNTEER)
    assert volunteers.values("organisation").distinct().count() == 25
    # every civil and mass organisation has exactly one head
    for org in Organisation.objects.filter(community__street__district=meilie, kind__in=["civil", "mass", "party_org", "residents_committee"]):
        assert org.affiliations.filter(role=Affiliation.Role.HEAD).count() == 1, org


# -- logins -----------------------------------------------------------------------------------


def test_every_demo_login_works_with_the_demo_password(meilie, db):
    for username in LOGINS:
        user = authenticate(username=username, password=demo.demo_password())
        assert user is not None, username
        assert user.first_name, username
    assert authenticate(username="district", password="wrong-password") is None
    assert demo.demo_password() == "gongjian-demo"


def test_the_demo_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("GONGJIAN_DEMO_PASSWORD", "another-secret")
    assert demo.demo_password() == "another-secret"
    monkeypatch.delenv("GONGJIAN_DEMO_PASSWORD")
    assert demo.demo_password() == "gongjian-demo"


def test_demo_logins_have_the_right_roles_and_scopes(meilie, db):
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=LOGINS)}
    assert users["admin"].is_superuser and not users["admin"].role_assignments.exists()
    assert users["district"].first_name == "梅列区委组织部"

    def only(username):
        (assignment,) = users[username].role_assignments.all()
        return assignment

    jiangbin = Community.objects.get(slug="jiangbin")
    assert (only("district").role, only("district").district) == (Role.DISTRICT_OFFICE, meilie)
    assert (only("lidong").role, only("lidong").street.name) == (Role.STREET_COMMITTEE, "列东街道")
    assert (only("liexi").role, only("liexi").street.name) == (Role.STREET_COMMITTEE, "列西街道")
    assert (only("jiangbin").role, only("jiangbin").community) == (Role.COMMUNITY_PARTY, jiangbin)
    assert (only("resident").role, only("resident").community) == (Role.RESIDENT, jiangbin)

    unit = only("unit")
    assert unit.role == Role.ORG_LIAISON
    assert unit.organisation.community == jiangbin and unit.organisation.kind == Organisation.Kind.RESIDENT_UNIT
    liaison = Person.objects.get(user=users["unit"])
    assert Affiliation.objects.filter(person=liaison, organisation=unit.organisation, role=Affiliation.Role.LIAISON).exists()

    member = only("member")
    assert member.role == Role.MEMBER
    assert member.person.community == jiangbin and member.person.is_party_member
    assert member.person.user == users["member"]

    # the scopes the permission code computes from them
    lidong = compute_scope(users["lidong"])
    assert lidong.staff_community_ids == set(Community.objects.filter(street__name="列东街道").values_list("id", flat=True))
    assert compute_scope(users["district"]).staff_community_ids == set(Community.objects.filter(street__district=meilie).values_list("id", flat=True))
    assert compute_scope(users["jiangbin"]).staff_community_ids == {jiangbin.id}
    assert compute_scope(users["member"]).community_ids == {jiangbin.id}
    assert compute_scope(users["resident"]).staff_community_ids == frozenset()


def test_demo_logins_command_prints_the_table(meilie, db):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    lines = out.getvalue().splitlines()
    for username in LOGINS:
        (line,) = [row for row in lines if row.split()[:1] == [username]]
        assert demo.demo_password() in line
    assert any("列东街道" in row for row in lines if row.split()[:1] == ["lidong"])


# -- idempotence, reset -------------------------------------------------------------------------


def test_building_twice_changes_nothing(meilie, db):
    before, changes, print_before = _counts(), _demo_changes(), _fingerprint()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert len(out.getvalue().splitlines()) == 1 and "梅列区" in out.getvalue()  # "is already there"
    assert not demo.build_demo().built
    assert _counts() == before
    assert _demo_changes() == changes
    assert _fingerprint() == print_before


def test_reset_rebuilds_the_same_district(meilie, db):
    before, changes, print_before = _counts(), _demo_changes(), _fingerprint()
    jiangbin = Community.objects.get(slug="jiangbin")
    services.person_create(actor=None, community=jiangbin, name="临时居民", mobile="13912345678")
    old_admin = get_user_model().objects.get(username="admin").pk
    call_command("demo", "--reset", stdout=io.StringIO())
    assert _counts() == before  # the extra person went with the old district
    assert _demo_changes() == changes  # the old change-log rows went too
    assert _fingerprint() == print_before  # same data every time
    assert get_user_model().objects.get(username="admin").pk != old_admin
    assert authenticate(username="member", password=demo.demo_password()) is not None
    assert compute_stats(year=2010)["resident_units"] == 271
    # no change-log row points at an object that is gone
    for model in REGISTRY_MODELS:
        ct = ContentType.objects.get_for_model(model)
        logged = set(ObjectChange.objects.filter(content_type=ct).values_list("object_id", flat=True))
        assert logged == set(model.objects.values_list("pk", flat=True)), model


def test_every_row_has_its_change_log_row(meilie, db):
    for model in REGISTRY_MODELS:
        ct = ContentType.objects.get_for_model(model)
        assert ObjectChange.objects.filter(content_type=ct, source="demo", action="create").count() == model.objects.count(), model
    jiangbin = Community.objects.get(slug="jiangbin")
    row = ObjectChange.objects.get(content_type=ContentType.objects.get_for_model(Community), object_id=jiangbin.pk)
    assert row.after["slug"] == "jiangbin" and row.actor is None


def test_an_admin_made_by_hand_is_left_alone(db, django_user_model):
    demo.delete_demo()  # this test wants no demo: rolled back afterwards
    mine = django_user_model.objects.create_superuser("admin", password="my-own-password")
    out = io.StringIO()
    assert demo.build_demo(stdout=out).built
    mine.refresh_from_db()
    assert mine.check_password("my-own-password")
    assert "admin" in out.getvalue()
    assert authenticate(username="district", password=demo.demo_password()) is not None
    demo.delete_demo()
    assert django_user_model.objects.filter(pk=mine.pk).exists()
    assert not django_user_model.objects.filter(username="district").exists()


def test_demo_on_an_existing_district_adds_only_the_missing_parts(meilie, db):
    """After an upgrade (``git pull`` then ``make setup``), ``gongjian demo`` adds the demo
    parts registered since the district was built, and nothing twice."""
    from gongjian.meetings.models import Meeting

    calls = []

    def build(ctx):
        if ctx.district.streets.filter(committee_name="新部件").exists():
            return False
        calls.append(ctx.district.pk)
        ctx.say("新部件：已写入。")
        Street.objects.create(district=ctx.district, name="新部件街道", committee_name="新部件")
        return True

    meetings = Meeting.objects.count()  # the parts already there are left as they are
    demo.register_demo_part("dummy", build=build, budget_seconds=5)
    try:
        counts = _counts()
        out = io.StringIO()
        call_command("demo", stdout=out)
        text = out.getvalue()
        assert calls == [meilie.pk] and Meeting.objects.count() == meetings
        assert "新部件：已写入。" in text and re.search(r"dummy\S* .*\b5\b", text)  # its time against its 5 s budget
        assert _counts()["Street"] == counts["Street"] + 1
        again = demo.build_demo()
        assert again.added == [] and calls == [meilie.pk] and Meeting.objects.count() == meetings
        assert _counts()["Street"] == counts["Street"] + 1
    finally:
        demo.unregister_demo_part("dummy")


def test_district_and_street_slugs_from_pinyin(meilie, db):
    assert meilie.slug == "meilie"
    assert set(meilie.streets.values_list("slug", flat=True)) == {"liedong", "liexi", "xubi"}
    other = District.objects.create(name="梅列县")
    assert other.slug == "meilie2"
    assert Street.objects.create(district=other, name="列东街道").slug == "liedong"
