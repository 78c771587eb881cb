"""Personal data in and around suggestions: what a resident writes is masked wherever it is
shown publicly, public pages are reached by a random code, and submitters' contacts are for
staff only."""

import pytest
from django.urls import reverse

from gongjian.core.guard import form_stamp
from gongjian.suggestions import services
from gongjian.suggestions.models import PUBLIC_CODE_ALPHABET, Suggestion

pytestmark = pytest.mark.django_db

RESIDENT_TEXT = "我是江滨花园3栋502室的张桂兰，电话139 0598-0000，楼道灯坏了好几天，晚上老人上下楼很危险，请尽快修"


def _stamp():
    return form_stamp()


def test_public_page_and_similar_list_mask_a_residents_phone_and_room(world, client, campaign):
    resp = client.post("/c/jiangbin/suggest/", {"body": RESIDENT_TEXT, "name": "张桂兰", "contact": "13905980000", "started": _stamp()})
    s = Suggestion.objects.get()
    assert s.body == RESIDENT_TEXT  # stored as written: staff see it in full
    page = client.get(resp["Location"]).content.decode()
    assert "楼道灯坏了好几天" in page
    for leak in ("139 0598-0000", "13905980000", "0598-0000", "3栋502室", "张桂兰"):
        assert leak not in page
    similar = client.get("/c/jiangbin/suggest/similar/", {"body": "楼道灯坏了好几天，晚上老人上下楼很危险"}, HTTP_HX_REQUEST="true").content.decode()
    assert "楼道灯坏了" in similar and "0598" not in similar and "502" not in similar
    staff = client
    staff.force_login(world.users["community"])
    assert "139 0598-0000" in staff.get(reverse("suggestions:suggestion_detail", args=[s.pk])).content.decode()


def test_public_pages_use_a_random_code_and_the_id_reveals_nothing(world, client, campaign):
    a = services.suggestion_enter(actor=None, campaign=campaign, body="建议更换楼道声控灯", source_category="residents", channel="door")
    b = services.suggestion_enter(actor=None, campaign=campaign, body="建议增设健身器材", source_category="residents", channel="door")
    assert a.public_code != b.public_code and len(a.public_code) >= 10 and set(a.public_code) <= set(PUBLIC_CODE_ALPHABET)
    assert client.get(f"/c/jiangbin/suggestions/{a.public_code}/").status_code == 200
    assert client.get(f"/c/jiangbin/suggestions/{a.pk}/").status_code == 404
    assert client.get(f"/c/fuxing/suggestions/{a.public_code}/").status_code == 404


def test_a_unit_liaison_sees_no_submitter_contact_name_or_paper(world, login, campaign):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .matrix import _png

    s = services.suggestion_enter(
        actor=world.users["community"], campaign=campaign, body="张桂兰反映：电话13905980000，3栋502室漏水", source_category="residents",
        channel="door", submitter_name="张桂兰", contact="13905980000", photo=SimpleUploadedFile("p.png", _png(), content_type="image/png"),
    )
    client = login(world.users["liaison"])
    page = client.get(reverse("suggestions:suggestion_detail", args=[s.pk])).content.decode()
    assert "漏水" in page
    for leak in ("张桂兰", "13905980000", "502", reverse("suggestions:photo", args=[s.pk])):
        assert leak not in page, leak
    assert client.get(reverse("suggestions:photo", args=[s.pk])).status_code == 403
    staff = login(world.users["community"])
    page = staff.get(reverse("suggestions:suggestion_detail", args=[s.pk])).content.decode()
    assert "张桂兰" in page and "13905980000" in page
    assert staff.get(reverse("suggestions:photo", args=[s.pk])).status_code == 200


def test_residents_report_a_text_and_staff_hide_it_with_a_logged_reason(world, client, login, campaign, settings):
    from gongjian.core.models import ObjectChange
    from gongjian.suggestions.models import PublicTextReport

    s = services.suggestion_enter(actor=None, campaign=campaign, body="楼下王某某是个骗子，大家别信他，楼道灯也坏了", source_category="residents", channel="web")
    page_url = reverse("public:suggestion", args=["jiangbin", s.public_code])
    report_url = reverse("public:suggestion_report", args=["jiangbin", s.public_code])
    assert report_url in client.get(page_url).content.decode()
    assert client.get(report_url).status_code == 200
    assert client.post(report_url, {"reason": "nonsense"}).status_code == 400
    resp = client.post(report_url, {"reason": "abuse", "note": "辱骂邻居"})
    assert resp.status_code == 302 and resp["Location"] == page_url
    settings.GONGJIAN_REPORT_PER_WINDOW = 2
    assert client.post(report_url, {"reason": "abuse"}).status_code == 302
    assert client.post(report_url, {"reason": "abuse"}).status_code == 429
    assert PublicTextReport.objects.filter(suggestion=s).count() == 2

    staff = login(world.users["community"])
    reported = staff.get(reverse("suggestions:reported")).content.decode()
    assert "辱骂邻居" in reported and f"#{s.pk}" in reported
    hide_url = reverse("suggestions:suggestion_hide", args=[s.pk])
    assert staff.post(hide_url, {"reason": "", "version": s.version}).status_code == 200  # a reason is needed
    resp = staff.post(hide_url, {"reason": "含人身攻击", "version": s.version})
    assert resp.status_code == 302
    s.refresh_from_db()
    assert s.public_hidden and s.hidden_reason == "含人身攻击"
    assert ObjectChange.objects.filter(object_id=s.pk, action="update", actor=world.users["community"]).exists()

    client.logout()
    page = client.get(page_url).content.decode()
    assert "骗子" not in page and "含人身攻击" in page
    similar = client.get("/c/jiangbin/suggest/similar/", {"body": "楼下王某某是个骗子，楼道灯也坏了"}, HTTP_HX_REQUEST="true").content.decode()
    assert "骗子" not in similar
    assert login(world.users["liaison"]).post(hide_url, {"reason": "x"}).status_code == 403


def test_public_minutes_and_the_liaisons_meeting_page_mask_what_residents_wrote(world, login, client, campaign):
    import datetime
    import io

    from docx import Document

    from gongjian.meetings import services as meeting_services

    s = services.suggestion_enter(
        actor=None, campaign=campaign, body="张桂兰（电话13905980000，3栋502室）建议建设老年活动室", source_category="residents",
        channel="door", submitter_name="张桂兰",
    )
    meeting = meeting_services.meeting_create(actor=None, community=campaign.community, date=datetime.date(2010, 1, 28), place="社区会议室", chair="李书记")
    item = meeting_services.agenda_add(actor=None, meeting=meeting, suggestion=s)
    meeting_services.decision_record(actor=world.users["community"], item=item, outcome="defer", reason="请13905980000的居民再补充材料")
    staff = login(world.users["community"])
    full = "\n".join(p.text for p in Document(io.BytesIO(staff.get(reverse("meetings:minutes", args=[meeting.pk])).content)).paragraphs)
    assert "13905980000" in full
    assert staff.post(reverse("meetings:minutes_approve", args=[meeting.pk])).status_code == 302
    assert staff.post(reverse("meetings:minutes_approve", args=[meeting.pk])).status_code == 302
    client.logout()
    public = client.get(reverse("public:minutes", args=["jiangbin", meeting.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(public.content)).paragraphs)
    assert "老年活动室" in text
    for leak in ("13905980000", "502", "张桂兰"):
        assert leak not in text, leak
    liaison = login(world.users["liaison"])
    page = liaison.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "老年活动室" in page and "13905980000" not in page and "张桂兰" not in page
    campaign_page = liaison.get(reverse("suggestions:campaign_detail", args=[campaign.pk])).content.decode()
    assert "13905980000" not in campaign_page
    assert "张桂兰" not in liaison.get(reverse("suggestions:campaign_detail", args=[campaign.pk]), {"q": "139059"}).content.decode()


def test_the_reported_list_runs_a_fixed_number_of_queries(world, login, campaign):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("suggestions:reported")).status_code == 200
        return len(ctx.captured_queries)

    def reported(i):
        s = services.suggestion_enter(actor=None, campaign=campaign, body=f"第{i}条建议的内容", source_category="residents", channel="web")
        services.suggestion_report(suggestion=s, reason="spam")
        services.suggestion_report(suggestion=s, reason="other", note="广告")

    client = login(world.users["community"])
    reported(1)
    few = count()
    for i in range(2, 6):
        reported(i)
    assert count() == few
