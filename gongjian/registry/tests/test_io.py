"""Excel in and out for communities, organisations and people, through the pages people use."""

import io
import re
import time
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from gongjian.core import xlsx
from gongjian.core.models import ImportJob, ObjectChange
from gongjian.registry import io as registry_io
from gongjian.registry import services
from gongjian.registry.models import Affiliation, Community, Organisation, Person

PEOPLE_HEADERS = ["姓名", "社区", "性别", "手机号", "人员类别", "是否党员", "所属组织", "特长"]


def upload(name_or_bytes, name="sheet.xlsx"):
    return SimpleUploadedFile(name, name_or_bytes, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def sheet_bytes(headers, rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_sheet(data: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def post_sheet(client, kind, data, name="sheet.xlsx", **extra):
    return client.post(reverse("registry:io_import", args=[kind]), {"file": upload(data, name)}, **extra)


def error_rows(html: str) -> list[tuple[str, str, str]]:
    table = html.split('data-testid="error-table"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r'<tr data-testid="error-row"><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>', table)
    return [tuple(c.replace("&ldquo;", "“").replace("&rdquo;", "”") for c in row) for row in cells]


def count(html: str, testid: str) -> int:
    return int(re.search(rf'data-testid="{testid}">(\d+)<', html).group(1))


def person_changes(action=None):
    qs = ObjectChange.objects.filter(content_type=ContentType.objects.get_for_model(Person), source=xlsx.SOURCE)
    return qs.filter(action=action) if action else qs


GOOD_PEOPLE = [
    ["王小明", "江滨社区", "男", "13912345601", "无职党员", None, "江滨供电所", "书法"],
    ["赵丽", "jiangbin", "女", 13912345602, "热心居民", "否", None, "调解"],
    ["钱多", "东霞社区", None, None, "居民", None, None, None],
]


# --- all or nothing ---------------------------------------------------------------------------


def test_a_people_sheet_with_one_bad_row_writes_nothing_and_reports_every_error(world, login):
    client = login(world.users["street"])
    people_before, changes_before = Person.objects.count(), ObjectChange.objects.count()
    bad = [list(r) for r in GOOD_PEOPLE]
    bad[1][2] = "未知"  # gender
    bad[1][3] = "12345"  # mobile
    resp = post_sheet(client, "people", sheet_bytes(PEOPLE_HEADERS, bad))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert Person.objects.count() == people_before and ObjectChange.objects.count() == changes_before
    assert "未写入任何数据" in html and 'data-testid="result-created"' not in html
    rows = error_rows(html)
    assert ("3", "性别", "“未知”不是可选值，可选：男、女。") in rows
    assert [r[:2] for r in rows] == [("3", "性别"), ("3", "手机号")]


def test_the_fixed_sheet_imports_through_the_services_with_the_change_log(world, login):
    client = login(world.users["street"])
    resp = post_sheet(client, "people", sheet_bytes(PEOPLE_HEADERS, GOOD_PEOPLE))
    html = resp.content.decode()
    assert count(html, "result-created") == 3 and count(html, "result-updated") == 0
    wang = Person.objects.get(name="王小明")
    assert (wang.community.name, wang.gender, wang.mobile, wang.category) == ("江滨社区", "M", "13912345601", Person.Category.NO_POST_MEMBER)
    assert wang.is_party_member is True  # empty cell: derived from the Party-member category
    assert Affiliation.objects.filter(person=wang, organisation=world.orgs["江滨单位"], role=Affiliation.Role.MEMBER).exists()
    zhao = Person.objects.get(name="赵丽")
    assert (zhao.community.slug, zhao.mobile, zhao.is_party_member) == ("jiangbin", "13912345602", False)
    assert Person.objects.get(name="钱多").category == Person.Category.RESIDENT
    created = person_changes(ObjectChange.Action.CREATE)
    assert created.count() == 3
    assert set(created.values_list("actor__username", flat=True)) == {"street"}
    assert created.get(object_id=wang.pk).after["mobile"] == "13912345601"
    assert ObjectChange.objects.filter(content_type=ContentType.objects.get_for_model(Affiliation), source=xlsx.SOURCE).count() == 1


def test_reimporting_an_exported_sheet_updates_instead_of_duplicating(world, login):
    client = login(world.users["street"])
    data = client.get(reverse("registry:io_export", args=["people"])).content
    rows = read_sheet(data)
    header = list(rows[0])
    assert header[:3] == ["ID", "姓名", "社区"]
    assert {r[1] for r in rows[1:]} == {"张江滨", "李江滨", "张东霞", "李东霞"}
    people_before = Person.objects.count()
    # Unchanged, it imports as no change at all.
    html = post_sheet(client, "people", data).content.decode()
    assert (count(html, "result-created"), count(html, "result-updated"), count(html, "result-unchanged")) == (0, 0, 4)
    assert person_changes().count() == 0
    # One cell edited: exactly that person is updated, with a change-log row.
    edited = [list(r) for r in rows]
    li = next(r for r in edited[1:] if r[1] == "李江滨")
    li[header.index("特长")] = "心理咨询"
    li[header.index("是否党员")] = "否"
    html = post_sheet(client, "people", sheet_bytes(header, edited[1:])).content.decode()
    assert (count(html, "result-created"), count(html, "result-updated"), count(html, "result-unchanged")) == (0, 1, 3)
    assert Person.objects.count() == people_before
    person = Person.objects.get(name="李江滨")
    assert person.specialties == "心理咨询" and person.version == 2
    change = person_changes(ObjectChange.Action.UPDATE).get()
    assert change.object_id == person.pk and change.actor == world.users["street"]
    assert dict((f, (b, a)) for f, b, a in change.diff())["specialties"] == ("法律、调解", "心理咨询")


def test_an_export_is_formula_safe_and_imports_back_unchanged(world, login):
    services.person_create(
        actor=None, community=world.communities["江滨社区"], name="=1+1", address="@SUM(A1)", specialties="-2+3", lat=Decimal("26.263412"), birth_year=1960,
    )
    client = login(world.users["street"])
    data = client.get(reverse("registry:io_export", args=["people"]), {"q": "="}).content
    row = read_sheet(data)[1]
    assert row[1] == "=1+1" and "@SUM(A1)" in row and "-2+3" in row
    full = load_workbook(io.BytesIO(data)).worksheets[0]
    assert full["B2"].data_type == "s" and full["B2"].value == "=1+1"
    html = post_sheet(client, "people", data).content.decode()
    assert count(html, "result-unchanged") == 1
    assert Person.objects.filter(name="=1+1").count() == 1
    assert Person.objects.get(name="=1+1").version == 1


# --- scope ------------------------------------------------------------------------------------


def test_rows_outside_the_users_communities_are_row_errors(world, login):
    client = login(world.users["street"])  # 列东街道: 江滨 and 东霞, not 富兴
    li_fuxing = world.people["李富兴"]
    rows = [
        ["陈某", "富兴社区", "男", "13912345611", "居民", None, None, None],
        ["李富兴", "东霞社区", "男", None, "居民", None, None, None],
    ]
    headers = ["ID", *PEOPLE_HEADERS]
    data = sheet_bytes(headers, [[None, *rows[0]], [li_fuxing.pk, *rows[1]]])
    html = post_sheet(client, "people", data).content.decode()
    assert error_rows(html) == [
        ("2", "社区", "您不负责富兴社区：只能新增或修改您所管理社区中的记录。"),
        ("3", "ID", f"您管理的社区中没有 ID 为 {li_fuxing.pk} 的人员。"),
    ]
    assert not Person.objects.filter(name="陈某").exists()
    assert Person.objects.get(pk=li_fuxing.pk).community.name == "富兴社区"


def test_duplicate_mobiles_in_the_sheet_and_in_the_database_are_row_errors(world, login):
    client = login(world.users["community"])  # 江滨社区
    taken = world.people["李江滨"].mobile
    rows = [
        ["甲", "江滨社区", None, "13912345621", None, None, None, None],
        ["乙", "江滨社区", None, "13912345621", None, None, None, None],
        ["丙", "江滨社区", None, taken, None, None, None, None],
    ]
    html = post_sheet(client, "people", sheet_bytes(PEOPLE_HEADERS, rows)).content.decode()
    assert error_rows(html) == [
        ("3", "手机号", "同一社区中此手机号在表格里出现了两次（第 2 行和第 3 行）。"),
        ("4", "手机号", f"此手机号已属于江滨社区的李江滨（ID {world.people['李江滨'].pk}）。"),
    ]
    assert not Person.objects.filter(name__in=["甲", "乙", "丙"]).exists()


def test_a_corrupt_or_wrong_file_gives_a_clear_error_not_a_500(world, login):
    client = login(world.users["community"])
    resp = post_sheet(client, "people", b"PK\x03\x04 definitely not a workbook")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'data-testid="file-error"' in html and "无法将此文件读取为 Excel 工作簿" in html
    resp = post_sheet(client, "people", b"\xd0\xcf\x11\xe0", name="名单.xls")
    assert "旧版 .xls 文件" in resp.content.decode()


# --- organisations and communities --------------------------------------------------------------


def test_organisations_import_with_chinese_type_labels_and_update_by_id(world, login):
    client = login(world.users["street"])
    headers = ["ID", "名称", "社区", "类型", "单位类型", "群团组织类型", "联系电话", "同时服务的社区"]
    unit = world.orgs["东霞单位"]
    rows = [
        [None, "江滨小学", "江滨社区", "驻区单位", "事业单位", None, "13900001111", "东霞社区"],
        [None, "江滨妇联", "江滨社区", "群团组织", None, "妇联", None, None],
        [unit.pk, unit.name, "东霞社区", "驻区单位", "非公企业", None, "13800000001", None],
    ]
    html = post_sheet(client, "organisations", sheet_bytes(headers, rows)).content.decode()
    assert (count(html, "result-created"), count(html, "result-updated")) == (2, 1)
    school = Organisation.objects.get(name="江滨小学")
    assert (school.kind, school.unit_kind) == (Organisation.Kind.RESIDENT_UNIT, Organisation.UnitKind.INSTITUTION)
    assert list(school.served_communities.values_list("name", flat=True)) == ["东霞社区"]
    assert Organisation.objects.get(name="江滨妇联").mass_kind == Organisation.MassKind.WOMEN
    unit.refresh_from_db()
    assert unit.unit_kind == Organisation.UnitKind.NON_PUBLIC and unit.version == 2
    # A resident unit without its unit type is refused by the model's own rules.
    bad = [[None, "无类型单位", "江滨社区", "驻区单位", None, None, None, None]]
    html = post_sheet(client, "organisations", sheet_bytes(headers, bad)).content.decode()
    assert [r[:2] for r in error_rows(html)] == [("2", "单位类型")]


def test_communities_import_only_into_streets_the_user_covers(world, login):
    client = login(world.users["street"])
    headers = ["名称", "街道", "户数"]
    html = post_sheet(client, "communities", sheet_bytes(headers, [["新建社区", "列东街道", 1200], ["外街社区", "列西街道", 800]])).content.decode()
    assert error_rows(html) == [("3", "街道", "您不能在列西街道新增社区。")]
    assert not Community.objects.filter(name="新建社区").exists()
    html = post_sheet(client, "communities", sheet_bytes(headers, [["新建社区", "列东街道", 1200]])).content.decode()
    assert count(html, "result-created") == 1
    created = Community.objects.get(name="新建社区")
    assert (created.slug, created.households, created.street.name) == ("xinjian", 1200, "列东街道")


# --- export -------------------------------------------------------------------------------------


def test_export_honours_the_list_filters_and_masks_what_the_user_may_not_see(world, login):
    client = login(world.users["street"])
    rows = read_sheet(client.get(reverse("registry:io_export", args=["people"]), {"category": "activist"}).content)
    assert {r[1] for r in rows[1:]} == {"李江滨", "李东霞"}
    mobile = rows[0].index("手机号")
    assert {r[mobile] for r in rows[1:]} == {world.people["李江滨"].mobile, world.people["李东霞"].mobile}

    client = login(world.users["liaison"])  # sees 张江滨 through its unit, but not in full
    rows = read_sheet(client.get(reverse("registry:io_export", args=["people"])).content)
    assert [r[1] for r in rows[1:]] == ["张江滨"]
    header = rows[0]
    assert rows[1][header.index("手机号")] == "139****0000"
    assert rows[1][header.index("地址")] == "江滨小区****"
    assert rows[1][header.index("所属组织")] == "江滨供电所" and rows[1][header.index("组织中的角色")] == "联络员"


def test_export_query_count_does_not_grow_with_rows(world, login, django_assert_max_num_queries):
    for i in range(30):
        p = services.person_create(actor=None, community=world.communities["江滨社区"], name=f"批量{i}", mobile=f"1370000{i:04d}")
        services.affiliation_set(actor=None, person=p, organisation=world.orgs["江滨单位"], role=Affiliation.Role.MEMBER)
    client = login(world.users["district"])
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("registry:io_export", args=["people"]))
    assert len(read_sheet(resp.content)) == 1 + 6 + 30


def test_template_download_has_the_headers_and_dropdowns(world, login):
    client = login(world.users["community"])
    resp = client.get(reverse("registry:io_template", args=["organisations"]))
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in resp["Content-Disposition"]
    wb = load_workbook(io.BytesIO(resp.content))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]][:4] == ["ID", "名称*", "社区*", "类型*"]
    formulas = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("驻区单位" in f for f in formulas) and any("妇联" in f for f in formulas)
    assert "说明" in wb.sheetnames


# --- background jobs ----------------------------------------------------------------------------


def _many_people(n, start=0):
    return [[f"居民{i}", "江滨社区", "女" if i % 2 else "男", f"1380000{i:04d}", "居民", "否", None, None] for i in range(start, start + n)]


def test_a_sheet_above_the_threshold_runs_as_a_job_and_its_page_shows_the_result(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert settings.GONGJIAN_IMPORT_BACKGROUND_ROWS == 50
    client = login(world.users["community"])
    resp = post_sheet(client, "people", sheet_bytes(PEOPLE_HEADERS, _many_people(60)), name="居民名单.xlsx")
    job = ImportJob.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("registry:io_job", args=[job.pk])
    assert (job.status, job.total_rows, job.created, job.updated, job.errors) == (ImportJob.Status.DONE, 60, 60, 0, [])
    assert job.user == world.users["community"] and job.kind == "people" and job.file_name == "居民名单.xlsx"
    assert job.finished_at >= job.started_at
    assert not job.file and not any(tmp_path.rglob("*.xlsx"))  # the upload (personal data) is gone
    assert Person.objects.filter(name__startswith="居民").count() == 60
    page = client.get(resp["Location"]).content.decode()
    assert count(page, "result-created") == 60 and 'aria-valuenow="100"' in page
    assert 'hx-trigger="every 1s"' not in page  # finished: no more polling
    partial = client.get(resp["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith("<div id=\"job-status\"") and "<nav" not in partial
    # Only its owner sees it.
    other = login(world.users["street"])
    assert other.get(resp["Location"]).status_code == 404


def test_a_failing_job_reports_its_row_errors_and_writes_nothing(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(world.users["community"])
    rows = _many_people(55)
    rows[40][1] = "富兴社区"
    resp = post_sheet(client, "people", sheet_bytes(PEOPLE_HEADERS, rows))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and job.created == 0
    assert job.errors == [[42, "社区", "您不负责富兴社区：只能新增或修改您所管理社区中的记录。"]]
    assert not Person.objects.filter(name__startswith="居民").exists()
    page = client.get(resp["Location"]).content.decode()
    assert error_rows(page) == [("42", "社区", "您不负责富兴社区：只能新增或修改您所管理社区中的记录。")]


def test_job_progress_is_readable_from_the_cache_while_the_write_transaction_is_open(world, login, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    seen = []
    publish = xlsx.publish_progress

    def watching(job_id, phase, done, total):
        publish(job_id, phase, done, total)
        job = ImportJob.objects.get(pk=job_id)
        seen.append((phase, done, total, len(connection.savepoint_ids), cache.get(xlsx.progress_key(job_id)), xlsx.job_progress(job)["percent"]))

    monkeypatch.setattr(xlsx, "publish_progress", watching)
    outside = len(connection.savepoint_ids)
    client = login(world.users["community"])
    post_sheet(client, "people", sheet_bytes(PEOPLE_HEADERS, _many_people(120)))
    writing = [s for s in seen if s[0] == "writing"]
    assert writing, seen
    phase, done, total, depth, cached, percent = writing[0]
    assert depth > outside  # inside the import's transaction.atomic
    assert {k: cached[k] for k in ("phase", "done", "total")} == {"phase": "writing", "done": done, "total": total}
    assert 0 < done <= total == 120
    assert 50 < percent <= 100
    assert any(s[0] == "validating" and 0 < s[1] < 120 for s in seen)  # checking reported as it went
    assert seen[-1][0] == "finished"


def test_a_running_jobs_page_polls_and_shows_the_progress_from_the_cache(world, login):
    job = ImportJob.objects.create(user=world.users["community"], kind="people", status=ImportJob.Status.RUNNING, total_rows=60, started_at=timezone.now())
    xlsx.publish_progress(job.pk, "writing", 30, 60)
    client = login(world.users["community"])
    page = client.get(reverse("registry:io_job", args=[job.pk])).content.decode()
    assert f'hx-get="{reverse("registry:io_job", args=[job.pk])}" hx-trigger="every 1s"' in page
    assert 'aria-valuenow="75"' in page and "正在写入：30 / 60 行" in page
    assert 'data-testid="result-created"' not in page and "<noscript><meta http-equiv=\"refresh\"" in page
    # Silent for longer than the limit: its process died, the transaction rolled back.
    cache.set(xlsx.progress_key(job.pk), {**cache.get(xlsx.progress_key(job.pk)), "at": time.time() - xlsx.STALLED_AFTER_SECONDS - 1})
    page = client.get(reverse("registry:io_job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="job-stalled"' in page and "hx-trigger" not in page


# --- permissions --------------------------------------------------------------------------------

IO_URLS = [
    ("registry:io_home", []),
    ("registry:io_template", ["people"]),
    ("registry:io_import", ["people"]),
    ("registry:io_export", ["people"]),
]


@pytest.mark.parametrize(("name", "args"), IO_URLS)
def test_anonymous_users_are_sent_to_log_in(world, client, name, args):
    resp = client.get(reverse(name, args=args))
    assert resp.status_code == 302 and resp["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "args"), IO_URLS)
def test_residents_are_refused(world, login, name, args):
    assert login(world.users["resident"]).get(reverse(name, args=args)).status_code == 403


def test_a_liaison_may_export_but_not_import(world, login):
    client = login(world.users["liaison"])
    assert client.get(reverse("registry:io_export", args=["organisations"])).status_code == 200
    assert client.get(reverse("registry:io_template", args=["people"])).status_code == 403
    assert client.get(reverse("registry:io_import", args=["people"])).status_code == 403
    resp = post_sheet(client, "people", sheet_bytes(PEOPLE_HEADERS, GOOD_PEOPLE))
    assert resp.status_code == 403 and not Person.objects.filter(name="王小明").exists()


def test_every_io_url_declares_its_permission():
    from gongjian.registry import io_urls

    declared = {p.name: getattr(p.callback, "gongjian_permission", None) for p in io_urls.urlpatterns}
    assert declared == {
        "io_home": "registry.import_data", "io_template": "registry.import_data", "io_import": "registry.import_data",
        "io_job": "registry.import_data", "io_export": "registry.export_data",
    }


def test_unknown_kinds_are_not_found(world, login):
    client = login(world.users["district"])
    assert client.get(reverse("registry:io_export", args=["passwords"])).status_code == 404
    assert client.get(reverse("registry:io_import", args=["passwords"])).status_code == 404
    assert set(registry_io.SPECS) == {"communities", "organisations", "people"}
