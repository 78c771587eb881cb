"""Pages of individual post-setting: pinned query counts, the member's claim and log, the
public roster (mobiles masked) and 我要认岗, the liaison's read-only masked view."""

import datetime

import pytest
from django.urls import reverse

from gongjian.core.guard import form_stamp
from gongjian.posts import services
from gongjian.posts.models import Holding, ServiceEntry
from gongjian.posts.public import ROSTER_QUERIES

pytestmark = pytest.mark.django_db


def _more(world, posts, n=5):
    """More holders on more posts, so the pinned counts are shown not to grow with them."""
    for i in range(n):
        kind = services.kind_create(
            actor=None, district=world.district, name=f"岗位{i}", duties="职责", categories=["no_post", "activist"]
        )
        post = services.post_create(
            actor=None, community=world.communities["江滨社区"], year=2010, kind=kind, capacity=3
        )
        for name in ("张江滨", "李江滨"):
            h = services.holding_assign(actor=None, post=post, person=world.people[name], commitment="承诺")
            services.entry_add(actor=None, holding=h, date=datetime.date(2010, 4, 1 + i), hours=1, done="服务")


def test_public_roster_query_count_is_fixed_and_masks_mobiles(client, world, posts, django_assert_num_queries):
    url = reverse("public:posts_roster", args=[world.communities["江滨社区"].slug])
    with django_assert_num_queries(ROSTER_QUERIES):
        body = client.get(url).content.decode()
    assert "张江滨" in body and "13900000000" not in body and "139****0000" in body
    _more(world, posts)
    with django_assert_num_queries(ROSTER_QUERIES):
        assert client.get(url).status_code == 200
    printed = client.get(
        reverse("public:posts_print", args=[world.communities["江滨社区"].slug]) + "?size=A4"
    ).content.decode()
    assert (
        'data-size="A4"' in printed and "139****0000" in printed and "13900000000" not in printed and "<svg" in printed
    )


def test_holding_log_query_count_is_fixed(client, world, posts, django_assert_num_queries):
    from gongjian.posts.views import HOLDING_QUERIES

    client.force_login(world.users["community"])
    url = reverse("posts:holding_detail", args=[posts["h:jiangbin"].pk])
    client.get(url)
    # session, user, the role scope, nav and unread notices come on top of the page's own.
    with django_assert_num_queries(HOLDING_QUERIES + 6):
        client.get(url)
    for d in range(3, 9):
        services.entry_add(
            actor=None, holding=posts["h:jiangbin"], date=datetime.date(2010, 5, d), hours=2, done="巡逻"
        )
    with django_assert_num_queries(HOLDING_QUERIES + 6):
        assert client.get(url).status_code == 200


def test_community_page_query_count_is_fixed(client, world, posts, django_assert_num_queries):
    from gongjian.posts.views import COMMUNITY_QUERIES

    client.force_login(world.users["community"])
    url = reverse("posts:community", args=[world.communities["江滨社区"].slug])
    client.get(url)
    with django_assert_num_queries(COMMUNITY_QUERIES + 6):
        client.get(url)
    _more(world, posts)
    with django_assert_num_queries(COMMUNITY_QUERIES + 6):
        assert client.get(url).status_code == 200


def test_member_claims_and_logs_then_community_decides(client, world, posts):
    other = services.kind_create(
        actor=None, district=world.district, name="廉政监督岗", duties="监督", categories=["no_post"]
    )
    post = services.post_create(actor=None, community=world.communities["江滨社区"], year=2010, kind=other, capacity=2)
    client.force_login(world.users["member"])
    assert "廉政监督岗" in client.get(reverse("posts:mine")).content.decode()
    resp = client.post(reverse("posts:claim", args=[post.pk]), {"commitment": "监督财务公开"})
    assert resp.status_code == 302
    holding = Holding.objects.get(post=post)
    # A second claim of the same post: refused in Chinese, nothing written.
    resp = client.post(reverse("posts:claim", args=[post.pk]), {"commitment": "再次认领"})
    assert "已在此岗位或已申请认领此岗位" in resp.content.decode() and Holding.objects.filter(post=post).count() == 1
    client.force_login(world.users["community"])
    client.post(reverse("posts:decide", args=[holding.pk]), {"decision": "approve", "version": holding.version})
    holding.refresh_from_db()
    assert holding.status == Holding.Status.ACTIVE
    client.force_login(world.users["member"])
    future = datetime.date.today() + datetime.timedelta(days=3)
    resp = client.post(
        reverse("posts:entry_new", args=[holding.pk]), {"date": future.isoformat(), "hours": "2", "done": "巡查"}
    )
    assert "未来日期" in resp.content.decode() and not ServiceEntry.objects.filter(holding=holding).exists()
    resp = client.post(
        reverse("posts:entry_new", args=[holding.pk]), {"date": "2010-06-01", "hours": "2", "done": "巡查"}
    )
    assert resp.status_code == 302 and ServiceEntry.objects.filter(holding=holding).count() == 1


def test_member_cannot_reach_another_community_post_even_by_post(client, world, posts):
    client.force_login(world.users["member"])
    resp = client.post(reverse("posts:claim", args=[posts["po:fuxing"].pk]), {"commitment": "x"})
    assert (
        resp.status_code == 404
        and not Holding.objects.filter(post=posts["po:fuxing"], person=world.people["张江滨"]).exists()
    )


def test_liaison_reads_its_member_log_masked_and_read_only(client, world, posts):
    client.force_login(world.users["liaison"])
    body = client.get(reverse("posts:organisation")).content.decode()
    assert "张江滨" in body and "139****0000" in body and "13900000000" not in body
    body = client.get(reverse("posts:holding_detail", args=[posts["h:jiangbin"].pk])).content.decode()
    assert (
        "夜间巡逻" in body
        and "13900000000" not in body
        and reverse("posts:entry_new", args=[posts["h:jiangbin"].pk]) not in body
    )
    assert (
        client.post(reverse("posts:entry_review", args=[posts["e:jiangbin"].pk]), {"decision": "confirm"}).status_code
        == 403
    )


def test_public_claim_form_with_honeypot_and_pending_claim(client, world, posts):
    url = reverse("public:posts_claim", args=[world.communities["江滨社区"].slug])
    data = {"post": posts["po:jiangbin"].pk, "name": "赵志愿", "mobile": "13912345678", "commitment": "周末值守"}
    assert client.post(url, {**data, "started": form_stamp(), "website": "http://spam"}).status_code == 302
    assert not Holding.objects.filter(applicant_mobile="13912345678").exists()
    # Without the signed fill time (or with one already used) nothing is kept.
    assert client.post(url, data).status_code == 200
    stamp = form_stamp()
    assert client.post(url, {**data, "started": stamp}).status_code == 302
    assert client.post(url, {**data, "started": stamp}).status_code == 200
    claim = Holding.objects.get(applicant_mobile="13912345678")
    assert claim.status == Holding.Status.PENDING and claim.via == Holding.Via.PUBLIC


def test_board_links_to_the_roster(client, world, posts):
    body = client.get(reverse("public:board", args=[world.communities["江滨社区"].slug])).content.decode()
    assert reverse("public:posts_roster", args=[world.communities["江滨社区"].slug]) in body


def test_member_edits_own_profile(client, world):
    client.force_login(world.users["member"])
    person = world.people["张江滨"]
    client.post(
        reverse("posts:profile"), {"specialties": "电脑、摄影", "availability": "evening", "version": person.version}
    )
    person.refresh_from_db()
    assert person.specialties == "电脑、摄影" and person.availability == "evening"


def test_roster_import_all_or_nothing_with_chinese_errors(client, world, posts):
    import io

    from openpyxl import Workbook

    from gongjian.core import xlsx
    from gongjian.posts.io import RosterSheet

    community = world.communities["江滨社区"]
    spec = RosterSheet(community, 2010)
    wb = Workbook()
    ws = wb.active
    ws.append([str(c.header) for c in spec.columns])
    ws.append(["", "平安创建岗", "李江滨", "", "每周巡逻", "", "", ""])
    ws.append(["", "平安创建岗", "李富兴", "", "每周巡逻", "", "", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    before = Holding.objects.count()
    from django.utils import translation

    with translation.override("zh-hans"):
        result = xlsx.import_rows(spec, xlsx.read_rows(buffer), world.users["community"])
        name_header = spec.header_for("name")
    assert Holding.objects.count() == before
    assert [(e.row, e.column) for e in result.errors] == [(3, name_header)] and "富兴社区" in result.errors[0].message
    ws.delete_rows(3)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    result = xlsx.import_rows(spec, xlsx.read_rows(buffer), world.users["community"])
    assert result.written and result.created == 1
    assert Holding.objects.get(person=world.people["李江滨"], post=posts["po:jiangbin"]).via == Holding.Via.IMPORT
    client.force_login(world.users["community"])
    resp = client.get(reverse("posts:roster_export", args=[community.slug]) + "?year=2010")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("posts:log_export", args=[community.slug]) + "?year=2010").status_code == 200


def test_assign_lists_matching_specialties_first_and_hours_page(client, world, posts):
    from gongjian.registry.models import Person

    kind = services.kind_create(actor=None, district=world.district, name="法律援助岗", duties="咨询", categories=["no_post", "activist"], specialties="法律、调解")
    post = services.post_create(actor=None, community=world.communities["江滨社区"], year=2010, kind=kind, capacity=2)
    Person.objects.create(community=world.communities["江滨社区"], name="阿无特长", category=Person.Category.ACTIVIST)
    client.force_login(world.users["community"])
    body = client.get(reverse("posts:assign", args=[post.pk])).content.decode()
    # 张江滨 and 李江滨 have 法律、调解: they come before the one without.
    assert body.index("李江滨") < body.index("阿无特长") and "法律、调解" in body
    services.entry_review(actor=None, entry=posts["e:jiangbin"], confirm=True)
    body = client.get(reverse("posts:hours", args=[world.communities["江滨社区"].slug]) + "?year=2010").content.decode()
    assert "2010-03" in body and "张江滨" in body
    assert client.get(reverse("posts:hours", args=[world.communities["富兴社区"].slug])).status_code == 404


def test_review_never_redirects_off_site(client, world, posts):
    client.force_login(world.users["community"])
    entry = posts["e:jiangbin"]
    resp = client.post(reverse("posts:entry_review", args=[entry.pk]), {"decision": "confirm", "version": entry.version, "next": "https://evil.example/"})
    assert resp.status_code == 302 and resp["Location"] == reverse("posts:holding_detail", args=[entry.holding_id])
    entry.refresh_from_db()
    assert entry.status == ServiceEntry.Status.CONFIRMED
