import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from gongjian.core.models import ObjectChange
from gongjian.targets import selectors, services
from gongjian.targets.models import AnnualPlan, Feedback, Milestone, ProgressReport, Task, TaskComment

from .conftest import jpeg_with_gps, upload

pytestmark = pytest.mark.django_db


def _task_post(world, plan, **extra):
    data = {
        "category": plan.community.street.district.work_categories.order_by("order").first().pk,
        "title": "小区技防监控安装", "description": "在老旧小区出入口安装监控", "target_what": "安装监控探头",
        "target_quantity": "8", "target_unit": "个", "deadline": "2010-09-30", "lead_organisation": world.orgs["江滨单位"].pk,
        "leader_name": "王建国", "leader_title": "所长", "liaison": world.people["张江滨"].pk,
        "co_organisers": [world.orgs["江滨团支部"].pk], "budget": "30000", "weight": "2",
    }
    data.update(extra)
    return data


def test_community_plans_the_year_and_publishes(world, client):
    client.force_login(world.users["community"])
    jb = world.communities["江滨社区"]
    resp = client.post(reverse("targets:plan_create"), {"community": jb.pk, "year": 2010, "title": "", "notes": ""})
    plan = AnnualPlan.objects.get(community=jb, year=2010)
    assert resp.status_code == 302 and resp["Location"] == reverse("targets:plan_detail", args=[plan.pk])
    resp = client.post(reverse("targets:task_create", args=[plan.pk]), _task_post(world, plan))
    task = Task.objects.get(plan=plan)
    assert resp.status_code == 302, resp.content.decode()[:3000]
    assert task.number == 1 and task.liaison == world.people["张江滨"] and list(task.co_organisers.all()) == [world.orgs["江滨团支部"]]
    change = ObjectChange.objects.get(content_type=ContentType.objects.get_for_model(Task), object_id=task.pk)
    assert change.actor == world.users["community"] and change.action == "create"
    resp = client.post(reverse("targets:plan_publish", args=[plan.pk]), {"publish": "1"})
    plan.refresh_from_db()
    assert plan.is_published and plan.published_at
    body = client.get(reverse("targets:plan_detail", args=[plan.pk])).content.decode()
    assert "小区技防监控安装" in body and "江滨供电所" in body


def test_community_cannot_plan_outside_its_scope(world, client):
    client.force_login(world.users["community"])
    resp = client.post(reverse("targets:plan_create"), {"community": world.communities["富兴社区"].pk, "year": 2010})
    assert resp.status_code == 200
    assert not AnnualPlan.objects.exists()


def test_task_form_rejects_an_organisation_of_another_community(world, client, plan):
    client.force_login(world.users["community"])
    resp = client.post(reverse("targets:task_create", args=[plan.pk]), _task_post(world, plan, lead_organisation=world.orgs["富兴单位"].pk))
    assert resp.status_code == 200 and not Task.objects.exists()


def test_stale_task_edit_is_refused(world, client, make_task):
    task = make_task()
    stale = task.version
    services.task_update(actor=world.users["community"], task=task, budget=1000)
    client.force_login(world.users["community"])
    resp = client.post(reverse("targets:task_edit", args=[task.pk]), _task_post(world, task.plan, title="改名", version=stale))
    assert resp.status_code == 200 and "form-error" in resp.content.decode()
    task.refresh_from_db()
    assert task.title == "老旧下水道改造"


def test_liaison_reports_monthly_with_a_photo(world, client, make_task, media):
    task = make_task()
    client.force_login(world.users["liaison"])
    url = reverse("targets:report", args=[task.pk])
    assert client.get(url).status_code == 200
    resp = client.post(url, {
        "month": "2010-05-01", "percent": "35", "status": "on_track", "done_text": "完成8个点位勘察", "next_step": "采购设备",
        "caption": "勘察现场", "files": [upload(jpeg_with_gps())], "version": "0",
    })
    assert resp.status_code == 302, resp.content.decode()[:3000]
    report = ProgressReport.objects.get(task=task)
    assert report.reported_by == world.users["liaison"] and report.percent == 35
    evidence = report.evidence.get()
    photo = Image.open(io.BytesIO((media / evidence.file.name).read_bytes()))
    assert len(photo.getexif()) == 0
    task.refresh_from_db()
    assert task.percent == 35 and task.latest_report == report
    # The photo is served to those who see the task, with its type, never sniffed by the browser.
    resp = client.get(reverse("targets:evidence_file", args=[evidence.pk]))
    assert resp.status_code == 200 and resp["Content-Type"] == "image/jpeg" and resp["X-Content-Type-Options"] == "nosniff"
    body = client.get(reverse("targets:task_detail", args=[task.pk])).content.decode()
    assert "完成8个点位勘察" in body and reverse("targets:evidence_file", args=[evidence.pk]) in body


def test_liaison_may_not_report_on_another_organisations_task_nor_edit_tasks(world, client, plan, make_task):
    led_by_league = make_task(lead=world.orgs["江滨团支部"], co_organisers=[world.orgs["江滨单位"]])
    own = make_task(title="自己的任务")
    client.force_login(world.users["liaison"])
    # It sees the task it co-organises, but reports only on those it leads.
    assert client.get(reverse("targets:task_detail", args=[led_by_league.pk])).status_code == 200
    assert client.get(reverse("targets:report", args=[led_by_league.pk])).status_code == 403
    resp = client.post(reverse("targets:report", args=[led_by_league.pk]), {"month": "2010-05-01", "percent": "10", "status": "on_track", "done_text": "x"})
    assert resp.status_code == 403 and not ProgressReport.objects.exists()
    assert client.get(reverse("targets:task_edit", args=[own.pk])).status_code == 403


def test_milestones_page_saves_steps_and_rolls_up(world, client, make_task):
    task = make_task()
    client.force_login(world.users["liaison"])
    url = reverse("targets:milestones", args=[task.pk])
    data = {"m-TOTAL_FORMS": "3", "m-INITIAL_FORMS": "0", "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "1000"}
    rows = [("勘察点位", "2010-03-31", "1", "100"), ("安装调试", "2010-08-31", "3", "0")]
    for i, (title, due, weight, percent) in enumerate(rows):
        data.update({f"m-{i}-title": title, f"m-{i}-due": due, f"m-{i}-weight": weight, f"m-{i}-percent": percent})
    resp = client.post(url, data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert list(Milestone.objects.filter(task=task).values_list("title", flat=True)) == ["勘察点位", "安装调试"]
    task.refresh_from_db()
    assert task.percent == 25
    # A step after the deadline is refused with a message, nothing saved.
    first = Milestone.objects.filter(task=task).first()
    data = {"m-TOTAL_FORMS": "1", "m-INITIAL_FORMS": "1", "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "1000",
            "m-0-id": first.pk, "m-0-version": first.version, "m-0-title": "勘察点位", "m-0-due": "2010-12-31", "m-0-weight": "1", "m-0-percent": "100"}
    resp = client.post(url, data)
    assert resp.status_code == 200 and "form-error" in resp.content.decode()
    first.refresh_from_db()
    assert first.due == datetime.date(2010, 3, 31)


def test_bulk_update_all_or_nothing(world, client, make_task):
    a, b, c = make_task(), make_task(title="楼道路灯"), make_task(title="绿化补植")
    client.force_login(world.users["liaison"])
    url = reverse("targets:bulk_update") + "?month=2010-06"
    page = client.get(url).content.decode()
    assert "楼道路灯" in page and "绿化补植" in page
    # Untouched rows post as they were rendered: nothing is written, and nothing is refused.
    untouched = {}
    for t in (a, b, c):
        untouched.update({f"t{t.pk}-percent": "", f"t{t.pk}-status": "on_track", f"t{t.pk}-done_text": "", f"t{t.pk}-next_step": "", f"t{t.pk}-version": "0"})
    resp = client.post(url, untouched)
    assert resp.status_code == 200 and not ProgressReport.objects.exists() and 'data-testid="form-error"' in resp.content.decode()
    data = {}
    for t in (a, b, c):
        data.update({f"t{t.pk}-percent": "", f"t{t.pk}-status": "on_track", f"t{t.pk}-done_text": "", f"t{t.pk}-next_step": "", f"t{t.pk}-version": "0"})
    data.update({f"t{a.pk}-percent": "40", f"t{a.pk}-done_text": "完成过半"})
    data.update({f"t{b.pk}-percent": "", f"t{b.pk}-done_text": "忘了填进度"})
    resp = client.post(url, data)
    assert resp.status_code == 200 and not ProgressReport.objects.exists()
    data[f"t{b.pk}-percent"] = "20"
    resp = client.post(url, data)
    assert resp.status_code == 302
    assert dict(ProgressReport.objects.values_list("task_id", "percent")) == {a.pk: 40, b.pk: 20}
    assert all(r.month == datetime.date(2010, 6, 1) for r in ProgressReport.objects.all())
    # The page shows the saved month again; posting it unchanged writes nothing new.
    versions = dict(ProgressReport.objects.values_list("task_id", "version"))
    data.update({f"t{a.pk}-version": "1", f"t{b.pk}-version": "1", f"t{c.pk}-done_text": "开始补植", f"t{c.pk}-percent": "5"})
    assert client.post(url, data).status_code == 302
    assert dict(ProgressReport.objects.filter(task__in=[a, b]).values_list("task_id", "version")) == versions
    assert ProgressReport.objects.get(task=c).percent == 5


def test_street_comments_and_moderates_across_its_scope(world, client, plan, make_task):
    task = make_task()
    services.plan_publish(actor=None, plan=plan)
    feedback = services.feedback_submit(task=task, body="监控什么时候装好？")
    client.force_login(world.users["street"])
    resp = client.post(reverse("targets:task_detail", args=[task.pk]), {"body": "请加快进度"})
    assert resp.status_code == 302 and TaskComment.objects.get(task=task).author == world.users["street"]
    queue = client.get(reverse("targets:feedback_queue")).content.decode()
    assert "监控什么时候装好" in queue
    resp = client.post(reverse("targets:feedback_moderate", args=[feedback.pk]), {"status": "published", "answer": "九月底前完成", "version": feedback.version})
    assert resp.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.PUBLISHED and feedback.answer == "九月底前完成" and feedback.answered_by == world.users["street"]
    # The liaison may read the task but neither comment nor moderate.
    client.force_login(world.users["liaison"])
    assert client.post(reverse("targets:task_detail", args=[task.pk]), {"body": "x"}).status_code == 403
    assert client.get(reverse("targets:feedback_moderate", args=[feedback.pk])).status_code == 403


def test_ledger_totals_exact_yuan(world, client, plan, make_task):
    task = make_task()
    item = services.item_create(actor=None, community=plan.community, year=2010, title="监控安装", task=task)
    client.force_login(world.users["community"])
    resp = client.post(reverse("targets:item_detail", args=[item.pk]), {"organisation": world.orgs["江滨单位"].pk, "role": "lead", "amount": "12345.67", "note": "出资"})
    assert resp.status_code == 302
    services.contribution_set(actor=None, item=item, organisation=world.orgs["东霞单位"], role="assist", amount="0.33")
    body = client.get(reverse("targets:ledger") + "?year=2010").content.decode()
    assert "12,346.00" in body and "监控安装" in body
    # A liaison records only its own organisation's part.
    client.force_login(world.users["liaison"])
    page = client.get(reverse("targets:item_detail", args=[item.pk])).content.decode()
    assert "江滨供电所" in page and f'value="{world.orgs["江滨团支部"].pk}"' not in page


def test_history_tab_of_a_task(world, client, make_task):
    task = make_task()
    client.force_login(world.users["community"])
    resp = client.get(reverse("object_history", args=[ContentType.objects.get_for_model(Task).pk, task.pk]))
    assert resp.status_code == 200 and "老旧下水道改造" in resp.content.decode()


@pytest.mark.parametrize("role", ["district", "street", "street_west", "community", "liaison", "member", "resident", "nobody"])
def test_predicates_agree_with_selectors(world, plan, make_task, role):
    """For every fixture task and plan: the selector lists it exactly when the user may see it."""
    services.plan_create(actor=None, community=world.communities["富兴社区"], year=2010)
    fx_plan = AnnualPlan.objects.get(community=world.communities["富兴社区"])
    objects = [
        make_task(), make_task(lead=world.orgs["江滨团支部"], co_organisers=[world.orgs["江滨单位"]]),
        make_task(lead=world.orgs["江滨团支部"]), make_task(plan=fx_plan, lead=world.orgs["富兴单位"]),
    ]
    user = world.users[role]
    listed = set(selectors.task_list(user=user).values_list("pk", flat=True))
    for task in objects:
        assert (task.pk in listed) == user.has_perm("targets.view_task", task), (role, task)
    plans = set(selectors.plan_list(user=user).values_list("pk", flat=True))
    for p in (plan, fx_plan):
        assert (p.pk in plans) == user.has_perm("targets.view_plan", p), (role, p)


def test_home_rolls_up_with_a_fixed_number_of_queries(world, client, plan, make_task):
    client.force_login(world.users["district"])
    url = reverse("targets:home") + "?year=2010"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    make_task()
    before = count()
    for i in range(8):
        make_task(title=f"任务{i}", co_organisers=[world.orgs["江滨团支部"]])
    assert count() == before


def test_district_office_renames_a_work_category(world, client, plan):
    category = plan.community.street.district.work_categories.order_by("order").first()
    client.force_login(world.users["district"])
    page = client.get(reverse("targets:categories")).content.decode()
    assert page.count('name="category"') == 5
    prefix = f"c{category.pk}"
    resp = client.post(reverse("targets:categories"), {
        "category": category.pk, f"{prefix}-name": "党建引领", f"{prefix}-order": "1", f"{prefix}-description": "", f"{prefix}-version": category.version,
    })
    assert resp.status_code == 302
    category.refresh_from_db()
    assert category.name == "党建引领" and category.version == 2
    client.force_login(world.users["community"])
    assert client.get(reverse("targets:categories")).status_code == 403
