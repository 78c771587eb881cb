import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gongjian.core import xlsx
from gongjian.core.models import ObjectChange
from gongjian.targets import io as targets_io
from gongjian.targets import services
from gongjian.targets.models import ProgressReport, Task

pytestmark = pytest.mark.django_db


def _sheet(data: bytes) -> xlsx.Sheet:
    return xlsx.read_rows(io.BytesIO(data))


def _rows(data: bytes) -> list[list]:
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _workbook(rows: list[list]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_task_table_exports_every_column_and_imports_back_unchanged(world, plan, make_task):
    make_task(co_organisers=[world.orgs["江滨团支部"]], liaison=world.people["张江滨"], budget=30000, target_date=datetime.date(2010, 8, 31))
    make_task(title="=HYPERLINK(\"http://x\",\"点我\")", target_what="+1 防注入")
    spec = targets_io.TaskSheet(plan)
    data = xlsx.export_workbook(spec, Task.objects.filter(plan=plan), user=world.users["community"])
    rows = _rows(data)
    header = rows[0]
    assert header == [str(c.header) for c in spec.columns]
    first = dict(zip(header, rows[1], strict=True))
    assert first[str(spec.header_for("lead_organisation"))] == "江滨供电所"
    assert first[str(spec.header_for("co_organisers"))] == "江滨社区团支部"
    assert first[str(spec.header_for("deadline"))] == "2010-09-30"
    assert first[str(spec.header_for("liaison"))] == "张江滨"
    assert first[str(spec.header_for("liaison_phone"))] == world.people["张江滨"].mobile  # staff of 江滨: in full
    # Formula-safe: the cell holds text, never a formula.
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    title_cell = ws.cell(row=3, column=header.index(str(spec.header_for("title"))) + 1)
    assert title_cell.data_type == "s" and title_cell.value.startswith("=HYPERLINK")
    result = xlsx.import_rows(targets_io.TaskSheet(plan), _sheet(data), world.users["community"])
    assert result.written and (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert Task.objects.get(plan=plan, number=2).title.startswith("=HYPERLINK")


def test_liaison_phone_is_masked_for_other_readers(world, plan, make_task):
    make_task(liaison=world.people["张江滨"])
    spec = targets_io.TaskSheet(plan)
    data = xlsx.export_workbook(spec, Task.objects.filter(plan=plan), user=world.users["liaison"])
    row = dict(zip(_rows(data)[0], _rows(data)[1], strict=True))
    mobile = world.people["张江滨"].mobile
    assert row[str(spec.header_for("liaison_phone"))] == f"{mobile[:3]}****{mobile[-4:]}"


def test_task_table_import_creates_and_updates_through_services(world, plan, make_task):
    task = make_task()
    spec = targets_io.TaskSheet(plan)
    h = {c.key: str(c.header) for c in spec.columns}
    category = task.category.name
    rows = [
        [h["id"], h["category"], h["title"], h["target_what"], h["target_quantity"], h["target_unit"], h["deadline"], h["lead_organisation"], h["leader_name"], h["co_organisers"], h["budget"]],
        [task.pk, category, "老旧下水道改造（二期）", "改造破损下水管道", 1200, "米", "2010-10-31", "江滨供电所", "王建国", "江滨社区团支部", "45000.50"],
        [None, category, "楼道路灯", "维修增设路灯", 20, "盏", datetime.datetime(2010, 9, 30), "江滨社区团支部", "李明", "", None],
    ]
    result = xlsx.import_rows(spec, _sheet(_workbook(rows)), world.users["community"])
    assert result.written, result.errors
    assert (result.created, result.updated) == (1, 1)
    task.refresh_from_db()
    assert task.title == "老旧下水道改造（二期）" and str(task.budget) == "45000.50" and task.deadline == datetime.date(2010, 10, 31)
    assert [o.name for o in task.co_organisers.all()] == ["江滨社区团支部"]
    new = Task.objects.get(plan=plan, title="楼道路灯")
    assert new.number == 2 and new.lead_organisation == world.orgs["江滨团支部"]
    sources = set(ObjectChange.objects.filter(object_id__in=[task.pk, new.pk], content_type__model="task").values_list("source", flat=True))
    assert "excel-import" in sources


def test_task_table_import_is_all_or_nothing_with_row_and_column(world, plan, make_task):
    make_task()
    spec = targets_io.TaskSheet(plan)
    h = {c.key: str(c.header) for c in spec.columns}
    category = plan.community.street.district.work_categories.first().name
    rows = [
        [h["number"], h["category"], h["title"], h["target_what"], h["deadline"], h["lead_organisation"], h["leader_name"]],
        [5, category, "好的一行", "指标", "2010-06-30", "江滨供电所", "王"],
        [6, category, "单位不对", "指标", "2010-06-30", "富兴供电所", "王"],
        [7, "第六类", "类别不对", "指标", "2010年6月31日", "江滨供电所", "王"],
        [1, category, "序号重复", "指标", "2010-06-30", "江滨供电所", "王"],
    ]
    result = xlsx.import_rows(spec, _sheet(_workbook(rows)), world.users["community"])
    assert not result.written
    where = {(e.row, e.column) for e in result.errors}
    assert (3, h["lead_organisation"]) in where
    assert (4, h["deadline"]) in where  # 31 June does not exist
    assert (5, h["number"]) in where  # number 1 is taken by the existing task
    assert Task.objects.filter(plan=plan).count() == 1


def test_only_the_community_may_import_its_plan(world, plan):
    spec = targets_io.TaskSheet(plan)
    h = {c.key: str(c.header) for c in spec.columns}
    category = plan.community.street.district.work_categories.first().name
    rows = [[h["category"], h["title"], h["target_what"], h["deadline"], h["lead_organisation"], h["leader_name"]],
            [category, "任务", "指标", "2010-06-30", "江滨供电所", "王"]]
    result = xlsx.import_rows(spec, _sheet(_workbook(rows)), world.users["street"])
    assert not result.written and not Task.objects.exists()


def test_progress_sheet_round_trip_spreads_over_steps(world, plan, make_task):
    a = make_task()
    b = make_task(title="楼道路灯")
    services.milestones_save(actor=None, task=b, rows=[
        {"title": "维修", "due": datetime.date(2010, 5, 31), "weight": 1, "percent": 0},
        {"title": "增设", "due": datetime.date(2010, 8, 31), "weight": 1, "percent": 0},
    ])
    month = datetime.date(2010, 6, 1)
    data = xlsx.export_workbook(targets_io.ProgressSheet(month), Task.objects.filter(pk__in=[a.pk, b.pk]), user=world.users["liaison"])
    rows = _rows(data)
    header = rows[0]
    col = {str(c.header): i for i, c in enumerate(targets_io.ProgressSheet().columns)}
    spec = targets_io.ProgressSheet()
    h = {c.key: str(c.header) for c in spec.columns}
    assert [r[col[h["month"]]] for r in rows[1:]] == ["2010-06", "2010-06"]
    for r, percent in zip(rows[1:], (30, 75), strict=True):
        r[col[h["percent"]]] = percent
        r[col[h["done_text"]]] = "本月推进"
    result = xlsx.import_rows(spec, _sheet(_workbook([header, *rows[1:]])), world.users["liaison"])
    assert result.written and result.created == 2, result.errors
    b.refresh_from_db()
    assert b.percent == 75 and list(b.milestones.values_list("percent", flat=True)) == [100, 50]
    assert ProgressReport.objects.get(task=a, month=month).reported_by == world.users["liaison"]


def test_progress_sheet_refuses_tasks_of_others(world, plan, make_task):
    other = make_task(lead=world.orgs["江滨团支部"])
    spec = targets_io.ProgressSheet()
    h = {c.key: str(c.header) for c in spec.columns}
    rows = [[h["id"], h["month"], h["percent"], h["done_text"]], [other.pk, "2010-06", 20, "x"]]
    result = xlsx.import_rows(spec, _sheet(_workbook(rows)), world.users["liaison"])
    assert not result.written and result.errors[0].row == 2 and result.errors[0].column == h["id"]


def test_plan_import_page(world, client, plan, make_task):
    make_task()
    client.force_login(world.users["community"])
    url = reverse("targets:plan_import", args=[plan.pk])
    export = client.get(reverse("targets:plan_export", args=[plan.pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    resp = client.post(url, {"file": SimpleUploadedFile("plan.xlsx", export.content)})
    assert resp.status_code == 302
    resp = client.post(url, {"file": SimpleUploadedFile("plan.xls", b"\xd0\xcf\x11\xe0old")})
    assert resp.status_code == 200 and Task.objects.filter(plan=plan).count() == 1
    template = client.get(reverse("targets:plan_template", args=[plan.pk]))
    assert template.status_code == 200
    assert _rows(template.content)[0][2].rstrip("*") == str(targets_io.TaskSheet(plan).header_for("category"))
