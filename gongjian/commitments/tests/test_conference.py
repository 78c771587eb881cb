"""The annual conference: services, pages (with their query counts) and the pack."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from gongjian.commitments import pack, services
from gongjian.commitments.models import Conference, PackJob
from gongjian.core.docs import Table
from gongjian.core.exceptions import ApplicationError, ConflictError
from gongjian.core.models import ObjectChange
from gongjian.core.uploads import UploadError
from gongjian.meetings import services as meeting_services
from gongjian.targets import services as target_services

YEAR = 2010


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def plan(world):
    """江滨's 2010 plan with two tasks, and a joint meeting of January with its minutes."""
    community = world.communities["江滨社区"]
    plan = target_services.plan_create(actor=None, community=community, year=YEAR)
    category = community.street.district.work_categories.order_by("order").first()
    for title in ("老旧下水道改造", "社区文艺队共建"):
        target_services.task_create(
            actor=None, plan=plan, lead_organisation=world.orgs["江滨单位"], category=category, title=title, target_what=title,
            deadline=datetime.date(YEAR, 9, 30), leader_name="王建国",
        )
    body = meeting_services.body_create(actor=None, community=community)
    meeting_services.meeting_create(actor=None, community=community, date=datetime.date(YEAR, 1, 20))
    del body
    return plan


@pytest.fixture
def conference(world, plan):
    return services.conference_create(
        actor=world.users["community"], community=world.communities["江滨社区"], year=YEAR, date=datetime.date(YEAR, 2, 3),
        place="社区会议室", organisations=[world.orgs["江滨单位"]], people=[world.people["张江滨"]], headcount=40,
    )


def _png(size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 0, 0)).save(buffer, format="PNG")
    return SimpleUploadedFile("大会.png", buffer.getvalue(), content_type="image/png")


# --- services ----------------------------------------------------------------------------------
def test_create_links_the_years_plan_and_logs(world, conference, plan):
    assert conference.plan == plan
    assert set(conference.organisations.all()) == {world.orgs["江滨单位"]}
    assert ObjectChange.objects.filter(object_id=conference.pk, action="create", actor=world.users["community"]).exists()
    assert "2010" in conference.title and "江滨社区" in conference.title


def test_one_conference_per_community_and_year(world, conference):
    with pytest.raises(ApplicationError):
        services.conference_create(actor=None, community=conference.community, year=YEAR, date=datetime.date(YEAR, 3, 1))


def test_date_in_the_year_and_plan_of_the_community(world, plan):
    with pytest.raises(ValidationError) as exc:
        services.conference_create(actor=None, community=world.communities["江滨社区"], year=YEAR, date=datetime.date(YEAR + 1, 1, 5))
    assert "date" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.conference_create(actor=None, community=world.communities["富兴社区"], year=YEAR, date=datetime.date(YEAR, 2, 1), plan=plan)
    assert "plan" in exc.value.error_dict


def test_update_refuses_a_stale_version(world, conference):
    services.conference_update(actor=None, conference=conference, expected_version=conference.version, place="新会场")
    with pytest.raises(ConflictError):
        services.conference_update(actor=None, conference=conference, expected_version=conference.version - 1, place="旧会场")


def test_photos_pass_the_evidence_checks_and_nothing_else(world, conference):
    photo = services.photo_add(actor=None, conference=conference, upload=_png(), caption="签约仪式")
    assert photo.content_type == "image/png" and photo.file.read()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(UploadError):
        services.photo_add(actor=None, conference=conference, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))
    with pytest.raises(UploadError):
        services.photo_add(actor=None, conference=conference, upload=SimpleUploadedFile("a.png", b"not a picture"))
    assert conference.photos.count() == 1


# --- the agenda and the pack ---------------------------------------------------------------------
def test_agenda_is_a_draft_until_the_plan_is_published(world, conference, plan):
    doc = pack.agenda_document(conference)
    assert doc.draft and doc.number == "江滨社党〔2010〕1号"
    labels = [f"{b.label}{b.text}" for b in doc.blocks if hasattr(b, "label")]
    assert labels[:2] == ["一、会议时间", "二、会议地点"] and any(label.startswith("（一）") for label in labels)
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert [r[1] for r in table.rows] == ["老旧下水道改造", "社区文艺队共建"]
    target_services.plan_publish(actor=None, plan=plan)
    conference.refresh_from_db()
    assert not pack.agenda_document(conference).draft


def _names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [n.split("/", 1)[1] for n in zf.namelist()]


def test_pack_holds_agenda_table_roster_once_posts_exist_and_minutes(world, conference):
    from django.apps import apps

    data, count = pack.build_pack(conference)
    names = _names(data)
    roster = ["03-岗位名册.xlsx"] if apps.is_installed("gongjian.posts") else []  # skipped cleanly without the posts app
    assert count == len(names) == 5 + len(roster)
    assert names[:3 + len(roster)] == ["01-议程.docx", "01-议程.pdf", "02-任务分解表.xlsx", *roster]
    minutes = names[3 + len(roster):]
    assert minutes[0].startswith("04-会议纪要/01-") and minutes[0].endswith(".docx") and minutes[1].endswith(".pdf")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(zf.read(next(n for n in zf.namelist() if n.endswith(".xlsx"))))).active
        assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["老旧下水道改造", "社区文艺队共建"]


def test_pack_command_writes_the_zip(world, conference, tmp_path):
    out = tmp_path / "pack.zip"
    call_command("pack", community=conference.community.slug, year=YEAR, out=str(out), stdout=io.StringIO())
    assert any(n.startswith("04-会议纪要/") for n in _names(out.read_bytes()))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("pack", community=conference.community.slug, year=YEAR + 1, out=str(out), stdout=io.StringIO())


# --- pages ---------------------------------------------------------------------------------------
def test_community_records_the_conference_on_its_page(world, plan, login):
    client = login(world.users["community"])
    community = world.communities["江滨社区"]
    response = client.post(reverse("commitments:conference_create"), {
        "community": community.pk, "year": YEAR, "date": "2010-02-03", "place": "社区会议室",
        "organisations": [world.orgs["江滨单位"].pk], "people": [world.people["张江滨"].pk], "headcount": "35",
    })
    conference = Conference.objects.get(community=community, year=YEAR)
    assert response.status_code == 302 and response["Location"] == reverse("commitments:conference_detail", args=[conference.pk])
    assert conference.plan == plan and conference.headcount == 35
    response = client.post(reverse("commitments:conference_create"), {"community": community.pk, "year": YEAR, "date": "2010-02-04"})
    assert response.status_code == 200 and Conference.objects.filter(community=community).count() == 1


def test_photo_upload_page_shows_a_clear_error(world, conference, login):
    client = login(world.users["community"])
    url = reverse("commitments:conference_detail", args=[conference.pk])
    response = client.post(url, {"photo": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"), "caption": ""})
    assert response.status_code == 200 and "不是照片" in response.content.decode()
    response = client.post(url, {"photo": _png(), "caption": "合影"})
    assert response.status_code == 302 and conference.photos.count() == 1


def test_pages_query_counts(world, conference, login, django_assert_num_queries):
    services.photo_add(actor=None, conference=conference, upload=_png())
    client = login(world.users["community"])
    client.get(reverse("commitments:home"))  # warm the session and scope caches
    with django_assert_num_queries(7):  # 4, and 3 for the navigation (permissions, unread notices)
        assert client.get(reverse("commitments:home")).status_code == 200
    with django_assert_num_queries(11):
        assert client.get(reverse("commitments:conference_detail", args=[conference.pk])).status_code == 200


def test_build_pack_in_the_background_then_download(world, conference, login):
    client = login(world.users["community"])
    response = client.post(reverse("commitments:pack_build", args=[conference.pk]))
    job = PackJob.objects.get(conference=conference)
    assert response["Location"] == reverse("commitments:pack_job", args=[job.pk])
    assert job.status == PackJob.Status.DONE and job.progress == 100 and job.documents >= 5
    page = client.get(response["Location"]).content.decode()
    assert "hx-trigger" not in page and reverse("commitments:pack_download", args=[job.pk]) in page
    download = client.get(reverse("commitments:pack_download", args=[job.pk]))
    data = b"".join(download.streaming_content)
    assert any(n.startswith("04-会议纪要/") for n in _names(data))
    assert ObjectChange.objects.filter(object_id=job.pk, actor=world.users["community"]).exists()


def test_running_job_page_polls_and_a_liaison_cannot_build(world, conference, login):
    job = PackJob.objects.create(conference=conference, status=PackJob.Status.RUNNING, progress=40, message="01-议程.pdf")
    client = login(world.users["street"])
    page = client.get(reverse("commitments:pack_job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in page and "40%" in page and "01-议程.pdf" in page
    assert client.get(reverse("commitments:pack_download", args=[job.pk])).status_code == 404
    liaison = login(world.users["liaison"])
    assert liaison.post(reverse("commitments:pack_build", args=[conference.pk])).status_code == 403
    assert PackJob.objects.count() == 1


def test_pack_minutes_are_masked_unless_the_requester_sees_contacts(world, conference):
    """The pack's minutes mask what residents wrote (phone, room, name) as the meeting's own
    minutes download does, unless the requesting user holds suggestions.view_contact."""
    from docx import Document

    from gongjian.suggestions import services as suggestion_services

    community = conference.community
    campaign = suggestion_services.campaign_create(actor=None, community=community, year=YEAR)
    s = suggestion_services.suggestion_enter(
        actor=None, campaign=campaign, body="张桂兰（电话13905980000，3栋502室）建议建设老年活动室", source_category="residents",
        channel="door", submitter_name="张桂兰",
    )
    meeting = community.meetings.get(date=datetime.date(YEAR, 1, 20))
    meeting_services.agenda_add(actor=None, meeting=meeting, suggestion=s)

    def minutes_text(user) -> str:
        f = next(f for f in pack.pack_files(conference, user=user) if f.name.startswith("04-") and f.name.endswith(".docx"))
        return "\n".join(p.text for p in Document(io.BytesIO(f.build())).paragraphs)

    assert "13905980000" in minutes_text(world.users["community"])
    for reader in (world.users["liaison"], None):
        text = minutes_text(reader)
        assert "老年活动室" in text
        for leak in ("13905980000", "502", "张桂兰"):
            assert leak not in text, (reader, leak)


def test_edit_carries_the_version_it_read(world, conference, login):
    client = login(world.users["community"])
    url = reverse("commitments:conference_edit", args=[conference.pk])
    data = {"date": "2010-02-04", "place": "社区大礼堂", "headcount": "40", "organisations": [world.orgs["江滨单位"].pk]}
    page = client.post(url, data).content.decode()  # no version: refused, nothing saved
    assert "表单不完整或已过期" in page
    conference.refresh_from_db()
    assert conference.place == "社区会议室"
    assert client.post(url, {**data, "version": conference.version}).status_code == 302
    conference.refresh_from_db()
    assert conference.place == "社区大礼堂"
