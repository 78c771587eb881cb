import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongjian.core.guard import form_stamp
from gongjian.public.qr import qr_svg
from gongjian.targets import services
from gongjian.targets.models import Feedback
from gongjian.targets.tests.conftest import jpeg_with_gps, upload

pytestmark = pytest.mark.django_db

MOBILE = re.compile(r"1[3-9]\d{9}")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(world):
    """江滨's published 2010 plan with one task, its report with a photo, and a draft plan of 东霞."""
    community = world.communities["江滨社区"]
    plan = services.plan_create(actor=None, community=community, year=2010)
    category = plan.community.street.district.work_categories.order_by("order").first()
    task = services.task_create(
        actor=None, plan=plan, category=category, title="小区技防监控安装", target_what="安装监控探头", target_quantity=8,
        target_unit="个", deadline=datetime.date(2010, 9, 30), lead_organisation=world.orgs["江滨单位"], leader_name="王建国",
        leader_title="所长", liaison=world.people["张江滨"], co_organisers=[world.orgs["江滨团支部"]],
    )
    services.report_submit(
        actor=None, task=task, month=datetime.date(2010, 5, 1), percent=40, done_text="完成点位勘察", next_step="采购设备",
        status="on_track", uploads=[upload(jpeg_with_gps())],
    )
    services.plan_publish(actor=None, plan=plan)
    draft = services.plan_create(actor=None, community=world.communities["东霞社区"], year=2010)
    services.task_create(
        actor=None, plan=draft, category=category, title="草稿任务", target_what="x", deadline=datetime.date(2010, 9, 30),
        lead_organisation=world.orgs["东霞单位"], leader_name="李",
    )
    return plan, task


def _add_task(world, plan, i):
    category = plan.community.street.district.work_categories.order_by("order")[i % 5]
    task = services.task_create(
        actor=None, plan=plan, category=category, title=f"任务{i}", target_what="指标", deadline=datetime.date(2010, 12, 31),
        lead_organisation=world.orgs["江滨团支部"], leader_name="李书记", liaison=None, co_organisers=[world.orgs["江滨单位"]],
    )
    services.report_submit(actor=None, task=task, month=datetime.date(2010, 6, 1), percent=10 + i, done_text="推进", status="on_track", uploads=[upload(jpeg_with_gps((16, 16)))])
    feedback = services.feedback_submit(task=task, body=f"意见{i}")
    services.feedback_moderate(actor=None, feedback=feedback, status="published", answer="已收到")
    return task


def test_board_shows_the_year_to_anyone_with_personal_data_masked(world, client, published):
    plan, task = published
    resp = client.get("/c/jiangbin/")
    assert resp.status_code == 200
    body = resp.content.decode()
    for text in ("小区技防监控安装", "安装监控探头", "江滨供电所", "王建国", "所长", "江滨社区团支部", "2010-09-30", "完成点位勘察", "采购设备"):
        assert text in body, text
    assert "张江滨" not in body and "张**" in body  # the liaison, masked
    assert not MOBILE.search(body)  # never a phone number
    assert plan.updated_at.date().isoformat() in body or task.updated_at.astimezone().date().isoformat() in body
    assert 'data-testid="board-updated"' in body
    assert "草稿任务" not in client.get("/c/dongxia/").content.decode()  # a draft is not on the board
    assert client.get("/c/nowhere/").status_code == 404
    assert client.get("/c/jiangbin/?year=2011").status_code == 404


def test_board_photo_is_public_only_for_published_plans(world, client, published):
    _plan, task = published
    evidence = task.latest_report.evidence.get()
    url = reverse("public:photo", args=["jiangbin", evidence.pk])
    assert url in client.get("/c/jiangbin/").content.decode()
    resp = client.get(url)
    assert resp.status_code == 200 and resp["Content-Type"] == "image/jpeg"
    assert b"Exif" not in b"".join(resp.streaming_content)
    assert client.get(reverse("public:photo", args=["dongxia", evidence.pk])).status_code == 404
    services.plan_publish(actor=None, plan=task.plan, publish=False)
    assert client.get(url).status_code == 404


def test_board_queries_do_not_grow_with_tasks(world, client, published):
    """The pinned query count of the board: constant whatever the number of tasks, reports,
    photos, co-organisers and published feedback."""
    plan, _task = published

    def count():
        with CaptureQueriesContext(connection) as ctx:
            resp = client.get("/c/jiangbin/")
        assert resp.status_code == 200
        return len(ctx.captured_queries), resp.content.decode()

    _add_task(world, plan, 0)
    before, _ = count()
    for i in range(1, 13):
        _add_task(world, plan, i)
    after, body = count()
    assert after == before
    assert before <= 8
    # The board's query count is the sum of its registered sections' budgets.
    from gongjian.public.views import board_query_budget

    assert before == board_query_budget()
    assert body.count('data-testid="board-task"') == 14 and body.count('data-testid="board-answer"') == 13


def test_print_layout_has_page_size_and_qr_codes(world, client, published):
    for size in ("A3", "A4"):
        body = client.get(f"/c/jiangbin/print/?size={size}").content.decode()
        assert f"size: {size} portrait" in body
        assert "小区技防监控安装" in body and "张**" in body and not MOBILE.search(body)
    body = client.get("/c/jiangbin/print/?size=A3").content.decode()
    board_url = "http://testserver/c/jiangbin/"
    suggest_url = "http://testserver/c/jiangbin/suggest/"
    assert f'data-qr="{board_url}"' in body and f'data-qr="{suggest_url}"' in body
    # The drawn code is the one for that address (same encoder, so same modules).
    path = re.search(r'data-qr="http://testserver/c/jiangbin/suggest/".*?<path[^>]* d="([^"]+)"', body, re.S).group(1)
    assert path in qr_svg(suggest_url)
    assert "<script" not in body and "http://" not in body.replace(board_url, "").replace(suggest_url, "").replace("http://www.w3.org/2000/svg", "")


def test_resident_feedback_is_moderated_before_it_shows(world, client, published):
    _plan, task = published
    url = reverse("public:feedback", args=["jiangbin", task.pk])
    assert client.get(url).status_code == 200
    resp = client.post(url, {"started": form_stamp(), "body": "后门也需要一个探头", "name": "王小明", "contact": "13900001111", "website": ""})
    assert resp.status_code == 302 and resp["Location"].endswith(f"#task-{task.pk}")
    feedback = Feedback.objects.get(task=task)
    assert feedback.status == "pending" and feedback.contact == "13900001111"
    assert "后门也需要一个探头" not in client.get("/c/jiangbin/").content.decode()
    services.feedback_moderate(actor=world.users["community"], feedback=feedback, status="published", answer="已列入下一批安装")
    body = client.get("/c/jiangbin/").content.decode()
    assert "后门也需要一个探头" in body and "已列入下一批安装" in body
    assert "王小明" not in body and "王**" in body and "13900001111" not in body


def test_feedback_honeypot_and_rate_limit(world, client, published, settings):
    _plan, task = published
    url = reverse("public:feedback", args=["jiangbin", task.pk])
    resp = client.post(url, {"started": form_stamp(), "body": "买药加微信", "website": "http://spam.example"})
    assert resp.status_code == 302 and not Feedback.objects.exists()
    settings.GONGJIAN_FEEDBACK_PER_WINDOW = 3
    cache.clear()
    for i in range(3):
        assert client.post(url, {"started": form_stamp(), "body": f"意见{i}"}).status_code == 302
    resp = client.post(url, {"started": form_stamp(), "body": "第四条"})
    assert resp.status_code == 429 and Feedback.objects.count() == 3
    # Another address is not limited by this one.
    assert client.post(url, {"started": form_stamp(), "body": "别人的意见"}, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_feedback_only_on_published_tasks(world, client, published):
    from gongjian.targets.models import Task

    draft_task = Task.objects.get(title="草稿任务")
    assert client.get(reverse("public:feedback", args=["dongxia", draft_task.pk])).status_code == 404
    _plan, task = published
    assert client.get(reverse("public:feedback", args=["dongxia", task.pk])).status_code == 404


def test_index_lists_every_board(world, client, published):
    body = client.get("/c/").content.decode()
    assert reverse("public:board", args=["jiangbin"]) in body and reverse("public:board", args=["fuxing"]) in body
