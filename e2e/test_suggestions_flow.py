"""Solicit by category, decide jointly, as new users meet it on the demo district: a resident
on a phone makes a suggestion at /c/jiangbin/suggest/ and sees a similar earlier one while
typing; another resident sends a duplicate; the community (`jiangbin`) merges the duplicate,
holds a joint meeting, signs people in, puts the suggestion on the agenda and adopts it into a
task; the board shows the task with its source; the resident's page shows the outcome."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("viewport", ["phone"])
def test_suggest_merge_decide_board_outcome(page, viewport, server):
    # 0. An earlier suggestion of 江滨, as the board links it from a task.
    page.goto("/c/jiangbin/?year=2010")
    source = page.get_by_test_id("board-source").first
    expect(source).to_be_visible()
    page.goto(source.get_attribute("href"))
    earlier_id = re.search(r"#(\d+)", page.get_by_test_id("suggestion-title").inner_text()).group(1)
    earlier = page.get_by_test_id("suggestion-body").inner_text().strip()

    # 1. A resident on a phone opens the form from the board and types; similar ones show.
    page.goto("/c/jiangbin/")
    page.get_by_test_id("suggest-link").click()
    expect(page.get_by_test_id("suggest-form")).to_be_visible()
    _no_sideways_scroll(page)
    mine = f"我也反映一下：{earlier}"
    page.get_by_test_id("suggest-body").press_sequentially(mine, delay=40)
    expect(page.get_by_test_id("similar-item").filter(has_text=f"#{earlier_id}")).to_be_visible()
    page.fill("#id_contact", "13900001234")
    page.get_by_test_id("suggest-send").click()
    expect(page.get_by_test_id("no-decision")).to_be_visible()
    mine_url = page.url
    mine_code = re.search(r"/suggestions/(\w+)/", mine_url).group(1)  # a random code, not the id
    mine_id = re.search(r"#(\d+)", page.get_by_test_id("suggestion-title").inner_text()).group(1)

    # 2. Another resident sends the same thing in other words.
    page.goto("/c/jiangbin/suggest/")
    page.get_by_test_id("suggest-body").fill(f"{mine}（邻居补充）")
    page.get_by_test_id("suggest-send").click()
    expect(page.get_by_test_id("no-decision")).to_be_visible()
    dup_url = page.url
    dup_id = re.search(r"#(\d+)", page.get_by_test_id("suggestion-title").inner_text()).group(1)
    page.context.clear_cookies()

    # 3. The community merges the duplicate into the first one (both originals stay).
    login(page, "jiangbin")
    page.goto(f"/suggestions/{dup_id}/")
    page.get_by_test_id("similar-item").filter(has_text=f"#{mine_id}").get_by_test_id("merge-into").click()
    expect(page.locator("#id_into")).to_have_value(mine_id)
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("duplicates")).to_contain_text(f"#{dup_id}")

    # 4. It holds a joint meeting: signs people in, puts the suggestion on the agenda, adopts it.
    page.goto("/meetings/new/")
    page.select_option("#id_community", label="江滨社区")
    page.fill("#id_date", datetime.date.today().isoformat())
    page.fill("#id_place", "江滨社区居委会会议室")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("meeting-title")).to_be_visible()
    meeting_url = page.url
    page.fill("#id_name", "陈志强")
    page.get_by_test_id("sign-in").click()
    expect(page.get_by_test_id("attendance")).to_contain_text("陈志强")
    page.select_option("#id_suggestion", value=mine_id)
    page.get_by_test_id("agenda-add").click()
    expect(page.get_by_test_id("agenda-item")).to_contain_text(f"#{mine_id}")
    page.get_by_test_id("decide").click()
    page.check("#id_outcome_0")  # adopt
    page.fill("#id_reason", "居民反映集中，纳入年度任务落实")
    page.fill("#id_votes_for", "12")
    task_label = page.locator("label[for='id_attach_tasks_0']").inner_text().strip()
    page.check("#id_attach_tasks_0")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("decision")).to_contain_text("居民反映集中")
    # The minutes: approved, then published.
    page.get_by_test_id("minutes-approve").click()
    page.get_by_test_id("confirm-approve").click()
    page.get_by_test_id("minutes-approve").click()
    page.get_by_test_id("confirm-publish").click()
    expect(page.get_by_test_id("minutes-status")).not_to_have_text("")
    assert page.url == meeting_url
    page.context.clear_cookies()

    # 5. The board shows the task with its source suggestion.
    year, _, rest = task_label.partition(" · ")
    number, _, title = rest.partition(". ")
    page.goto(f"/c/jiangbin/?year={year}")
    card = page.get_by_test_id("board-task").filter(has=page.get_by_test_id("board-task-title").filter(has_text=title))
    expect(card.locator(f"a[href='/c/jiangbin/suggestions/{mine_code}/']")).to_be_visible()
    _no_sideways_scroll(page)

    # 6. The resident's page shows what was decided, by which meeting, and the task.
    page.goto(mine_url)
    expect(page.get_by_test_id("public-decision")).to_contain_text("居民反映集中")
    expect(page.get_by_test_id("outcome-task")).to_contain_text(title)
    expect(page.get_by_test_id("minutes-link")).to_be_visible()
    _no_sideways_scroll(page)
    page.goto(dup_url)
    expect(page.get_by_test_id("merged-note")).to_contain_text(f"#{mine_id}")
    expect(page.get_by_test_id("public-decision")).to_contain_text("居民反映集中")
