"""Issue 9 as new users meet it on the demo district: the community (`jiangbin`) opens a 2011
campaign and imports a paper batch of suggestions from the Excel template (a bad sheet first:
nothing written, errors by row and column); its joint meeting adopts one as a new task without
choosing a lead; publishing the 2011 plan is refused, naming the task, until `jiangbin` assigns
it. The liaison (`unit`) creates an API token on its account page and, with the token only,
posts December's report with a photo; the public board shows it. Then the new pages at phone
width."""

import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _sheet(header, rows) -> bytes:
    wb = Workbook()
    wb.active.append(header)
    for r in rows:
        wb.active.append([r.get((h or "").rstrip("*"), None) for h in header])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("viewport", ["desktop"])
def test_paper_batch_adopt_without_lead_assign_publish_and_report_by_token(page, viewport, server):
    # 1. A 2011 campaign; a paper batch from the template (a bad sheet first).
    login(page, "jiangbin")
    page.goto("/suggestions/campaigns/new/")
    page.select_option("#id_community", label="江滨社区")
    page.fill("#id_year", "2011")
    page.fill("#id_opens_on", "2011-01-01")
    page.fill("#id_closes_on", "2011-02-28")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("campaign-title")).to_be_visible()
    campaign_url = page.url
    page.get_by_test_id("suggestion-import").click()
    template = page.request.get(page.get_by_role("link", name="下载模板").get_attribute("href"))
    assert template.ok
    header = [c.value for c in next(load_workbook(io.BytesIO(template.body())).worksheets[0].iter_rows(max_row=1))]
    bad = _sheet(header, [{"意见建议": "建议增设电动车充电桩", "来源类别": "社区群众", "征求渠道": "入户走访"}, {"意见建议": "", "来源类别": "外星人", "征求渠道": "入户走访"}])
    page.set_input_files("#id_file", files=[{"name": "纸质意见.xlsx", "mimeType": XLSX, "buffer": bad}])
    page.get_by_test_id("upload").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("来源类别")
    expect(errors).to_contain_text("外星人")
    page.screenshot(path="/tmp/i9-import-errors-1280.png", full_page=True)
    good = _sheet(header, [
        {"意见建议": "建议在江滨小区增设电动车集中充电桩", "来源类别": "社区群众", "征求渠道": "入户走访", "提出人": "王秀英", "联系方式": "13905981234"},
        {"意见建议": "建议修缮三号楼漏水屋顶", "来源类别": "驻区单位", "征求渠道": "党员大会"},
    ])
    page.set_input_files("#id_file", files=[{"name": "纸质意见.xlsx", "mimeType": XLSX, "buffer": good}])
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("suggestion-row")).to_have_count(2)
    assert page.url == campaign_url
    row = page.get_by_test_id("suggestion-row").filter(has_text="充电桩")
    suggestion_id = row.locator("a").first.inner_text().strip()

    # 2. The joint meeting adopts it as a new task, without choosing a lead.
    page.goto("/meetings/new/")
    page.select_option("#id_community", label="江滨社区")
    page.fill("#id_date", "2011-03-10")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("meeting-title")).to_be_visible()
    page.select_option("#id_suggestion", value=suggestion_id)
    page.get_by_test_id("agenda-add").click()
    page.get_by_test_id("decide").click()
    page.check("#id_outcome_0")
    page.fill("#id_reason", "群众需求迫切，列入2011年任务，责任单位另行确定")
    page.fill("#id_new_title", "增设电动车充电桩")
    page.select_option("#id_new_category", index=1)
    page.fill("#id_new_target", "建成集中充电点2处")
    page.fill("#id_new_deadline", "2011-11-30")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("decision")).to_contain_text("责任单位另行确定")
    page.get_by_test_id("decision-task").click()
    expect(page.locator("main")).to_contain_text("未指定")

    # 3. Publishing the 2011 plan is refused, naming the task, until it is assigned.
    task_url = page.url
    page.locator(".breadcrumb a").nth(1).click()
    page.get_by_test_id("plan-publish").click()
    page.get_by_test_id("confirm-publish").click()
    expect(page.get_by_role("alert").filter(has_text="增设电动车充电桩")).to_be_visible()
    page.screenshot(path="/tmp/i9-publish-refused-1280.png", full_page=True)
    page.goto(task_url.rstrip("/") + "/edit/")
    page.select_option("#id_lead_organisation", index=1)
    page.fill("#id_leader_name", "王建国")
    page.get_by_test_id("save").click()
    expect(page.locator("main")).not_to_contain_text("未指定")
    page.locator(".breadcrumb a").nth(1).click()
    page.get_by_test_id("plan-publish").click()
    page.get_by_test_id("confirm-publish").click()
    expect(page.get_by_role("alert").filter(has_text="公开")).to_be_visible()
    page.context.clear_cookies()

    # 4. The liaison creates a token on its account page …
    login(page, "unit")
    page.goto("/accounts/me/")
    page.get_by_test_id("tokens-link").click()
    page.fill("#token-name", "月报脚本")
    page.get_by_test_id("create-token").click()
    token = page.get_by_test_id("token-value").inner_text().strip()
    assert token.startswith("gj_")
    page.screenshot(path="/tmp/i9-tokens-1280.png", full_page=True)
    page.context.clear_cookies()

    # … and, with the token alone, posts December's report with a photo.
    auth = {"Authorization": f"Token {token}"}
    assert page.request.get("/api/v1/tasks/", headers={}).status == 403
    tasks = page.request.get("/api/v1/tasks/?plan__year=2010", headers=auth).json()["results"]
    assert tasks
    text = "12月完成年终验收，整理台账资料（经API报送）"
    for task in tasks:
        response = page.request.post("/api/v1/reports/", headers=auth, multipart={
            "task": str(task["id"]), "month": "2010-12-01", "percent": "100", "done_text": text, "status": "on_track",
            "evidence": {"name": "验收.png", "mimeType": "image/png", "buffer": _png()},
        })
        if response.status == 201:
            break
        assert response.status == 403, response.text()  # a task it only co-organises
    else:
        pytest.fail("the liaison leads no 2010 task")
    report = response.json()
    assert report["percent"] == 100 and len(report["evidence"]) == 1

    # 5. The public board shows the report and its photo.
    page.goto("/c/jiangbin/?year=2010")
    card = page.get_by_test_id("board-task").filter(has_text=text)
    expect(card).to_be_visible()
    expect(card.get_by_test_id("board-photo")).to_be_visible()
    assert re.search(r"/c/jiangbin/photos?/\d+", card.get_by_test_id("board-photo").get_attribute("src"))


@pytest.mark.parametrize("viewport", ["phone"])
def test_new_pages_fit_a_phone(page, viewport, server):
    login(page, "jiangbin")
    page.goto("/suggestions/")
    page.locator("a[href^='/suggestions/campaigns/']:not([href$='/new/'])").first.click()
    expect(page.get_by_test_id("campaign-title")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path="/tmp/i9-campaign-375.png", full_page=True)
    page.get_by_test_id("campaign-close").click()
    expect(page.get_by_test_id("confirm")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path="/tmp/i9-confirm-375.png", full_page=True)
    page.get_by_role("link", name="取消").click()
    page.get_by_test_id("suggestion-import").click()
    _no_sideways_scroll(page)
    page.goto("/accounts/me/tokens/")
    _no_sideways_scroll(page)
    page.screenshot(path="/tmp/i9-tokens-375.png", full_page=True)
    page.goto("/targets/ledger/?year=2010")
    page.locator("a[href^='/targets/ledger/']:not([href$='/new/'])").filter(has_text=re.compile(".")).nth(1).click()
    expect(page.get_by_test_id("item-edit")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path="/tmp/i9-item-375.png", full_page=True)
