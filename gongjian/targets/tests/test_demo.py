import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from gongjian.core.models import ObjectChange
from gongjian.registry.demo import build_demo
from gongjian.registry.models import Organisation
from gongjian.targets import demo, progress, services, stats
from gongjian.targets.models import (
    AnnualPlan,
    BuildingItem,
    Contribution,
    Milestone,
    ProgressReport,
    Task,
    WorkCategory,
)

pytestmark = pytest.mark.django_db


def test_demo_year_counts_up_to_the_briefing(demo_district, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    build_demo()
    district = demo_district
    demo.build(district)  # build_demo may already have built it: building again changes nothing
    counts = {m: m.objects.count() for m in (AnnualPlan, Task, Milestone, ProgressReport, BuildingItem, Contribution)}
    assert demo.build(district) is False
    assert counts == {m: m.objects.count() for m in counts}

    year = demo.YEAR
    units = Organisation.objects.filter(kind=Organisation.Kind.RESIDENT_UNIT, community__street__district=district)
    # The figures are counted from the rows the demo wrote, never stored.
    assert stats.tasks(year=year, district=district) == demo.TASKS_TOTAL == Task.objects.count()
    assert stats.participating_units(year=year, district=district) == units.count()
    assert stats.unit_items(year=year, district=district) == demo.UNIT_ITEMS_TOTAL
    assert stats.unit_funds_yuan(year=year, district=district) == int(demo.UNIT_FUNDS_TOTAL)
    # Every community has a published plan; every resident unit leads or co-organises a task.
    assert AnnualPlan.objects.filter(year=year, status="published").count() == district.streets.aggregate(n=Count("communities"))["n"]
    involved = set(Task.objects.values_list("lead_organisation_id", flat=True)) | set(Task.co_organisers.through.objects.values_list("organisation_id", flat=True))
    assert set(units.values_list("pk", flat=True)) <= involved
    assert WorkCategory.objects.filter(district=district).count() == 5
    # Reports run February to December; every task's progress is its milestones' roll-up.
    months = set(ProgressReport.objects.values_list("month", flat=True))
    assert min(months) == datetime.date(year, 2, 1) and max(months) == datetime.date(year, 12, 1)
    # Each report records when it was submitted: most by the 5th of the next month, some late,
    # with communities differing; a few months missing; few tasks unfinished at the year's end.
    reports = list(ProgressReport.objects.select_related("task__plan"))
    assert all(r.submitted_at is not None for r in reports)
    late = [r for r in reports if r.is_late]
    assert 0.03 * len(reports) < len(late) < 0.25 * len(reports)
    late_share = {}
    for r in reports:
        n, k = late_share.get(r.task.plan.community_id, (0, 0))
        late_share[r.task.plan.community_id] = (n + 1, k + bool(r.is_late))
    shares = sorted(k / n for n, k in late_share.values())
    assert shares[-1] - shares[0] > 0.1
    unfinished = Task.objects.exclude(status=Task.Status.DONE).count()
    assert 0 < unfinished < 0.15 * demo.TASKS_TOTAL
    by_task: dict[int, list[int]] = {}
    for r in reports:
        by_task.setdefault(r.task_id, []).append(r.month.month)
    gaps = sum(max(ms) - min(ms) + 1 - len(ms) for ms in by_task.values())
    assert 0 < gaps < 0.05 * len(reports)
    for task in Task.objects.prefetch_related("milestones")[:60]:
        assert task.percent == progress.milestone_percent(list(task.milestones.all()))
    # Realistic rows: the lead unit's liaison and leader, a measurable target.
    jb = Task.objects.filter(plan__community__slug="jiangbin").select_related("liaison", "lead_organisation")
    assert any(t.title.startswith("“绿色网吧”") for t in jb)
    assert all(t.leader_name and t.target_what for t in jb)
    assert all(t.liaison is None or t.liaison.affiliations.filter(organisation=t.lead_organisation).exists() for t in jb)
    # The responsible leader is the lead organisation's own head, never someone else's.
    tasks = list(Task.objects.select_related("leader_person"))
    assert all(t.leader_person_id for t in tasks if t.leader_name)
    assert all(t.leader_person.affiliations.filter(organisation_id=t.lead_organisation_id).exists() for t in tasks if t.leader_person_id)
    assert all(t.leader_name == t.leader_person.name for t in tasks if t.leader_person_id)
    # Every row has its change-log row.
    for model in (AnnualPlan, Task, Milestone, ProgressReport, BuildingItem, Contribution):
        ct = ContentType.objects.get_for_model(model)
        assert ObjectChange.objects.filter(content_type=ct, source="demo").count() == model.objects.count(), model

    # Adding a task changes the figure.
    plan = AnnualPlan.objects.get(community__slug="jiangbin", year=year)
    services.task_create(
        actor=None, plan=plan, category=WorkCategory.objects.filter(district=district).first(), title="新增任务", target_what="指标",
        deadline=datetime.date(year, 12, 31), lead_organisation=Task.objects.filter(plan=plan).first().lead_organisation, leader_name="王",
    )
    assert stats.tasks(year=year, district=district) == demo.TASKS_TOTAL + 1

    # Deleting the part removes its rows and their change-log rows.
    demo.delete(district)
    assert not Task.objects.exists() and not AnnualPlan.objects.exists() and not Contribution.objects.exists()
    assert not ObjectChange.objects.filter(content_type=ContentType.objects.get_for_model(Task)).exists()
