"""The annual conference as the community meets it: `jiangbin` records its 2010 conference
(date, place, the units and people attending, a photo), builds the conference pack, watches
the progress bar, downloads the zip and opens the minutes in it.

Desktop only: a community has one conference a year, and the demo leaves 江滨's to record."""

import io
import zipfile

import pytest
from docx import Document
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser


def _photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_record_conference_build_pack_download_minutes(desktop_page):
    page = desktop_page
    login(page, "jiangbin")
    page.goto("/")
    page.get_by_test_id("nav-group-commit").locator(".dropdown-toggle").click()
    page.get_by_test_id("nav-conferences").click()
    page.get_by_test_id("conference-create").click()

    page.fill("#id_year", "2010")
    page.fill("#id_date", "2010-02-06")
    page.fill("#id_place", "江滨社区居委会会议室")
    page.fill("#id_chair", "江滨社区党支部书记")
    orgs = page.locator("#id_organisations option")
    page.select_option("#id_organisations", [orgs.nth(i).get_attribute("value") for i in range(3)])
    people = page.locator("#id_people option")
    page.select_option("#id_people", [people.nth(i).get_attribute("value") for i in range(2)])
    page.fill("#id_headcount", "60")
    page.get_by_test_id("save").click()

    expect(page.get_by_test_id("conference-title")).to_contain_text("江滨社区2010年度工作任务分解与个人“设岗定责”大会")
    expect(page.get_by_test_id("conference-date")).to_have_text("2010-02-06")
    page.set_input_files("#id_photo", files=[{"name": "大会合影.jpg", "mimeType": "image/jpeg", "buffer": _photo()}])
    page.fill("#id_caption", "签订责任状")
    page.get_by_test_id("photo-upload").click()
    expect(page.get_by_test_id("conference-photos").locator("img")).to_have_count(1)

    page.get_by_test_id("pack-build").click()
    expect(page.get_by_test_id("job-progress")).to_be_visible()
    expect(page.get_by_test_id("job-status")).to_have_attribute("data-status", "done", timeout=120_000)
    expect(page.get_by_test_id("job-progress")).to_have_attribute("aria-valuenow", "100")
    page.screenshot(path="/tmp/i14-e2e-pack.png", full_page=True)

    with page.expect_download() as info:
        page.get_by_test_id("pack-download").click()
    download = info.value
    assert download.suggested_filename == "江滨社区-2010-大会资料包.zip"
    with zipfile.ZipFile(download.path()) as zf:
        names = zf.namelist()
        minutes = [n for n in names if "/04-会议纪要/" in n and n.endswith(".docx")]
        assert minutes and any(n.endswith("/01-议程.pdf") for n in names) and any(n.endswith("/02-任务分解表.xlsx") for n in names)
        doc = Document(io.BytesIO(zf.read(minutes[0])))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == "江滨社区党建联席会" and "（一）" in text and "三、议定事项" in text
