"""API v1 of target management: reads scoped and filtered like the pages, and a liaison
submitting a monthly report with evidence by token, through the same service and check as the
report page; the report then shows on the public board."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from gongjian.accounts.tokens import token_create
from gongjian.core.models import ObjectChange
from gongjian.targets import services
from gongjian.targets.models import Evidence, ProgressReport

from .conftest import jpeg_with_gps, upload

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    _token, plain = token_create(actor=user, name="测试脚本")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
    return client


@pytest.fixture
def two_plans(world, plan, make_task):
    """江滨's plan with the 江滨单位 task, and 富兴's with its own, both published."""
    task = make_task()
    fx_plan = services.plan_create(actor=None, community=world.communities["富兴社区"], year=2010)
    fx_task = make_task(plan=fx_plan, lead=world.orgs["富兴单位"])
    services.plan_publish(actor=None, plan=plan)
    services.plan_publish(actor=None, plan=fx_plan)
    return task, fx_task


def test_liaison_posts_a_report_with_a_photo_by_token_and_it_is_on_the_board(world, client, two_plans):
    task, _fx = two_plans
    api = api_for(world.users["liaison"])
    response = api.post("/api/v1/reports/", {
        "task": task.pk, "month": "2010-06-01", "percent": 55, "done_text": "完成管网勘察800米", "next_step": "启动施工", "status": "on_track",
        "evidence": [upload(jpeg_with_gps())], "captions": ["施工现场"],
    }, format="multipart")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["percent"] == 55 and data["submitted_at"] and len(data["evidence"]) == 1
    report = ProgressReport.objects.get(pk=data["id"])
    assert report.reported_by == world.users["liaison"] and report.submitted_at is not None
    assert ObjectChange.objects.filter(object_id=report.pk, source="api").exists()
    evidence = Evidence.objects.get(report=report)
    assert evidence.is_photo and evidence.caption == "施工现场"
    task.refresh_from_db()
    assert task.percent == 55
    board = client.get(reverse("public:board", args=["jiangbin"])).content.decode()
    assert "完成管网勘察800米" in board and reverse("public:photo", args=["jiangbin", evidence.pk]) in board


def test_a_liaison_cannot_report_on_another_organisations_task(world, two_plans):
    _task, fx_task = two_plans
    api = api_for(world.users["liaison"])
    response = api.post("/api/v1/reports/", {"task": fx_task.pk, "month": "2010-06-01", "percent": 10, "done_text": "x"}, format="json")
    assert response.status_code == 404
    street = api_for(world.users["street"])  # sees the task, may not report on it
    response = street.post("/api/v1/reports/", {"task": two_plans[0].pk, "month": "2010-06-01", "percent": 10, "done_text": "x"}, format="json")
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_bad_report_input_gets_the_services_chinese_errors(world, two_plans, settings):
    task, _fx = two_plans
    api = api_for(world.users["liaison"])
    response = api.post("/api/v1/reports/", {
        "task": task.pk, "month": "2011-01-01", "percent": 10, "done_text": "x",
    }, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "2010" in str(response.json())
    bad_file = upload(b"MZ\x90\x00 not a photo", name="x.jpg")
    response = api.post("/api/v1/reports/", {"task": task.pk, "month": "2010-06-01", "percent": 10, "done_text": "x", "evidence": [bad_file]}, format="multipart")
    assert response.status_code == 400 and not ProgressReport.objects.exists()


def test_reads_are_scoped_filtered_and_paginated(world, two_plans):
    task, fx_task = two_plans
    services.report_submit(actor=None, task=task, month=datetime.date(2010, 5, 1), percent=30, done_text="勘察", status="on_track")
    district = api_for(world.users["district"])
    liaison = api_for(world.users["liaison"])
    assert district.get("/api/v1/tasks/").json()["count"] == 2
    assert [t["id"] for t in liaison.get("/api/v1/tasks/").json()["results"]] == [task.pk]
    assert liaison.get(f"/api/v1/tasks/{fx_task.pk}/").status_code == 404
    assert [t["id"] for t in district.get(f"/api/v1/tasks/?plan__community={fx_task.plan.community_id}").json()["results"]] == [fx_task.pk]
    assert district.get("/api/v1/tasks/?lead_organisation__isnull=true").json()["count"] == 0
    assert district.get("/api/v1/plans/?year=2010").json()["count"] == 2
    assert liaison.get("/api/v1/reports/").json()["count"] == 1
    assert district.get(f"/api/v1/reports/?task={fx_task.pk}").json()["count"] == 0
    page = district.get("/api/v1/tasks/?page=2")
    assert page.status_code == 404  # one page of 50 holds both
    assert "next" in district.get("/api/v1/tasks/").json()


def test_ledger_reads_follow_the_ledger_scope(world, two_plans):
    task, _fx = two_plans
    item = services.item_create(actor=None, community=world.communities["江滨社区"], year=2010, title="下水道改造", task=task)
    services.contribution_set(actor=None, item=item, organisation=world.orgs["江滨单位"], role="lead", amount=12000)
    fx_item = services.item_create(actor=None, community=world.communities["富兴社区"], year=2010, title="路灯")
    services.contribution_set(actor=None, item=fx_item, organisation=world.orgs["富兴单位"], role="lead", amount=3000)
    rows = api_for(world.users["street"]).get("/api/v1/contributions/").json()["results"]
    assert [(r["item_title"], r["amount"]) for r in rows] == [("下水道改造", "12000.00")]
    assert api_for(world.users["district"]).get("/api/v1/contributions/?item__year=2010").json()["count"] == 2
    assert api_for(world.users["resident"]).get("/api/v1/contributions/").status_code == 403


def test_the_schema_lists_the_new_endpoints(world, login):
    schema = login(world.users["district"]).get(reverse("api-schema")).content.decode()
    for path in ("/api/v1/plans/", "/api/v1/tasks/", "/api/v1/milestones/", "/api/v1/reports/", "/api/v1/contributions/",
                 "/api/v1/campaigns/", "/api/v1/suggestions/", "/api/v1/meeting-bodies/", "/api/v1/meetings/", "/api/v1/decisions/"):
        assert path in schema
    assert "apiToken" in schema
