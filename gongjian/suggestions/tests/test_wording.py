"""Wording the issue found wrong: one English word with two meanings gets a context each, and
a person's name, a phone contact, a member or volunteer and a decision are called what they are."""

import pytest
from django.urls import reverse
from django.utils import translation

from gongjian.accounts.models import Role
from gongjian.core.text import quoted
from gongjian.suggestions import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def test_received_status_menu_and_count_are_told_apart(world, client, login, campaign):
    s = services.suggestion_enter(actor=None, campaign=campaign, body="建议更换楼道声控灯", source_category="residents", channel="door", contact="13905980000")
    assert s.get_status_display() == "已收到"
    public = client.get(reverse("public:suggestion", args=["jiangbin", s.public_code])).content.decode()
    assert 'data-testid="suggestion-status">已收到' in public and "收到时间" not in public
    staff = login(world.users["community"])
    home = staff.get(reverse("suggestions:home")).content.decode()
    assert ">意见建议</a>" in home and "<th>意见建议数</th>" in home
    detail = staff.get(reverse("suggestions:suggestion_detail", args=[s.pk])).content.decode()
    assert "联系方式</dt>" in detail and "联系人</dt>" not in detail


def test_a_person_has_a_name_and_members_are_members_or_volunteers(world, login):
    from gongjian.registry.models import Person

    assert str(Person._meta.get_field("name").verbose_name) == "姓名"
    assert Role(Role.MEMBER).label == "党员/志愿者"
    page = login(world.users["community"]).get(reverse("registry:person_create")).content.decode()
    assert "姓名" in page


def test_a_merged_suggestion_does_not_claim_another_was_merged_into_it(world, client, campaign):
    a = services.suggestion_enter(actor=None, campaign=campaign, body="建议更换楼道声控灯", source_category="residents", channel="door")
    b = services.suggestion_enter(actor=None, campaign=campaign, body="楼道声控灯坏了请更换", source_category="residents", channel="door")
    services.suggestion_merge(actor=world.users["community"], duplicate=b, into=a)
    merged = client.get(reverse("public:suggestion", args=["jiangbin", b.public_code])).content.decode()
    assert 'data-testid="merged-note"' in merged and 'data-testid="duplicates-note"' not in merged
    primary = client.get(reverse("public:suggestion", args=["jiangbin", a.public_code])).content.decode()
    assert 'data-testid="duplicates-note"' in primary


def test_generated_text_does_not_double_quotation_marks():
    assert quoted("举办“邻里一家亲”活动") == "“举办‘邻里一家亲’活动”"
    assert quoted("楼道灯改造") == "“楼道灯改造”"
    assert "““" not in quoted("“五老”服务") and "””" not in quoted("“五老”服务")
