"""Personal data as new users meet it (issue 7): a resident on a phone writes their room and
phone number into a suggestion; neither shows on the public page nor in the similar list
another resident sees while typing. The unit's liaison (`unit`) sees neither the submitter's
contact nor a full mobile in any history it can open."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser

MOBILE = re.compile(r"1[3-9]\d{9}")
TEXT = "我是江滨花园3栋502室的张桂兰，电话139 0598-0000，小区东门路灯坏了一个月，晚上老人出门很危险"


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_residents_phone_stays_private_and_the_liaison_sees_no_contact(page, viewport, server, browser):
    page.goto("/c/jiangbin/suggest/")
    page.get_by_test_id("suggest-body").fill(TEXT)
    page.fill("#id_name", "张桂兰")
    page.fill("#id_contact", "13905980000")
    page.wait_for_timeout(3200)  # a person takes a moment; the form refuses robot-fast sends
    page.get_by_test_id("suggest-send").click()
    expect(page.get_by_test_id("no-decision")).to_be_visible()
    body = page.get_by_test_id("suggestion-body").inner_text()
    assert "路灯坏了" in body
    html = page.content()
    for leak in ("13905980000", "139 0598-0000", "502", "张桂兰"):
        assert leak not in html, leak
    pk = re.search(r"#(\d+)", page.get_by_test_id("suggestion-title").inner_text()).group(1)
    _no_sideways_scroll(page)

    # Another resident types the same thing: the similar list shows it, masked.
    page.context.clear_cookies()
    page.goto("/c/jiangbin/suggest/")
    page.get_by_test_id("suggest-body").press_sequentially("小区东门路灯坏了一个月，晚上出门很危险", delay=30)
    item = page.get_by_test_id("similar-item").filter(has_text=f"#{pk}")
    expect(item).to_be_visible()
    text = item.inner_text()
    assert "路灯" in text and "0598" not in text and "502" not in text and "张桂兰" not in text

    # The unit's liaison: the suggestion and its history, and the people it can see.
    login(page, "unit")
    page.goto(f"/suggestions/{pk}/")
    expect(page.get_by_test_id("suggestion-body")).to_contain_text("路灯坏了")
    assert page.get_by_test_id("contact").count() == 0 and page.get_by_test_id("submitter").count() == 0
    assert "13905980000" not in page.content() and "张桂兰" not in page.content()
    page.get_by_role("link", name="变更历史").click()
    expect(page.get_by_test_id("change").first).to_be_visible()
    assert not MOBILE.search(page.content()) and "张桂兰" not in page.content()
    _no_sideways_scroll(page)
    page.goto("/people/")
    page.locator("table a[href^='/people/']").first.click()
    page.get_by_role("link", name="变更历史").click()
    expect(page.get_by_test_id("change").first).to_be_visible()
    assert not MOBILE.search(page.content())
    _no_sideways_scroll(page)
