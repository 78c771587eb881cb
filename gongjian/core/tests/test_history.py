"""The history tab: masked as the object's page is for the viewer, in people's words (verbose
names, choice labels, linked names), without internal fields, and reaching the children."""

import datetime

import pytest
from django.utils import translation

from gongjian.core.views import history_url
from gongjian.registry import services as registry_services
from gongjian.suggestions import services as suggestion_services
from gongjian.targets import services as target_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def test_a_person_history_is_masked_for_the_liaison_and_full_for_staff(world, login):
    person = world.people["张江滨"]  # the liaison's colleague at 江滨供电所: on its page, masked
    registry_services.person_update(actor=world.users["community"], person=person, mobile="13905981234", address="江滨花园3幢502", lat="26.263512", lng="117.638201")
    url = history_url(person)
    page = login(world.users["liaison"]).get(url).content.decode()
    assert "139****1234" in page
    for leak in ("13905981234", "13900000001", "3幢502", "26.263512", "117.638201"):
        assert leak not in page, leak
    staff = login(world.users["community"]).get(url).content.decode()
    assert "13905981234" in staff and "江滨花园3幢502" in staff


def test_history_shows_chinese_labels_and_names_and_hides_internal_fields(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    campaign = suggestion_services.campaign_create(actor=None, community=world.communities["江滨社区"], year=2010)
    s = suggestion_services.suggestion_enter(
        actor=world.users["community"], campaign=campaign, body="张桂兰：电话13905980000，3栋502室楼道灯坏了", source_category="residents",
        channel="door", submitter_name="张桂兰", contact="13905980000",
    )
    staff = login(world.users["community"]).get(history_url(s)).content.decode()
    assert "来源类别" in staff or "来源" in staff
    assert "社区群众" in staff and "入户走访" in staff and "江滨社区" in staff
    for internal in ("search_text", "gram_count", "source_category", "community_id", "public_code", s.public_code):
        assert internal not in staff, internal
    suggestion_services.suggestion_report(suggestion=s, reason="personal")  # a child row naming the suggestion
    liaison = login(world.users["liaison"]).get(history_url(s)).content.decode()
    assert 'data-testid="change-child"' in liaison
    assert "公开意见征集表" in liaison and "public-form" not in liaison
    assert "楼道灯坏了" in liaison
    for leak in ("张桂兰", "13905980000", "502"):
        assert leak not in liaison, leak


def test_a_task_history_includes_its_reports_and_milestones_and_a_person_its_affiliations(world, login):
    plan = target_services.plan_create(actor=None, community=world.communities["江滨社区"], year=2010)
    category = plan.community.street.district.work_categories.order_by("order").first()
    task = target_services.task_create(
        actor=None, plan=plan, category=category, title="楼道声控灯改造", target_what="更换声控灯", deadline=datetime.date(2010, 9, 30),
        lead_organisation=world.orgs["江滨单位"], leader_name="王建国",
    )
    target_services.report_submit(actor=world.users["community"], task=task, month=datetime.date(2010, 5, 1), percent=40, done_text="完成勘察", status="on_track")
    page = login(world.users["community"]).get(history_url(task)).content.decode()
    assert 'data-testid="change-child"' in page and "完成勘察" in page
    person = world.people["张江滨"]  # a liaison of 江滨供电所 (build_world)
    page = login(world.users["community"]).get(history_url(person)).content.decode()
    assert "江滨供电所" in page and 'data-testid="change-child"' in page


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_history_page_runs_a_fixed_number_of_queries(world, login):
    plan = target_services.plan_create(actor=None, community=world.communities["江滨社区"], year=2010)
    category = plan.community.street.district.work_categories.order_by("order").first()
    task = target_services.task_create(
        actor=None, plan=plan, category=category, title="楼道声控灯改造", target_what="更换声控灯", deadline=datetime.date(2010, 9, 30),
        lead_organisation=world.orgs["江滨单位"], leader_name="王建国", co_organisers=[world.orgs["江滨团支部"]],
    )
    client = login(world.users["community"])
    url = history_url(task)
    _queries(client, url)  # warm the content-type cache
    target_services.report_submit(actor=None, task=task, month=datetime.date(2010, 5, 1), percent=20, done_text="勘察", status="on_track")
    few = _queries(client, url)
    for month in (6, 7, 8, 9):
        target_services.report_submit(actor=None, task=task, month=datetime.date(2010, month, 1), percent=20 * (month - 4), done_text="推进", status="on_track")
    target_services.task_update(actor=None, task=task, lead_organisation=world.orgs["江滨团支部"])
    assert _queries(client, url) == few


def test_the_migration_links_existing_child_rows_to_their_parents(world):
    import importlib

    from django.apps import apps

    from gongjian.core.models import ObjectChange

    migration = importlib.import_module("gongjian.core.migrations.0004_objectchange_related_object")
    person = world.people["张江滨"]
    rows = ObjectChange.objects.filter(content_type__model__in=["affiliation", "roleassignment"])
    assert rows.exists()
    rows.update(related_content_type=None, related_object_id=None)  # as written before the link existed
    assert not any(r.pk for r in history_for_person(person) if r.content_type.model != "person")
    migration.backfill(apps, None)
    children = {r.content_type.model for r in history_for_person(person) if r.content_type.model != "person"}
    assert children == {"affiliation", "roleassignment"}


def history_for_person(person):
    from gongjian.core.changelog import history_for

    return list(history_for(person).select_related("content_type"))
