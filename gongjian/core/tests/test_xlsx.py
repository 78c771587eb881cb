"""The Excel engine: template, reading, parsing, formula-safe export, background jobs."""

import io
import threading
import zipfile
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from gongjian.core import jobs, xlsx
from gongjian.core.xlsx import Boolean, Choice, Column, Integer, SheetSpec, Text


def workbook_bytes(headers, rows, *, title="Sheet") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class PlainSpec(SheetSpec):
    """A spec over plain objects: enough for the engine's own behaviour."""

    kind = "plain"
    name = "Plain"
    columns = [
        Column("id", "ID", parse=Integer(min_value=1)),
        Column("name", "Name", required=True),
        Column("size", "Size", parse=Integer(min_value=0, max_value=10)),
        Column("colour", "Colour", parse=Choice([("r", "Red"), ("g", "Green")])),
        Column("ok", "OK", parse=Boolean()),
    ]

    def build(self, ctx, row):
        if row.values["name"] == "boom":
            raise ValidationError({"name": "no boom"})
        row.action = "create"


# --- template -------------------------------------------------------------------------------


def test_template_has_chinese_headers_an_example_row_dropdowns_and_a_help_sheet():
    from gongjian.registry.io import SPECS

    wb = load_workbook(io.BytesIO(xlsx.template_workbook(SPECS["people"])))
    assert wb.sheetnames[:2] == ["人员", "说明"]
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers[:6] == ["ID", "姓名*", "社区*", "性别", "出生年份", "手机号"]
    assert "人员类别" in headers and "是否党员" in headers and "所属组织" in headers
    example = {h: c.value for h, c in zip(headers, ws[2], strict=True)}
    assert example["ID"] == "示例" and example["性别"] == "男" and example["是否党员"] == "是"
    dropdowns = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    col = {h: chr(ord("A") + i) for i, h in enumerate(headers)}
    assert dropdowns[f"{col['性别']}2:{col['性别']}5001"] == '"男,女"'
    assert dropdowns[f"{col['是否党员']}2:{col['是否党员']}5001"] == '"是,否"'
    assert "无职党员" in dropdowns[f"{col['人员类别']}2:{col['人员类别']}5001"]
    assert ws.column_dimensions[col["手机号"]].number_format == "@"
    help_text = [c.value for row in wb["说明"].iter_rows() for c in row if c.value]
    assert "手机号" in help_text and any("要么全部导入" in str(t) for t in help_text)


def test_a_template_filled_in_as_is_imports_nothing_from_its_example_row():
    from gongjian.registry.io import SPECS

    sheet = xlsx.read_rows(io.BytesIO(xlsx.template_workbook(SPECS["people"])))
    rows, errors = xlsx.validate(SPECS["people"], sheet, user=None)
    assert rows == []
    assert [e.message for e in errors] == ["表格中没有可导入的行。"]


# --- export ---------------------------------------------------------------------------------

RISKY = ["=1+1", "+8613800000000", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", "#N/A", "=HYPERLINK(\"http://x\")", "普通 text"]


def test_export_stores_every_risky_string_as_text_and_it_reads_back_equal():
    objs = [SimpleNamespace(id=i, name=value, size=i, colour="g", ok=i % 2 == 0) for i, value in enumerate(RISKY, start=1)]
    data = xlsx.export_workbook(PlainSpec(), objs)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula anywhere
    read_back = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    rows = list(read_back.iter_rows(values_only=True))
    assert rows[0] == ("ID", "Name", "Size", "Colour", "OK")
    assert [r[1] for r in rows[1:]] == RISKY
    assert rows[1][3:] == ("Green", "否") and rows[2][4] == "是"
    full = load_workbook(io.BytesIO(data)).worksheets[0]
    assert {full.cell(row=r, column=2).data_type for r in range(2, len(RISKY) + 2)} == {"s"}
    assert full["B2"].quotePrefix is True and full["B10"].quotePrefix is False


def test_export_drops_characters_excel_cannot_hold_instead_of_failing():
    data = xlsx.export_workbook(PlainSpec(), [SimpleNamespace(id=1, name="a\x00b\x1fc", size=None, colour="", ok=None)])
    ws = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    assert list(ws.iter_rows(values_only=True))[1][:2] == (1, "abc")


# --- reading --------------------------------------------------------------------------------


def test_read_rows_numbers_rows_as_excel_shows_them_and_skips_empty_ones():
    wb = Workbook()
    ws = wb.active
    ws["A2"], ws["B2"] = "Name", "Size"  # header on row 2, as when a title row was deleted
    ws["A3"] = "a"
    ws["A6"], ws["B6"] = "b", 4
    buf = io.BytesIO()
    wb.save(buf)
    sheet = xlsx.read_rows(buf)
    assert sheet.header_row == 2
    assert [(n, v[:2]) for n, v in sheet.rows] == [(3, ("a", None)), (6, ("b", 4))]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("people.xlsx", b"this is not a spreadsheet", "无法将此文件读取为 Excel 工作簿"),
        ("people.xlsx", b"PK\x03\x04broken zip", "无法将此文件读取为 Excel 工作簿"),
        ("people.xls", b"\xd0\xcf\x11\xe0old", "旧版 .xls 文件"),
        ("people.csv", b"a,b\n1,2\n", "CSV 文件"),
        ("people.xlsx", b"", "文件是空的"),
    ],
)
def test_a_file_that_is_not_a_readable_xlsx_gives_a_clear_chinese_error(name, content, expected):
    upload = io.BytesIO(content)
    upload.name = name
    with pytest.raises(xlsx.ImportFileError) as exc:
        xlsx.read_rows(upload)
    assert expected in exc.value.message


def test_a_file_above_the_size_limit_is_refused_before_it_is_opened(settings):
    settings.GONGJIAN_IMPORT_MAX_BYTES = 1024 * 1024
    upload = io.BytesIO(b"x" * (1024 * 1024 + 1))
    with pytest.raises(xlsx.ImportFileError) as exc:
        xlsx.read_rows(upload)
    assert exc.value.message == "文件超过 1 MB，请拆分成几个文件。"


# --- parsing and validation -----------------------------------------------------------------


def test_parsers_accept_chinese_labels_english_labels_and_values():
    from gongjian.registry.models import Person

    gender = Choice(Person.Gender.choices)
    assert gender("女") == gender("Female") == gender(" F ") == Person.Gender.FEMALE
    assert [Boolean()(v) for v in ("是", "否", "Yes", 1, 0.0, "true", True)] == [True, False, True, True, False, True, True]
    assert Integer()(1965.0) == 1965 and Integer()("1,200") == 1200
    assert Text(compact=True)(13800000000) == "13800000000"
    assert Text(compact=True)("138 0000-0000") == "13800000000"
    with pytest.raises(ValidationError) as exc:
        gender("未知")
    assert exc.value.messages == ["“未知”不是可选值，可选：男、女。"]
    with pytest.raises(ValidationError) as exc:
        Integer(max_value=10)("11")
    assert exc.value.messages == ["请输入不大于 10 的数。"]


def test_validate_reports_every_error_by_row_and_column_and_checks_headers():
    sheet = xlsx.read_rows(io.BytesIO(workbook_bytes(
        ["Name", "Size", "Colour", "OK"],
        [["a", 1, "Red", "是"], [None, "x", "Blue", "也许"], ["boom", 2, "Green", "否"], ["b", 11, "绿", 1]],
    )))
    rows, errors = xlsx.validate(PlainSpec(), sheet, user=None)
    assert [r.number for r in rows] == [2]
    assert rows[0].values == {"name": "a", "size": 1, "colour": "r", "ok": True}
    assert [(e.row, e.column) for e in errors] == [(3, "Name"), (3, "Size"), (3, "Colour"), (3, "OK"), (4, "Name"), (5, "Size"), (5, "Colour")]
    assert errors[0].message == "此项必须填写。"
    assert errors[1].message == "请输入整数。"
    assert errors[4].message == "no boom"

    sheet = xlsx.read_rows(io.BytesIO(workbook_bytes(["Size", "Colour", "Comment", "Size"], [[1, "Red", "x", 2]])))
    rows, errors = xlsx.validate(PlainSpec(), sheet, user=None)
    assert rows == []
    assert errors == [  # in the order of the sheet, then what is missing, then the column list
        (1, "Comment", "无法识别的列：请改成本表可用的列名之一，或删除此列。"),
        (1, "Size", "此列出现了两次。"),
        (1, "Name", "缺少这一必填列。"),
        (1, "", "本表可用的列：ID、Name、Size、Colour、OK。"),
    ]


# --- background jobs ------------------------------------------------------------------------

_RAN = {}


def record_run(key, value):
    _RAN[key] = (value, threading.current_thread().name)
    event = _RAN.get(f"{key}:event")
    if event:
        event.set()


def test_enqueue_runs_at_once_when_jobs_are_synchronous(settings):
    settings.GONGJIAN_JOBS_SYNC = True
    jobs.enqueue("gongjian.core.tests.test_xlsx.record_run", "sync", 1)
    assert _RAN["sync"] == (1, threading.current_thread().name)


def test_enqueue_starts_a_daemon_thread_after_commit_in_the_embedded_profile(db, settings, django_capture_on_commit_callbacks):
    settings.GONGJIAN_JOBS_SYNC = False
    settings.CELERY_TASK_ALWAYS_EAGER = True
    event = _RAN["thread:event"] = threading.Event()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        jobs.enqueue("gongjian.core.tests.test_xlsx.record_run", "thread", 2)
    assert "thread" not in _RAN and len(callbacks) == 1  # nothing before the commit
    callbacks[0]()
    assert event.wait(5)
    value, thread_name = _RAN["thread"]
    assert value == 2 and thread_name.startswith("gongjian-job:") and thread_name != threading.current_thread().name


def test_the_celery_task_runs_the_named_function():
    from gongjian.core.tasks import run_job

    run_job.apply(args=("gongjian.core.tests.test_xlsx.record_run", "celery", 3)).get()
    assert _RAN["celery"][0] == 3
