"""Who is responsible: a task's leader from the registry (of the lead organisation), a lead
organisation that may stay empty while the plan is a draft (publishing refuses, naming the
unassigned tasks), and every page that lists tasks coping with a blank lead; the pages that
delete tasks, evidence and contributions and edit a community-building item, each asking first
and leaving a change-log row."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from gongjian.core import xlsx
from gongjian.core.exceptions import ApplicationError
from gongjian.core.models import ObjectChange
from gongjian.registry.models import Affiliation
from gongjian.registry.services import affiliation_set
from gongjian.targets import io as targets_io
from gongjian.targets import services, stats
from gongjian.targets.models import BuildingItem, Contribution, Evidence, Task

from .conftest import jpeg_with_gps, upload

pytestmark = pytest.mark.django_db


def test_the_leader_person_must_belong_to_the_lead_organisation(world, make_task):
    head = world.people["李江滨"]
    affiliation_set(actor=None, person=head, organisation=world.orgs["江滨单位"], role=Affiliation.Role.HEAD, title="所长")
    task = make_task(leader_person=head, leader_name="")
    assert task.leader_name == "李江滨"  # filled from the registry
    with pytest.raises(ValidationError) as exc:
        make_task(leader_person=world.people["李富兴"])
    assert "leader_person" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.task_update(actor=None, task=task, lead_organisation=world.orgs["江滨团支部"])  # the head does not belong there


def test_a_draft_task_may_have_no_lead_and_publishing_names_it(world, plan, make_task, login):
    make_task()
    unassigned = services.task_create(
        actor=None, plan=plan, category=plan.community.street.district.work_categories.first(), title="增设健身器材",
        target_what="安装健身器材", deadline=datetime.date(2010, 12, 31),
    )
    assert unassigned.lead_organisation is None and unassigned.leader_name == ""
    with pytest.raises(ApplicationError) as exc:
        services.plan_publish(actor=None, plan=plan)
    assert "2. 增设健身器材" in exc.value.message
    plan.refresh_from_db()
    assert not plan.is_published
    # A liaison cannot be named without a lead organisation.
    with pytest.raises(ValidationError):
        services.task_update(actor=None, task=unassigned, liaison=world.people["张江滨"])
    # The pages, the stats and Excel cope with the blank lead.
    client = login(world.users["community"])
    page = client.get(reverse("targets:plan_detail", args=[plan.pk])).content.decode()
    assert "增设健身器材" in page and "未指定" in page
    assert client.get(reverse("targets:task_detail", args=[unassigned.pk])).status_code == 200
    assert client.get(reverse("targets:task_edit", args=[unassigned.pk])).status_code == 200
    assert client.get(reverse("targets:home") + "?year=2010").status_code == 200
    assert stats.tasks(year=2010, district=world.district) == 2
    data = xlsx.export_workbook(targets_io.TaskSheet(plan), Task.objects.filter(plan=plan), user=world.users["community"])
    rows = list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 3
    result = xlsx.import_rows(targets_io.TaskSheet(plan), xlsx.read_rows(io.BytesIO(data)), world.users["community"])
    assert result.written and result.unchanged == 2
    # The page refuses too, naming the task; once assigned the plan publishes.
    response = client.post(reverse("targets:plan_publish", args=[plan.pk]), {"publish": "1"}, follow=True)
    assert "增设健身器材" in response.content.decode()
    form = client.get(reverse("targets:task_edit", args=[unassigned.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "co_organisers"}
    data.update(lead_organisation=world.orgs["江滨单位"].pk, leader_name="王建国", deadline="2010-12-31")
    response = client.post(reverse("targets:task_edit", args=[unassigned.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    services.plan_publish(actor=None, plan=plan)
    plan.refresh_from_db()
    assert plan.is_published
    # A published plan takes no unassigned task.
    with pytest.raises(ValidationError) as exc:
        services.task_create(
            actor=None, plan=plan, category=unassigned.category, title="再加一项", target_what="x", deadline=datetime.date(2010, 12, 31),
        )
    assert "lead_organisation" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.task_update(actor=None, task=unassigned, lead_organisation=None)


def test_task_delete_asks_first_and_refuses_a_reported_task(world, make_task, login):
    task, reported = make_task(), make_task(title="路灯")
    services.report_submit(actor=None, task=reported, month=datetime.date(2010, 5, 1), percent=10, done_text="开工", status="on_track")
    client = login(world.users["community"])
    url = reverse("targets:task_delete", args=[task.pk])
    assert client.get(url).status_code == 200 and Task.objects.filter(pk=task.pk).exists()
    assert client.post(url).status_code == 302
    assert not Task.objects.filter(pk=task.pk).exists()
    assert ObjectChange.objects.filter(object_id=task.pk, action="delete").exists()
    client.post(reverse("targets:task_delete", args=[reported.pk]))
    assert Task.objects.filter(pk=reported.pk).exists()
    assert login(world.users["liaison"]).post(reverse("targets:task_delete", args=[reported.pk])).status_code == 403


def test_evidence_delete_by_the_liaison_removes_the_file(world, make_task, login, django_capture_on_commit_callbacks):
    task = make_task()
    report = services.report_submit(
        actor=None, task=task, month=datetime.date(2010, 5, 1), percent=10, done_text="开工", status="on_track", uploads=[upload(jpeg_with_gps())],
    )
    evidence = report.evidence.get()
    storage, name = evidence.file.storage, evidence.file.name
    client = login(world.users["liaison"])
    url = reverse("targets:evidence_delete", args=[evidence.pk])
    assert client.get(url).status_code == 200 and Evidence.objects.filter(pk=evidence.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert ObjectChange.objects.filter(object_id=evidence.pk, action="delete").exists()
    assert not storage.exists(name)


def test_item_edit_and_contribution_delete(world, make_task, login):
    item = services.item_create(actor=None, community=world.communities["江滨社区"], year=2010, title="下水道改造")
    contribution = services.contribution_set(actor=None, item=item, organisation=world.orgs["江滨单位"], role="lead", amount=20000)
    client = login(world.users["community"])
    form = client.get(reverse("targets:item_edit", args=[item.pk])).context["form"]
    response = client.post(reverse("targets:item_edit", args=[item.pk]), {
        "community": item.community_id, "year": 2010, "title": "老旧下水道改造", "description": "共建", "version": form.initial["version"],
    })
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "老旧下水道改造" and item.version == 2
    stale = client.post(reverse("targets:item_edit", args=[item.pk]), {"community": item.community_id, "year": 2010, "title": "又改", "version": 1})
    assert stale.status_code == 200 and BuildingItem.objects.get(pk=item.pk).title == "老旧下水道改造"
    url = reverse("targets:contribution_delete", args=[contribution.pk])
    assert "20000" in client.get(url).content.decode().replace(",", "")
    client.post(url)
    assert not Contribution.objects.filter(pk=contribution.pk).exists()
    assert ObjectChange.objects.filter(object_id=contribution.pk, action="delete").exists()


def test_new_pages_query_counts_are_pinned(world, make_task, login, django_assert_num_queries):
    task = make_task()
    report = services.report_submit(
        actor=None, task=task, month=datetime.date(2010, 5, 1), percent=10, done_text="开工", status="on_track", uploads=[upload(jpeg_with_gps())],
    )
    item = services.item_create(actor=None, community=world.communities["江滨社区"], year=2010, title="下水道改造", task=task)
    contribution = services.contribution_set(actor=None, item=item, organisation=world.orgs["江滨单位"], role="lead", amount=20000)
    client = login(world.users["community"])
    client.get(reverse("targets:home"))
    for url, count in (
        (reverse("targets:task_delete", args=[make_task(title="未报送").pk]), 8),
        (reverse("targets:evidence_delete", args=[report.evidence.get().pk]), 7),
        (reverse("targets:item_edit", args=[item.pk]), 12),
        (reverse("targets:contribution_delete", args=[contribution.pk]), 7),
    ):
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
