"""Organisational target management as new users meet it: the community plans the year, the
unit's liaison reports monthly with a photo, the board and its print layout show it, a
resident leaves feedback, the community answers it, and the answer shows on the board.

Runs at desktop and at phone width against the demo district; each run adds its own task."""

import datetime
import io
import re

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser

UNIT = "国网三明供电公司列东供电所"  # the demo liaison `unit` reports for this unit


def _photo() -> bytes:
    """A small JPEG that carries a GPS position in its EXIF, as a phone camera writes it."""
    from PIL import Image

    img = Image.new("RGB", (320, 240), (40, 120, 200))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (26.0, 16.0, 5.5), 3: "E", 4: (117.0, 38.0, 11.2)}
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _logout(page):
    page.context.clear_cookies()


def _task_card(page, title):
    return page.get_by_test_id("board-task").filter(has=page.get_by_test_id("board-task-title").filter(has_text=title))


def test_plan_report_board_feedback_answer(page, viewport, server):
    year = datetime.date.today().year
    title = f"楼道声控灯改造（{'电脑' if viewport == 'desktop' else '手机'}）"
    body = f"三号楼的灯已经亮了，谢谢！（{viewport}）"
    answer = f"感谢监督，其余楼栋月底前完成。（{viewport}）"

    # 1. The community Party organisation plans the year and adds a task.
    login(page, "jiangbin")
    page.goto(f"/targets/?year={year}")
    if page.get_by_test_id("plan-create").count():
        page.get_by_test_id("plan-create").click()
        page.get_by_test_id("save").click()
    else:
        page.get_by_test_id("plan-open").click()
    expect(page.get_by_test_id("task-create")).to_be_visible()
    plan_url = page.url
    page.get_by_test_id("task-create").click()
    page.select_option("#id_category", index=1)
    page.fill("#id_title", title)
    page.fill("#id_target_what", "更换楼道声控灯")
    page.fill("#id_target_quantity", "24")
    page.fill("#id_target_unit", "盏")
    page.select_option("#id_lead_organisation", label=UNIT)
    page.fill("#id_leader_name", "陈志强")
    page.fill("#id_leader_title", "所长")
    page.fill("#id_budget", "6000")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("task-title")).to_contain_text(title)
    page.goto(plan_url)
    if page.get_by_test_id("plan-publish").count():
        page.get_by_test_id("plan-publish").click()
        page.get_by_test_id("confirm-publish").click()
    expect(page.get_by_test_id("task-table")).to_contain_text(title)
    _no_sideways_scroll(page)
    _logout(page)

    # 2. The unit's liaison reports the month's progress with a photo from the site.
    login(page, "unit")
    page.goto(f"/targets/?year={year}")
    row = page.get_by_test_id("own-tasks").get_by_test_id("task-row").filter(has_text=title)
    expect(row).to_have_count(1)
    row.get_by_test_id("report-link").click()
    page.fill("#id_percent", "30")
    page.select_option("#id_status", "on_track")
    page.fill("#id_done_text", "已更换三号楼、五号楼声控灯8盏")
    page.fill("#id_next_step", "更换其余楼栋")
    page.set_input_files("#id_files", files=[{"name": "现场照片.jpg", "mimeType": "image/jpeg", "buffer": _photo()}])
    page.fill("#id_caption", "三号楼楼道")
    page.get_by_test_id("save").click()
    photo = page.get_by_test_id("evidence-photo").first
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.decode().then(() => img.naturalWidth)") == 320
    expect(page.get_by_test_id("reports")).to_contain_text("已更换三号楼、五号楼声控灯8盏")
    _logout(page)

    # 3. The public board shows it to anyone, without personal data.
    page.goto(f"/c/jiangbin/?year={year}")
    card = _task_card(page, title)
    expect(card).to_have_count(1)
    expect(card.get_by_test_id("board-lead")).to_have_text(UNIT)
    expect(card).to_contain_text("陈志强")
    expect(card.get_by_test_id("progress").first).to_have_attribute("data-percent", "30")
    expect(card.get_by_test_id("board-latest-report")).to_contain_text("已更换三号楼、五号楼声控灯8盏")
    board_photo = card.get_by_test_id("board-photo").first
    expect(board_photo).to_be_visible()
    assert board_photo.evaluate("img => img.decode().then(() => img.naturalWidth)") == 320
    expect(page.get_by_test_id("board-updated")).to_have_text(re.compile(r"\d{4}-\d{2}-\d{2}"))
    assert not re.search(r"1[3-9]\d{9}", page.inner_text("main"))
    _no_sideways_scroll(page)

    # 4. The print layout for the wall, with QR codes to the board and the suggestion form.
    page.goto(f"/c/jiangbin/print/?size=A3&year={year}")
    expect(page.get_by_test_id("print-sheet")).to_have_attribute("data-size", "A3")
    expect(page.get_by_test_id("print-table")).to_contain_text(title)
    base = server["url"]
    expect(page.get_by_test_id("qr-board").locator("svg")).to_have_attribute("data-qr", f"{base}/c/jiangbin/")
    expect(page.get_by_test_id("qr-suggest").locator("svg")).to_have_attribute("data-qr", f"{base}/c/jiangbin/suggest/")
    assert page.get_by_test_id("qr-board").locator("svg").bounding_box()["width"] > 50
    if viewport == "desktop":
        pdf = page.pdf(prefer_css_page_size=True)
        assert pdf.startswith(b"%PDF")
    page.goto(f"/c/jiangbin/print/?size=A4&year={year}")
    expect(page.get_by_test_id("print-sheet")).to_have_attribute("data-size", "A4")

    # 5. A resident, not logged in, leaves feedback; it waits for moderation.
    page.goto(f"/c/jiangbin/?year={year}")
    _task_card(page, title).get_by_test_id("feedback-link").click()
    page.fill("#id_body", body)
    page.get_by_test_id("send").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(_task_card(page, title)).not_to_contain_text(body)

    # 6. The community moderates it and answers publicly.
    login(page, "jiangbin")
    page.goto("/targets/feedback/")
    row = page.get_by_test_id("feedback-row").filter(has_text=body[:10])
    expect(row).to_have_count(1)
    row.get_by_test_id("moderate-link").click()
    expect(page.get_by_test_id("feedback-body")).to_contain_text(body)
    page.check("input[name=status][value=published]")
    page.fill("#id_answer", answer)
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("feedback-table")).not_to_contain_text(body[:10])
    _logout(page)

    # 7. The answer shows on the board.
    page.goto(f"/c/jiangbin/?year={year}")
    card = _task_card(page, title)
    expect(card.get_by_test_id("board-feedback")).to_contain_text(body)
    expect(card.get_by_test_id("board-answer")).to_contain_text(answer)
    _no_sideways_scroll(page)


def test_demo_board_of_2010(page, viewport):
    """The demo year on the board of 江滨: its tasks by category, progress and photos."""
    page.goto("/c/jiangbin/?year=2010")
    expect(page.get_by_test_id("board-title")).to_contain_text("江滨社区")
    tasks = page.get_by_test_id("board-task")
    assert tasks.count() >= 10
    expect(page.get_by_test_id("board-tasks")).to_have_text(str(tasks.count()))
    expect(page.get_by_text("“绿色网吧”上网技术培训").first).to_be_visible()
    assert page.get_by_test_id("board-answer").count() >= 1
    _no_sideways_scroll(page)
