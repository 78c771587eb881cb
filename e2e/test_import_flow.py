"""A community worker downloads the people template, fills it in Excel, uploads it with one
bad row (clear Chinese error, nothing written), fixes it, imports, and exports."""

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser


def _fill(template_path, out_path, rows):
    wb = openpyxl.load_workbook(template_path)
    ws = wb.worksheets[0]
    headers = [str(c.value or "").strip(" *") for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    ws.delete_rows(2, ws.max_row)  # the example row
    for r, row in enumerate(rows, start=2):
        for header, value in row.items():
            ws.cell(row=r, column=col[header], value=value)
    wb.save(out_path)
    return headers


def _upload(page, path):
    page.goto("/io/people/import/")
    page.get_by_test_id("upload-form").locator("input[type=file]").set_input_files(str(path))
    page.get_by_test_id("upload-submit").click()
    page.wait_for_load_state("networkidle")


def test_people_sheet_bad_row_then_fixed_then_export(page, viewport, tmp_path):
    login(page, "jiangbin")
    page.goto("/io/")
    with page.expect_download() as dl:
        page.get_by_test_id("template-people").click()
    template = tmp_path / "template.xlsx"
    dl.value.save_as(template)

    tag = "甲" if viewport == "desktop" else "乙"
    rows = [
        {"姓名": f"导入{tag}一", "社区": "江滨社区", "手机号": f"1357700{1 if tag == '甲' else 2}001", "人员类别": "热心居民"},
        {"姓名": f"导入{tag}二", "社区": "江滨社区", "手机号": "12345", "人员类别": "热心居民"},
        {"姓名": f"导入{tag}三", "社区": "jiangbin", "手机号": f"1357700{1 if tag == '甲' else 2}003", "人员类别": "居民"},
    ]
    headers = _fill(template, tmp_path / "bad.xlsx", rows)
    assert "姓名" in headers and "手机号" in headers

    _upload(page, tmp_path / "bad.xlsx")
    expect(page.get_by_test_id("import-failed")).to_be_visible()
    error = page.get_by_test_id("error-row")
    expect(error).to_have_count(1)
    expect(error.first).to_contain_text("3")  # Excel row 3: the second data row
    expect(error.first).to_contain_text("手机号")
    expect(error.first).to_contain_text("11 位")
    page.goto(f"/people/?q=导入{tag}")
    expect(page.get_by_test_id("person-table")).not_to_contain_text(f"导入{tag}一")

    rows[1]["手机号"] = f"1357700{1 if tag == '甲' else 2}002"
    _fill(template, tmp_path / "good.xlsx", rows)
    _upload(page, tmp_path / "good.xlsx")
    expect(page.get_by_test_id("import-success")).to_be_visible()
    expect(page.get_by_test_id("result-created")).to_contain_text("3")
    page.goto(f"/people/?q=导入{tag}")
    expect(page.get_by_test_id("person-table").locator("tbody tr")).to_have_count(3)

    page.goto(f"/people/?q=导入{tag}")
    with page.expect_download() as dl:
        page.get_by_role("link", name="导出 Excel").click()
    exported = tmp_path / "export.xlsx"
    dl.value.save_as(exported)
    ws = openpyxl.load_workbook(exported).worksheets[0]
    names = {row[1] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert {f"导入{tag}一", f"导入{tag}二", f"导入{tag}三"} <= names
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_large_sheet_runs_in_background_with_progress(desktop_page, tmp_path):
    page = desktop_page
    login(page, "jiangbin")
    page.goto("/io/")
    with page.expect_download() as dl:
        page.get_by_test_id("template-people").click()
    template = tmp_path / "template.xlsx"
    dl.value.save_as(template)
    rows = [{"姓名": f"批量{i}", "社区": "江滨社区", "手机号": f"1366600{i:04d}", "人员类别": "居民"} for i in range(600)]
    _fill(template, tmp_path / "big.xlsx", rows)
    _upload(page, tmp_path / "big.xlsx")
    expect(page).to_have_url(re.compile(r"/io/jobs/\d+/$"))
    expect(page.get_by_test_id("job-progress")).to_be_visible()
    expect(page.get_by_test_id("import-success")).to_be_visible(timeout=60000)
    expect(page.get_by_test_id("result-created")).to_contain_text("600")
