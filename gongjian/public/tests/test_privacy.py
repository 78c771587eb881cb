"""Free text on the public board (reports, feedback, staff answers) is shown masked."""

import datetime

import pytest

from gongjian.public.tests.test_board import fresh_cache, media, published  # noqa: F401  (fixtures)
from gongjian.targets import services
from gongjian.targets.models import Feedback

pytestmark = pytest.mark.django_db


def test_board_masks_phones_and_rooms_in_reports_feedback_and_answers(world, client, published):  # noqa: F811
    plan, task = published
    services.report_submit(
        actor=None, task=task, month=datetime.date(2010, 6, 1), percent=60, done_text="已联系3号楼2单元402住户，电话13905981111",
        next_step="请业主拨0598-8221234预约", status="on_track",
    )
    fb = services.feedback_submit(task=task, body="我住5栋301室，监控还没装，我电话１３９ ０５９８ ２２２２", name="王芳", contact="13905982222")
    services.feedback_moderate(actor=None, feedback=fb, status=Feedback.Status.PUBLISHED, answer="已电话13905983333联系您，下周安装")
    page = client.get("/c/jiangbin/").content.decode()
    assert "监控还没装" in page and "下周安装" in page
    for leak in ("13905981111", "402", "8221234", "5栋301", "０５９８", "13905983333"):
        assert leak not in page, leak


def test_the_liaison_reads_feedback_on_its_task_masked_like_the_board(world, login, published):  # noqa: F811
    from django.urls import reverse

    plan, task = published
    fb = services.feedback_submit(task=task, body="我住5栋301室，电话13905982222，监控还没装", name="王芳", contact="13905982222")
    services.feedback_moderate(actor=None, feedback=fb, status=Feedback.Status.PUBLISHED, answer="已电话13905983333联系")
    page = login(world.users["liaison"]).get(reverse("targets:task_detail", args=[task.pk])).content.decode()
    assert "监控还没装" in page
    for leak in ("13905982222", "5栋301", "13905983333"):
        assert leak not in page, leak
    staff = login(world.users["community"]).get(reverse("targets:task_detail", args=[task.pk])).content.decode()
    assert "13905982222" in staff
