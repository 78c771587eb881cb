"""A new user logs in as each demo role and browses what that role covers."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import login, open_menu

pytestmark = pytest.mark.browser


def test_district_office_drills_down_to_jiangbin(page, viewport):
    login(page, "district")
    expect(page.get_by_test_id("stat-communities")).to_have_text("25")
    expect(page.get_by_test_id("stat-units")).to_have_text("271")
    open_menu(page, viewport)
    page.get_by_test_id("nav-group-registry").locator(".dropdown-toggle").click()
    page.get_by_role("link", name="区域").click()
    expect(page.get_by_test_id("street")).to_have_count(3)
    page.get_by_role("link", name="列东街道").click()
    page.get_by_role("link", name="江滨社区").click()
    expect(page).to_have_url(re.compile(r"/places/community/jiangbin/$"))
    expect(page.locator("h1")).to_have_text("江滨社区")
    # No horizontal scrolling at phone width.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_street_sees_only_its_communities(page):
    login(page, "lidong")
    page.goto("/places/")
    expect(page.get_by_test_id("street")).to_have_count(1)
    expect(page.get_by_role("heading", name="列东街道")).to_be_visible()
    assert page.get_by_text("列西街道").count() == 0


def test_community_searches_people_with_full_mobiles(page):
    login(page, "jiangbin")
    page.goto("/people/")
    page.fill("input[name=q]", "张")
    page.wait_for_load_state("networkidle")
    rows = page.get_by_test_id("person-table").locator("tbody tr")
    expect(rows.first).to_be_visible()
    text = rows.first.inner_text()
    assert re.search(r"1[3-9]\d{9}", text), text


def test_unit_liaison_sees_masked_mobiles_and_its_own_unit(page):
    login(page, "unit")
    page.goto("/people/")
    text = page.get_by_test_id("person-table").inner_text()
    assert "****" in text and not re.search(r"1[3-9]\d{9}", text)
    page.goto("/organisations/")
    expect(page.get_by_test_id("organisation-table").locator("tbody tr")).to_have_count(1)


@pytest.mark.parametrize("username", ["member", "resident"])
def test_member_and_resident_see_their_account_not_the_registry(page, viewport, username):
    login(page, username)
    page.goto("/accounts/me/")
    expect(page.get_by_test_id("my-roles")).to_contain_text("江滨社区" if username == "resident" else "")
    resp = page.goto("/people/")
    assert resp.status == 403


def test_language_switch_to_english_and_back(page, viewport):
    login(page, "district")
    open_menu(page, viewport)
    page.get_by_test_id("lang-en").click()
    expect(page.locator("h1")).to_have_text("Overview")
    open_menu(page, viewport)
    page.get_by_test_id("lang-zh-hans").click()
    expect(page.locator("h1")).to_have_text("概览")
