import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gongjian.core.changelog import history_for
from gongjian.core.exceptions import ApplicationError, ConflictError
from gongjian.targets import progress, services, stats
from gongjian.targets.models import AnnualPlan, Milestone, ProgressReport, Task, WorkCategory

pytestmark = pytest.mark.django_db


def test_plan_create_sets_up_five_categories_and_logs(world, plan):
    district = world.district
    assert WorkCategory.objects.filter(district=district).count() == 5
    assert "江滨社区" in plan.title and "2010" in plan.title
    change = history_for(plan).first()
    assert change.action == "create" and change.actor == world.users["community"]
    with pytest.raises(ApplicationError):
        services.plan_create(actor=None, community=plan.community, year=2010)
    # A second plan of the district does not add categories again.
    services.plan_create(actor=None, community=world.communities["东霞社区"], year=2010)
    assert WorkCategory.objects.filter(district=district).count() == 5


def test_task_create_numbers_validates_and_logs_co_organisers(world, plan, make_task):
    first = make_task(co_organisers=[world.orgs["江滨团支部"]])
    second = make_task(title="楼道路灯")
    assert (first.number, second.number) == (1, 2)
    change = history_for(first).first()
    assert change.after["co_organisers"] == [world.orgs["江滨团支部"].pk]
    assert change.after["title"] == "老旧下水道改造"
    with pytest.raises(ValidationError) as exc:
        make_task(deadline=datetime.date(2011, 1, 31))
    assert "deadline" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        make_task(lead=world.orgs["富兴单位"])  # stands in another community
    assert "lead_organisation" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        make_task(liaison=world.people["张富兴"])  # not a person of the lead unit
    assert "liaison" in exc.value.error_dict
    with pytest.raises(ValidationError):
        make_task(co_organisers=[world.orgs["江滨单位"]])  # the lead as its own co-organiser
    assert Task.objects.filter(plan=plan).count() == 2


def test_task_update_refuses_a_stale_version(world, make_task):
    task = make_task()
    services.task_update(actor=world.users["community"], task=task, budget=Decimal("30000.00"))
    with pytest.raises(ConflictError):
        services.task_update(actor=world.users["community"], task=task, expected_version=1, title="改名")
    task.refresh_from_db()
    assert task.title == "老旧下水道改造" and task.budget == Decimal("30000.00") and task.version == 2


def test_report_without_milestones_sets_task_progress(world, make_task):
    task = make_task()
    services.report_submit(actor=world.users["liaison"], task=task, month=datetime.date(2010, 4, 1), percent=30, done_text="勘察", status="on_track")
    services.report_submit(actor=world.users["liaison"], task=task, month=datetime.date(2010, 5, 9), percent=45, done_text="施工", status="at_risk")
    task.refresh_from_db()
    assert task.percent == 45 and task.status == "at_risk"
    assert task.last_report_month == datetime.date(2010, 5, 1)
    assert task.latest_report.month == datetime.date(2010, 5, 1)
    # Correcting an earlier month does not move the task back.
    services.report_submit(actor=None, task=task, month=datetime.date(2010, 4, 1), percent=35, done_text="勘察", status="on_track")
    task.refresh_from_db()
    assert task.percent == 45
    services.report_submit(actor=None, task=task, month=datetime.date(2010, 6, 1), percent=100, done_text="完工", status="on_track")
    task.refresh_from_db()
    assert task.status == Task.Status.DONE


def test_milestones_roll_up_weighted_and_percent_spreads_in_order(world, make_task):
    task = make_task()
    services.milestones_save(actor=world.users["liaison"], task=task, rows=[
        {"title": "勘察", "due": datetime.date(2010, 3, 31), "weight": 1, "percent": 0},
        {"title": "施工", "due": datetime.date(2010, 7, 31), "weight": 3, "percent": 0},
    ])
    steps = list(task.milestones.order_by("due"))
    # Milestones set one by one: (1·100 + 3·20) / 4 = 40.
    services.report_submit(
        actor=world.users["liaison"], task=task, month=datetime.date(2010, 4, 1), done_text="勘察完成", status="on_track",
        milestone_percents={steps[0].pk: 100, steps[1].pk: 20},
    )
    task.refresh_from_db()
    assert task.percent == 40
    assert ProgressReport.objects.get(task=task).percent == 40
    survey = Milestone.objects.get(pk=steps[0].pk)
    assert survey.done_on is not None
    # A percent for the whole task fills the steps in order and rolls back up to it.
    services.report_submit(actor=world.users["liaison"], task=task, month=datetime.date(2010, 5, 1), percent=70, done_text="施工中", status="on_track")
    task.refresh_from_db()
    percents = list(task.milestones.order_by("due").values_list("percent", flat=True))
    assert percents == [100, 60] and task.percent == 70
    # Correcting April's report afterwards does not move the steps back.
    services.report_submit(actor=None, task=task, month=datetime.date(2010, 4, 1), percent=35, done_text="勘察完成（更正）", status="on_track")
    task.refresh_from_db()
    assert task.percent == 70 and list(task.milestones.order_by("due").values_list("percent", flat=True)) == [100, 60]
    assert ProgressReport.objects.get(task=task, month=datetime.date(2010, 4, 1)).percent == 35


@pytest.mark.parametrize("weights", [(1,), (1, 1, 1), (2, 3, 5), (1, 7), (3, 1, 2, 4)])
def test_spread_rolls_back_up_to_the_percent(weights):
    steps = [Milestone(weight=w) for w in weights]
    for percent in range(0, 101):
        values = progress.spread(steps, percent)
        assert values == sorted(values, reverse=True)  # earlier steps first
        for step, value in zip(steps, values, strict=True):
            step.percent = value
        assert progress.milestone_percent(steps) == percent, (weights, percent, values)


def test_report_checks_the_month(world, make_task):
    task = make_task()
    with pytest.raises(ValidationError):
        services.report_submit(actor=None, task=task, month=datetime.date(2011, 1, 1), percent=10, done_text="x", status="on_track")
    future = progress.add_months(datetime.date.today().replace(day=1), 1)
    plan = services.plan_create(actor=None, community=world.communities["东霞社区"], year=future.year)
    other = services.task_create(
        actor=None, plan=plan, category=task.category, title="t", target_what="w", deadline=datetime.date(future.year, 12, 31),
        lead_organisation=world.orgs["东霞单位"], leader_name="李",
    )
    with pytest.raises(ValidationError):
        services.report_submit(actor=None, task=other, month=future, percent=10, done_text="x", status="on_track")


def test_a_report_made_meanwhile_is_not_overwritten(world, make_task):
    task = make_task()
    month = datetime.date(2010, 5, 1)
    services.report_submit(actor=None, task=task, month=month, percent=20, done_text="第一份", status="on_track")
    with pytest.raises(ConflictError):
        services.report_submit(actor=None, task=task, month=month, percent=30, done_text="第二份", status="on_track", expected_version=0)
    assert ProgressReport.objects.get(task=task, month=month).done_text == "第一份"


def test_bulk_reports_are_all_or_nothing(world, make_task):
    a, b = make_task(), make_task(title="楼道路灯")
    month = datetime.date(2010, 6, 1)
    rows = [
        {"task": a, "percent": 50, "done_text": "过半", "status": "on_track"},
        {"task": b, "percent": 150, "done_text": "超了", "status": "on_track"},
    ]
    with pytest.raises(ValidationError) as exc:
        services.reports_bulk_submit(actor=world.users["liaison"], month=month, rows=rows)
    assert f"task-{b.pk}" in exc.value.error_dict
    assert not ProgressReport.objects.filter(task__in=[a, b]).exists()
    rows[1]["percent"] = 15
    services.reports_bulk_submit(actor=world.users["liaison"], month=month, rows=rows)
    assert ProgressReport.objects.filter(task__in=[a, b], month=month).count() == 2


def test_missing_report_flag(world, make_task):
    task = make_task(deadline=datetime.date(2010, 12, 31))
    as_of = datetime.date(2010, 7, 10)  # June's report is due
    assert progress.report_missing(task, as_of=as_of)
    services.report_submit(actor=None, task=task, month=datetime.date(2010, 5, 1), percent=30, done_text="x", status="on_track")
    task.refresh_from_db()
    assert progress.report_missing(task, as_of=as_of)
    services.report_submit(actor=None, task=task, month=datetime.date(2010, 6, 1), percent=40, done_text="x", status="on_track")
    task.refresh_from_db()
    assert not progress.report_missing(task, as_of=as_of)
    assert not progress.report_missing(task, as_of=datetime.date(2010, 2, 10))  # nothing due in January
    # The database count agrees with the per-task rule.
    assert progress.missing_by(Task.objects.filter(pk=task.pk), "community", as_of=datetime.date(2010, 9, 1)) == {task.plan.community_id: 1}


def test_rollup_is_weighted_from_task_to_district(world, plan, make_task):
    heavy = make_task(weight=3)
    light = make_task(title="楼道路灯", weight=1)
    services.report_submit(actor=None, task=heavy, month=datetime.date(2010, 5, 1), percent=20, done_text="x", status="on_track")
    services.report_submit(actor=None, task=light, month=datetime.date(2010, 5, 1), percent=100, done_text="x", status="on_track")
    other_plan = services.plan_create(actor=None, community=world.communities["富兴社区"], year=2010)
    fx = make_task(plan=other_plan, lead=world.orgs["富兴单位"])
    services.report_submit(actor=None, task=fx, month=datetime.date(2010, 5, 1), percent=60, done_text="x", status="on_track")
    tasks = Task.objects.filter(plan__year=2010)
    by_community = progress.rollup_by(tasks, "community")
    assert by_community[plan.community_id].percent == 40  # (3·20 + 1·100) / 4
    assert by_community[plan.community_id].done == 1
    by_street = progress.rollup_by(tasks, "street")
    assert by_street[world.streets["列东街道"].pk].percent == 40
    assert by_street[world.streets["列西街道"].pk].percent == 60
    district = progress.rollup(tasks)
    assert (district.tasks, district.percent) == (3, 44)  # (3·20 + 100 + 60) / 5
    assert progress.rollup_by(tasks, "district")[world.district.pk].percent == district.percent


def test_stats_count_rows_at_call_time(world, plan, make_task):
    assert stats.tasks(year=2010) == 0
    task = make_task(co_organisers=[world.orgs["江滨团支部"]])
    make_task(title="第二项", co_organisers=[world.orgs["东霞单位"]])
    assert stats.tasks(year=2010) == 0  # a draft plan's tasks are not counted
    services.plan_publish(actor=world.users["community"], plan=plan)
    assert stats.tasks(year=2010) == 2
    assert stats.tasks(year=2010, district=world.district) == 2
    assert stats.tasks(year=2011) == 0
    # Resident units only: the Youth League branch is a mass organisation.
    assert stats.participating_units(year=2010) == 2
    item = services.item_create(actor=None, community=plan.community, year=2010, title="下水道改造", task=task)
    services.contribution_set(actor=None, item=item, organisation=world.orgs["江滨单位"], role="lead", amount=Decimal("12000.50"))
    services.contribution_set(actor=None, item=item, organisation=world.orgs["东霞单位"], role="assist", amount=Decimal("3000"))
    services.contribution_set(actor=None, item=item, organisation=world.orgs["江滨团支部"], role="assist", amount=Decimal("999"))
    mass_only = services.item_create(actor=None, community=plan.community, year=2010, title="志愿清扫")
    services.contribution_set(actor=None, item=mass_only, organisation=world.orgs["江滨团支部"], role="lead", amount=0)
    assert stats.unit_items(year=2010) == 1
    assert stats.unit_funds_yuan(year=2010) == Decimal("15000.50")
    services.contribution_set(actor=None, item=item, organisation=world.orgs["江滨单位"], role="lead", amount=Decimal("12000"))
    assert stats.unit_funds_yuan(year=2010) == 15000 and isinstance(stats.unit_funds_yuan(year=2010), int)


def test_only_one_lead_per_item(world, plan):
    item = services.item_create(actor=None, community=plan.community, year=2010, title="监控安装")
    services.contribution_set(actor=None, item=item, organisation=world.orgs["江滨单位"], role="lead", amount=100)
    with pytest.raises(ValidationError):
        services.contribution_set(actor=None, item=item, organisation=world.orgs["东霞单位"], role="lead", amount=100)


def test_feedback_only_on_published_plans(world, plan, make_task):
    task = make_task()
    with pytest.raises(ApplicationError):
        services.feedback_submit(task=task, body="好")
    services.plan_publish(actor=world.users["community"], plan=plan)
    feedback = services.feedback_submit(task=task, body="  希望加快进度  ", name="王")
    assert feedback.status == "pending" and feedback.body == "希望加快进度"
    services.feedback_moderate(actor=world.users["street"], feedback=feedback, status="published", answer="已督促责任单位")
    feedback.refresh_from_db()
    assert feedback.answered_by == world.users["street"] and feedback.answered_at and feedback.moderated_by == world.users["street"]
    assert history_for(feedback).first().actor == world.users["street"]


def test_publishing_needs_tasks(world, plan):
    with pytest.raises(ApplicationError):
        services.plan_publish(actor=None, plan=plan)
    assert AnnualPlan.objects.get(pk=plan.pk).status == "draft"


def test_figures_are_offered_to_gongjian_stats(world, plan, make_task):
    import io
    import json

    from django.core.management import call_command

    from gongjian.reports.stats import compute_stats

    task = make_task()
    item = services.item_create(actor=None, community=plan.community, year=2010, title="监控安装", task=task)
    services.contribution_set(actor=None, item=item, organisation=world.orgs["江滨单位"], role="lead", amount=Decimal("2500.50"))
    services.plan_publish(actor=world.users["community"], plan=plan)
    figures = compute_stats(year=2010)
    assert (figures["tasks"], figures["participating_units"], figures["unit_items"]) == (1, 1, 1)
    assert figures["unit_funds_yuan"] == Decimal("2500.50")
    out = io.StringIO()
    call_command("stats", "--year", "2010", "--json", stdout=out)
    printed = json.loads(out.getvalue().splitlines()[-1])
    assert printed["tasks"] == 1 and printed["unit_funds_yuan"] == 2500.5
