"""The solicitation and the joint meeting through their interfaces: the public form (guards
included), staff entry with a photo, merging, the meeting adopting into a task, the notice,
the public page, the board, the minutes DOCX, and the figures."""

import datetime
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongjian.core.exceptions import ApplicationError
from gongjian.core.guard import form_stamp
from gongjian.core.models import ObjectChange
from gongjian.meetings import services as meeting_services
from gongjian.meetings.models import Decision
from gongjian.suggestions import services, stats
from gongjian.suggestions.models import Notice, Suggestion
from gongjian.targets import services as target_services

from .conftest import jpeg_with_gps

pytestmark = pytest.mark.django_db


def _stamp(seconds_ago=30):
    return form_stamp(now=time.time() - seconds_ago)


@pytest.fixture
def task(world):
    plan = target_services.plan_create(actor=None, community=world.communities["江滨社区"], year=2010)
    category = plan.community.street.district.work_categories.order_by("order").first()
    t = target_services.task_create(
        actor=None, plan=plan, category=category, title="楼道声控灯改造", target_what="更换楼道声控灯", deadline=datetime.date(2010, 9, 30),
        lead_organisation=world.orgs["江滨单位"], leader_name="王建国",
    )
    target_services.plan_publish(actor=None, plan=plan)
    return t


def test_public_form_submits_and_shows_similar(world, client, campaign):
    earlier = services.suggestion_enter(actor=None, campaign=campaign, body="三号楼楼道灯坏了，建议更换声控灯", source_category="residents", channel="door")
    assert client.get("/c/jiangbin/suggest/").status_code == 200
    partial = client.get("/c/jiangbin/suggest/similar/", {"body": "三号楼的楼道灯坏了，请换声控灯"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and f"#{earlier.pk}" in partial.content.decode() and "<html" not in partial.content.decode()
    resp = client.post("/c/jiangbin/suggest/", {"body": "三号楼的楼道灯坏了，请换声控灯", "name": "王小明", "contact": "13900001111", "started": _stamp()})
    s = Suggestion.objects.exclude(pk=earlier.pk).get()
    assert resp.status_code == 302 and resp["Location"] == reverse("public:suggestion", args=["jiangbin", s.public_code])
    assert (s.channel, s.source_category, s.contact, s.status) == ("web", "residents", "13900001111", "received")
    page = client.get(resp["Location"]).content.decode()
    assert "三号楼的楼道灯坏了" in page and "王**" in page and "王小明" not in page and "13900001111" not in page
    assert ObjectChange.objects.filter(object_id=s.pk, source="public-form").exists()


def test_public_form_guards(world, client, campaign, settings):
    url = "/c/jiangbin/suggest/"
    assert client.post(url, {"body": "买药加微信买药加微信", "website": "http://spam.example", "started": _stamp()}).status_code == 302
    settings.GONGJIAN_FORM_MIN_SECONDS = 3
    resp = client.post(url, {"body": "建议安装健身器材", "started": _stamp(0)})
    assert resp.status_code == 400 and not Suggestion.objects.exists()
    assert client.post(url, {"body": "建议安装健身器材", "started": "forged"}).status_code == 400
    assert client.post(url, {"body": "长" * 1001, "started": _stamp()}).status_code == 400
    settings.GONGJIAN_SUGGEST_PER_WINDOW = 2
    for i in range(2):
        assert client.post(url, {"body": f"建议安装健身器材{i}号", "started": _stamp()}).status_code == 302
    assert client.post(url, {"body": "第三条建议的内容", "started": _stamp()}).status_code == 429
    assert Suggestion.objects.count() == 2
    assert client.post(url, {"body": "别人家的建议内容", "started": _stamp()}, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_staff_enter_with_photo_strips_exif(world, login, campaign):
    client = login(world.users["community"])
    photo = SimpleUploadedFile("paper.jpg", jpeg_with_gps(), content_type="image/jpeg")
    resp = client.post(reverse("suggestions:suggestion_create", args=[campaign.pk]), {
        "body": "入户走访：五号楼下水道堵塞", "source_category": "residents", "channel": "door", "submitter_name": "李大爷", "photo": photo,
    })
    assert resp.status_code == 302
    s = Suggestion.objects.get()
    assert s.entered_by == world.users["community"] and s.photo_type == "image/jpeg"
    data = b"".join(client.get(reverse("suggestions:photo", args=[s.pk])).streaming_content)
    assert data.startswith(b"\xff\xd8") and b"Exif" not in data
    bad = SimpleUploadedFile("paper.txt", b"hello", content_type="image/jpeg")
    resp = client.post(reverse("suggestions:suggestion_create", args=[campaign.pk]), {"body": "x", "source_category": "residents", "channel": "door", "photo": bad})
    assert resp.status_code == 200 and Suggestion.objects.count() == 1


def test_merge_keeps_originals_and_agenda_does_not_change_status(world, login, campaign, task, django_capture_on_commit_callbacks):
    a = services.suggestion_enter(actor=None, campaign=campaign, body="楼道灯坏了建议更换", source_category="residents", channel="door", contact="13900002222")
    b = services.suggestion_submit(community=campaign.community, body="建议更换坏了的楼道灯", contact="resident@example.com")
    client = login(world.users["community"])
    resp = client.post(reverse("suggestions:suggestion_merge", args=[b.pk]), {"into": a.pk, "version": b.version})
    assert resp.status_code == 302
    b.refresh_from_db()
    assert b.status == "merged" and b.merged_into == a and b.body == "建议更换坏了的楼道灯" and b.contact == "resident@example.com"
    meeting = meeting_services.meeting_create(actor=None, community=campaign.community, date=datetime.date(2010, 1, 28))
    item = meeting_services.agenda_add(actor=None, meeting=meeting, suggestion=a)
    a.refresh_from_db()
    assert a.status == "received"  # on the agenda, not decided
    with pytest.raises(ApplicationError):
        meeting_services.agenda_add(actor=None, meeting=meeting, suggestion=b)  # merged: its primary is decided
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        resp = client.post(reverse("meetings:decide", args=[item.pk]), {"outcome": "adopt", "reason": "合理可行", "attach_tasks": [task.pk], "votes_for": 9, "votes_against": 0, "abstentions": 1})
    assert resp.status_code == 302 and len(callbacks) == 2
    a.refresh_from_db()
    assert a.status == "adopted" and list(a.tasks.all()) == [task] and list(task.suggestions.all()) == [a]
    assert Decision.objects.get().votes_for == 9
    assert {(n.object_id, n.channel) for n in Notice.objects.all()} == {(a.pk, "sms"), (b.pk, "email")}
    page = client.get(reverse("public:suggestion", args=["jiangbin", b.public_code])).content.decode()
    assert "合理可行" in page and "楼道声控灯改造" in page and f"#{a.pk}" in page
    board = client.get("/c/jiangbin/").content.decode()
    assert 'data-testid="board-source"' in board and reverse("public:suggestion", args=["jiangbin", a.public_code]) in board
    detail = client.get(reverse("targets:task_detail", args=[task.pk])).content.decode()
    assert f"#{a.pk}" in detail
    assert stats.suggestions(year=2010) == 2 and stats.suggestions_adopted(year=2010) == 2 and stats.suggestion_source_categories(year=2010) == 1


def test_adopt_into_a_new_task_then_minutes_docx(world, login, campaign, task):
    from docx import Document

    s = services.suggestion_enter(actor=None, campaign=campaign, body="建议建设老年活动室", source_category="civil", channel="representatives")
    body = meeting_services.body_create(actor=None, community=campaign.community, convenor_name="李书记")
    meeting_services.member_add(actor=None, body=body, organisation=world.orgs["江滨单位"])
    meeting = meeting_services.meeting_create(actor=None, community=campaign.community, date=datetime.date(2010, 1, 28), place="社区会议室", chair="李书记")
    assert meeting.kind == "joint" and meeting.body == body
    meeting_services.attendance_sign(actor=None, meeting=meeting, name="王建国", organisation=world.orgs["江滨单位"], title="所长")
    item = meeting_services.agenda_add(actor=None, meeting=meeting, suggestion=s)
    with pytest.raises(ApplicationError):
        meeting_services.minutes_approve(actor=None, meeting=meeting)  # an item is undecided
    category = task.category
    meeting_services.decision_record(
        actor=world.users["community"], item=item, outcome="adopt", reason="纳入年度任务",
        new_task={"title": "老年活动室建设", "category": category, "lead_organisation": world.orgs["江滨团支部"], "leader_name": "赵",
                  "target_what": "建成老年活动室", "deadline": datetime.date(2010, 12, 31)},
    )
    s.refresh_from_db()
    new_task = s.tasks.get()
    assert new_task.title == "老年活动室建设" and new_task.plan == task.plan
    client = login(world.users["community"])
    assert client.post(reverse("meetings:minutes_approve", args=[meeting.pk])).status_code == 302
    public_url = reverse("public:minutes", args=["jiangbin", meeting.pk])
    assert client.get(public_url).status_code == 404  # approved, not yet published
    assert client.post(reverse("meetings:minutes_approve", args=[meeting.pk])).status_code == 302
    resp = client.get(public_url)
    assert resp.status_code == 200
    doc = Document(io.BytesIO(resp.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert meeting.title in text and "建议建设老年活动室" in text and "王建国" in text and "老年活动室建设" in text and "2010年1月28日" in text
    title = doc.paragraphs[0]
    assert title.alignment == 1 and title.runs[0].font.size.pt >= 20  # centred, large
    assert doc.paragraphs[2].runs[0].font.name.startswith("仿宋") and doc.paragraphs[2].runs[0].font.size.pt == 16
    from gongjian.meetings import stats as meeting_stats

    assert meeting_stats.joint_meetings(year=2010) == 1


def test_decisions_need_reasons_and_tasks(world, campaign):
    s = services.suggestion_enter(actor=None, campaign=campaign, body="建议修路", source_category="residents", channel="door")
    meeting = meeting_services.meeting_create(actor=None, community=campaign.community, date=datetime.date(2010, 1, 28))
    assert meeting.kind == "representatives"
    item = meeting_services.agenda_add(actor=None, meeting=meeting, suggestion=s)

    with pytest.raises(ApplicationError):
        meeting_services.decision_record(actor=None, item=item, outcome="adopt", reason="好")
    with pytest.raises(ApplicationError):
        meeting_services.decision_record(actor=None, item=item, outcome="decline", reason=" ")
    meeting_services.decision_record(actor=None, item=item, outcome="defer", reason="明年再议")
    s.refresh_from_db()
    assert s.status == "deferred" and s.status_reason == "明年再议"
    assert not Notice.objects.exists()  # no contact, no notice


def test_coverage_shows_counts_by_category_and_channel_and_the_gaps(world, client, campaign):
    from django.urls import reverse

    from gongjian.suggestions import services as sugg

    sugg.suggestion_enter(actor=None, campaign=campaign, body="建议楼道安装照明灯", source_category="residents", channel="door")
    sugg.suggestion_enter(actor=None, campaign=campaign, body="建议增加治安巡逻次数", source_category="residents", channel="door")
    sugg.suggestion_enter(actor=None, campaign=campaign, body="建议改造老旧下水道", source_category="resident_unit", channel="joint_meeting")
    client.force_login(world.users["community"])
    body = client.get(reverse("suggestions:campaign_detail", args=[campaign.pk])).content.decode()
    import re

    table = body[body.index('data-testid="coverage"') :]
    assert re.search(r'data-testid="coverage-total">3<', table)
    gap = re.search(r'data-testid="coverage-gap">(.*?)</p>', body, re.S).group(1)
    # Four of the six categories have not been heard from; the two that have are not listed.
    assert "挂点领导" in gap and "民间组织" in gap and "驻区单位" not in gap and "社区群众" not in gap
