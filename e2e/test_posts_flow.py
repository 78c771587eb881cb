"""Individual post-setting as new users meet it on a phone (375 px): the member claims a post
and logs two services; the community approves the claim, confirms one entry and returns the
other with a reason; the public roster and its A4 print show the holder with the mobile
masked; the liaison of a resident unit reads its member's log."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import _page, login

pytestmark = pytest.mark.browser

YEAR = 2010  # the demo's posts
MASKED = re.compile(r"^\d{3}\*{4}\d{4}$")


@pytest.fixture
def phone(browser, server):
    with _page(browser, server, "phone") as p:
        yield p


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _logout(page):
    page.context.clear_cookies()


def test_member_claims_logs_community_decides_roster_shows_unit_reads(phone):
    page = phone
    # 1. The member claims a post from their account page.
    login(page, "member")
    page.goto("/accounts/me/")
    member_name = page.locator("a[href='/accounts/me/']").first.inner_text().split("（")[0].strip()
    page.get_by_test_id("me-posts-claim").click()
    offer = page.get_by_test_id("open-post").first
    kind = offer.inner_text().split()[0]
    offer.get_by_test_id("claim-post").click()
    page.fill("#id_commitment", "每周巡逻两次，发现隐患及时报告。")
    page.get_by_test_id("claim-submit").click()
    holding = page.get_by_test_id("my-holding").filter(has_text=kind)
    expect(holding.get_by_test_id("my-holding-status")).to_have_text("待审批")
    holding_url = holding.get_by_role("link", name=kind).get_attribute("href")
    _no_sideways_scroll(page)
    _logout(page)

    # 2. The community approves the claim.
    login(page, "jiangbin")
    page.goto(f"/posts/community/jiangbin/?year={YEAR}")
    page.get_by_test_id("pending-claim").filter(has_text=kind).filter(has_text=member_name).get_by_role("link").click()
    expect(page.get_by_test_id("claim-card")).to_contain_text("每周巡逻两次")
    page.get_by_label("同意", exact=True).check()
    page.get_by_test_id("decide-submit").click()
    expect(page.get_by_test_id("pending-claim").filter(has_text=member_name).filter(has_text=kind)).to_have_count(0)
    _logout(page)

    # 3. The member logs two services; a day in the future is refused.
    login(page, "member")
    page.goto(holding_url)
    expect(page.get_by_test_id("holding-status")).to_have_text("在岗")
    for date, hours, done in (("2010-05-03", "2", "夜间巡逻（甲）"), ("2010-05-10", "3", "楼道安全检查（乙）")):
        page.get_by_test_id("log-service").click()
        page.fill("#id_date", date)
        page.fill("#id_hours", hours)
        page.fill("#id_done", done)
        page.get_by_test_id("save").click()
        expect(page.get_by_test_id("entry-row").filter(has_text=done)).to_be_visible()
    page.get_by_test_id("log-service").click()
    page.fill("#id_date", "2099-01-01")
    page.fill("#id_hours", "2")
    page.fill("#id_done", "未来")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("未来")
    _no_sideways_scroll(page)
    _logout(page)

    # 4. The community confirms one entry and returns the other with a reason.
    login(page, "jiangbin")
    page.goto(holding_url)
    page.get_by_test_id("entry-row").filter(has_text="夜间巡逻（甲）").get_by_test_id("entry-review").click()
    page.get_by_label("确认", exact=True).check()
    page.get_by_test_id("review-submit").click()
    page.goto(holding_url)
    page.get_by_test_id("entry-row").filter(has_text="楼道安全检查（乙）").get_by_test_id("entry-review").click()
    page.get_by_label("退回", exact=True).check()
    page.fill("#id_reason", "请补充检查的楼栋。")
    page.get_by_test_id("review-submit").click()
    page.goto(holding_url)
    expect(page.get_by_test_id("entry-row").filter(has_text="夜间巡逻（甲）").get_by_test_id("entry-status")).to_have_text("已确认")
    expect(page.get_by_test_id("entry-row").filter(has_text="楼道安全检查（乙）").get_by_test_id("entry-reason")).to_have_text("请补充检查的楼栋。")
    _logout(page)

    # The member is told about the returned entry.
    login(page, "member")
    page.goto("/notices/")
    expect(page.locator("main")).to_contain_text("请补充检查的楼栋。")
    _logout(page)

    # 5. The public roster and its A4 print show the holder, the mobile masked.
    page.goto(f"/c/jiangbin/posts/?year={YEAR}")
    holder = page.get_by_test_id("roster-post").filter(has_text=kind).get_by_test_id("roster-holder").filter(has_text=member_name)
    expect(holder).to_contain_text("每周巡逻两次")
    assert MASKED.match(holder.get_by_test_id("roster-holder-mobile").inner_text().strip())
    _no_sideways_scroll(page)
    page.get_by_test_id("roster-print-a4").click()
    expect(page.get_by_test_id("roster-print")).to_have_attribute("data-size", "A4")
    row = page.get_by_test_id("roster-print-row").filter(has_text=member_name).filter(has_text="每周巡逻两次")
    assert MASKED.match(row.get_by_test_id("roster-print-mobile").inner_text().strip())
    for mobile in page.get_by_test_id("roster-print-mobile").all_inner_texts()[:50]:
        assert MASKED.match(mobile.strip()) or not mobile.strip()

    # 6. The unit's liaison reads its member's log, read only, the mobile masked.
    login(page, "unit")
    page.goto("/posts/organisation/")
    first = page.get_by_test_id("org-holding").first
    expect(first).to_be_visible()
    first.get_by_role("link").click()
    expect(page.get_by_test_id("entry-row").first).to_be_visible()
    assert MASKED.match(page.get_by_test_id("holder-mobile").inner_text().strip())
    expect(page.get_by_test_id("log-service")).to_have_count(0)
    expect(page.get_by_test_id("entry-review")).to_have_count(0)
    _no_sideways_scroll(page)
