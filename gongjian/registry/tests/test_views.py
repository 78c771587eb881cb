import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongjian.core.models import ObjectChange
from gongjian.registry import services
from gongjian.registry.models import Organisation, Person

pytestmark = pytest.mark.django_db


def test_staff_see_mobile_in_full_liaison_masked(world, client):
    person = world.people["张江滨"]
    url = reverse("registry:person_detail", args=[person.pk])
    client.force_login(world.users["community"])
    assert person.mobile in client.get(url).content.decode()
    client.force_login(world.users["liaison"])
    body = client.get(url).content.decode()
    assert person.mobile not in body
    assert f"{person.mobile[:3]}****{person.mobile[-4:]}" in body
    assert "3幢201" not in body  # the address is masked too


def test_person_list_masks_per_row(world, client):
    client.force_login(world.users["liaison"])
    body = client.get(reverse("registry:person_list")).content.decode()
    assert "张江滨" in body and world.people["张江滨"].mobile not in body
    assert "李富兴" not in body  # out of scope entirely


def test_edit_writes_change_log_and_history_shows_it(world, client):
    org = world.orgs["江滨单位"]
    client.force_login(world.users["community"])
    url = reverse("registry:organisation_edit", args=[org.pk])
    data = {
        "name": "江滨供电所（新）", "kind": org.kind, "unit_kind": org.unit_kind, "community": org.community_id,
        "contact_name": "王主任", "contact_phone": "13800000001", "version": org.version,
    }
    resp = client.post(url, data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    org.refresh_from_db()
    assert org.name == "江滨供电所（新）" and org.version == 2
    change = ObjectChange.objects.filter(object_id=org.pk, content_type=ContentType.objects.get_for_model(Organisation)).first()
    assert change.action == "update" and change.actor == world.users["community"]
    assert change.before["name"] == "江滨供电所" and change.after["name"] == "江滨供电所（新）"
    history = client.get(reverse("object_history", args=[change.content_type_id, org.pk])).content.decode()
    assert "江滨供电所（新）" in history and "community" in history


def test_concurrent_edit_is_refused_not_overwritten(world, client):
    org = world.orgs["江滨单位"]
    stale = org.version
    services.organisation_update(actor=world.users["district"], organisation=org, address="新址1号")
    client.force_login(world.users["community"])
    resp = client.post(
        reverse("registry:organisation_edit", args=[org.pk]),
        {"name": "改名", "kind": org.kind, "unit_kind": org.unit_kind, "community": org.community_id, "version": stale},
    )
    assert resp.status_code == 200
    assert "changed by someone else" in resp.content.decode() or "其他人" in resp.content.decode()
    org.refresh_from_db()
    assert org.name == "江滨供电所" and org.address == "新址1号"


def test_create_person_validates_in_chinese(world, client):
    client.force_login(world.users["community"])
    resp = client.post(
        reverse("registry:person_create"),
        {"name": "王五", "community": world.communities["江滨社区"].pk, "mobile": "12345", "category": Person.Category.RESIDENT},
    )
    assert resp.status_code == 200
    assert "11 位" in resp.content.decode()
    assert not Person.objects.filter(name="王五").exists()


def test_create_person_outside_scope_is_rejected(world, client):
    client.force_login(world.users["community"])
    resp = client.post(
        reverse("registry:person_create"),
        {"name": "王五", "community": world.communities["富兴社区"].pk, "category": Person.Category.RESIDENT},
    )
    assert resp.status_code == 200
    assert not Person.objects.filter(name="王五").exists()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["registry:person_list", "registry:organisation_list", "registry:places"])
def test_list_query_count_does_not_grow_with_rows(world, client, name):
    client.force_login(world.users["district"])
    url = reverse(name)
    before = _count(client, url)
    jb = world.communities["江滨社区"]
    for i in range(30):
        services.person_create(actor=None, community=jb, name=f"新人{i}", mobile=f"1370000{i:04d}")
        services.organisation_create(actor=None, community=jb, name=f"新单位{i}", kind=Organisation.Kind.RESIDENT_UNIT, unit_kind="non_public")
    assert _count(client, url) == before


def test_list_filters_and_search(world, client):
    client.force_login(world.users["district"])
    body = client.get(reverse("registry:organisation_list"), {"kind": "mass"}).content.decode()
    assert "江滨社区团支部" in body and "江滨供电所" not in body
    body = client.get(reverse("registry:person_list"), {"q": "李"}).content.decode()
    assert "李江滨" in body and "张江滨" not in body


def test_htmx_request_gets_only_the_table(world, client):
    client.force_login(world.users["district"])
    resp = client.get(reverse("registry:person_list"), {"q": "张"}, HTTP_HX_REQUEST="true")
    body = resp.content.decode()
    assert "<table" in body and "<nav" not in body


def test_drill_down(world, client):
    client.force_login(world.users["street"])
    body = client.get(reverse("registry:places")).content.decode()
    assert "江滨社区" in body and "东霞社区" in body and "富兴社区" not in body
    street = world.streets["列东街道"]
    body = client.get(reverse("registry:street_detail", args=[street.pk])).content.decode()
    assert "江滨社区" in body
    body = client.get(reverse("registry:community_detail", args=["jiangbin"])).content.decode()
    assert "江滨供电所" in body and "江滨社区团支部" in body


def test_healthz(client, db):
    resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.json()["database"]["status"] == "ok"


def test_api_masks_personal_data_by_scope(world, client):
    client.force_login(world.users["liaison"])
    rows = client.get("/api/v1/people/").json()["results"]
    assert [r["name"] for r in rows] == ["张江滨"]
    assert "****" in rows[0]["mobile"]
    client.force_login(world.users["community"])
    rows = client.get("/api/v1/people/").json()["results"]
    assert {r["mobile"] for r in rows} >= {world.people["张江滨"].mobile}


def test_openapi_schema_served(world, client):
    client.force_login(world.users["district"])
    resp = client.get("/api/v1/schema/")
    assert resp.status_code == 200 and b"/api/v1/people/" in resp.content
    docs = client.get("/api/v1/docs/").content.decode()
    assert "cdn" not in docs.lower()
    import re

    assets = re.findall(r'(?:src|href)="(/static/swagger-ui/[^"]+)"', docs)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets), docs[:500]
    for asset in assets:  # served from our own static files
        resp = client.get(asset)
        assert resp.status_code == 200, asset
        assert (b"".join(resp.streaming_content) if resp.streaming else resp.content)


def test_district_assigns_and_removes_a_liaison_unit(world, client):
    from gongjian.registry.models import LiaisonAssignment

    client.force_login(world.users["district"])
    url = reverse("registry:community_liaisons", args=["jiangbin"])
    unit = world.orgs["东霞单位"]
    resp = client.post(url, {"year": 2010, "kind": "unit", "unit": unit.pk})
    assert resp.status_code == 302
    assignment = LiaisonAssignment.objects.get(community=world.communities["江滨社区"], unit=unit)
    assert ObjectChange.objects.filter(object_id=assignment.pk, action="create", actor=world.users["district"]).exists()
    assert "东霞供电所" in client.get(reverse("registry:community_detail", args=["jiangbin"])).content.decode()
    # A leader without a name is refused with a Chinese message, nothing written.
    resp = client.post(url, {"year": 2010, "kind": "leader"})
    assert resp.status_code == 200 and "请填写挂点领导姓名" in resp.content.decode()
    assert LiaisonAssignment.objects.count() == 1
    client.post(url, {"remove": assignment.pk})
    assert not LiaisonAssignment.objects.exists()
    assert ObjectChange.objects.filter(object_id=assignment.pk, action="delete").exists()


def test_community_staff_add_change_and_remove_an_affiliation(world, client):
    from gongjian.registry.models import Affiliation

    person = world.people["李江滨"]
    client.force_login(world.users["community"])
    url = reverse("registry:person_affiliations", args=[person.pk])
    org = world.orgs["江滨团支部"]
    assert client.post(url, {"organisation": org.pk, "role": "volunteer"}).status_code == 302
    assert Affiliation.objects.get(person=person, organisation=org).role == "volunteer"
    client.post(url, {"organisation": org.pk, "role": "head", "title": "书记"})
    a = Affiliation.objects.get(person=person, organisation=org)
    assert (a.role, a.title) == ("head", "书记")
    # An organisation of another community is not offered, and is refused if posted.
    other = world.orgs["富兴团支部"]
    assert other.name not in client.get(url).content.decode()
    assert client.post(url, {"organisation": other.pk, "role": "member"}).status_code == 200
    assert not Affiliation.objects.filter(person=person, organisation=other).exists()
    client.post(url, {"remove": a.pk})
    assert not Affiliation.objects.filter(person=person, organisation=org).exists()
