"""Services of individual post-setting: the refusals the issue lists (each in Chinese, nothing
written), approval with notices, transfer and renewal, and the figures."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from gongjian.core.exceptions import ApplicationError
from gongjian.core.models import Notice
from gongjian.posts import services, stats
from gongjian.posts.models import Holding, Post, ServiceEntry
from gongjian.registry.models import Person

pytestmark = pytest.mark.django_db


def _refused(fn, model, contains: str):
    before = model.objects.count()
    with translation.override("zh-hans"), pytest.raises(ApplicationError) as exc:
        fn()
    assert contains in str(exc.value.message)
    assert model.objects.count() == before
    return exc.value


def test_full_post_is_refused(world, posts):
    post = posts["po:jiangbin"]
    post.capacity = 1
    post.save()
    _refused(
        lambda: services.holding_claim(actor=None, post=post, person=world.people["李江滨"], commitment="承诺"),
        Holding,
        "已满",
    )


def test_post_of_another_community_is_refused(world, posts):
    _refused(
        lambda: services.holding_claim(
            actor=None, post=posts["po:fuxing"], person=world.people["张江滨"], commitment="承诺"
        ),
        Holding,
        "富兴社区",
    )


def test_second_holding_of_the_same_post_is_refused(world, posts):
    _refused(
        lambda: services.holding_claim(
            actor=None, post=posts["po:jiangbin"], person=world.people["张江滨"], commitment="承诺"
        ),
        Holding,
        "张江滨",
    )


def test_category_not_open_is_refused(world, posts):
    person = Person.objects.create(
        community=world.communities["江滨社区"], name="王居民", category=Person.Category.RESIDENT
    )
    _refused(
        lambda: services.holding_claim(actor=None, post=posts["po:jiangbin"], person=person, commitment="承诺"),
        Holding,
        "王居民",
    )


def test_service_in_the_future_or_over_24_hours_is_refused(posts):
    holding = posts["h:jiangbin"]
    holding.end = datetime.date(2010, 12, 31)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    _refused(
        lambda: services.entry_add(actor=None, holding=holding, date=tomorrow, hours=1, done="巡逻"),
        ServiceEntry,
        "未来",
    )
    # 2 h already on 2010-03-02 (the matrix's entry): 23 h more makes 25.
    err = _refused(
        lambda: services.entry_add(actor=None, holding=holding, date=datetime.date(2010, 3, 2), hours=23, done="巡逻"),
        ServiceEntry,
        "24",
    )
    assert "25" in str(err.message)
    services.entry_add(actor=None, holding=holding, date=datetime.date(2010, 3, 2), hours=22, done="巡逻")


def test_claim_approve_and_decline_notify_the_member(world, posts):
    member = world.users["member"]
    other = services.kind_create(
        actor=None, district=world.district, name="廉政监督岗", duties="监督", categories=["no_post"]
    )
    post = services.post_create(actor=None, community=world.communities["江滨社区"], year=2010, kind=other, capacity=1)
    claim = services.holding_claim(actor=member, post=post, person=world.people["张江滨"], commitment="监督财务公开")
    assert claim.status == Holding.Status.PENDING
    with pytest.raises(ApplicationError):
        services.holding_decide(actor=world.users["community"], holding=claim, approve=False, reason="")
    services.holding_decide(actor=world.users["community"], holding=claim, approve=True)
    claim.refresh_from_db()
    assert claim.status == Holding.Status.ACTIVE and claim.decided_by == world.users["community"]
    assert Notice.objects.filter(recipient_user=member, object_id=claim.pk).count() == 1


def test_returned_entry_notifies_with_the_reason(world, posts):
    entry = posts["e:jiangbin"]
    with pytest.raises(ApplicationError):
        services.entry_review(actor=world.users["community"], entry=entry, confirm=False, reason=" ")
    services.entry_review(actor=world.users["community"], entry=entry, confirm=False, reason="请补充内容")
    notice = Notice.objects.get(recipient_user=world.users["member"])
    assert "请补充内容" in notice.body


def test_public_claim_confirmed_by_phone_records_the_person(world, posts):
    post = posts["po:jiangbin"]
    claim = services.holding_claim_public(post=post, name="赵志愿", mobile="13912345678", commitment="周末值守")
    assert claim.person is None and claim.status == Holding.Status.PENDING
    with pytest.raises(ApplicationError):
        services.holding_decide(actor=world.users["community"], holding=claim, approve=True)
    services.holding_decide(actor=world.users["community"], holding=claim, approve=True, phone_confirmed=True)
    claim.refresh_from_db()
    assert (
        claim.person.name == "赵志愿"
        and claim.person.community == post.community
        and claim.person.category == Person.Category.ACTIVIST
    )


def test_transfer_and_renew_in_one_step(world, posts):
    holding = posts["h:jiangbin"]
    new = services.holding_transfer(
        actor=None, holding=holding, person=world.people["李江滨"], on=datetime.date(2010, 7, 1)
    )
    holding.refresh_from_db()
    assert holding.status == Holding.Status.ENDED and holding.end == datetime.date(2010, 6, 30)
    assert new.person == world.people["李江滨"] and new.start == datetime.date(2010, 7, 1) and new.previous == holding
    renewed = services.holding_renew(actor=None, holding=new)
    assert renewed.post.year == 2011 and renewed.post.kind == new.post.kind and renewed.status == Holding.Status.ACTIVE
    assert Post.objects.filter(community=new.post.community, year=2011).count() == 1


def test_figures_count_standing_posts_only(world, posts):
    assert stats.post_kinds(year=2010) == 2
    # 张江滨 and 李富兴 hold posts; 李江滨's claim is pending and does not count.
    assert stats.post_holders(year=2010) == 2
    flood = services.kind_create(
        actor=None,
        district=world.district,
        name="突发事件处置岗",
        duties="抢险",
        categories=["no_post", "activist"],
        temporary=True,
    )
    post = services.post_create(actor=None, community=world.communities["江滨社区"], year=2010, kind=flood, capacity=5)
    services.holding_assign(actor=None, post=post, person=world.people["李江滨"], commitment="抢险")
    assert stats.post_kinds(year=2010) == 2 and stats.post_holders(year=2010) == 2
    assert stats.incident_post_communities(year=2010) == 1
    assert stats.post_holders(year=2010, district=world.district) == 2


def test_member_edits_own_specialties(world):
    person = world.people["张江滨"]
    services.profile_update(
        actor=world.users["member"],
        person=person,
        specialties="法律、电脑",
        availability="weekend",
        expected_version=person.version,
    )
    person.refresh_from_db()
    assert person.specialty_list == ["法律", "电脑"] and person.availability == "weekend"


def test_totals_by_person_post_month(posts):
    from gongjian.posts import selectors

    for entry in ServiceEntry.objects.all():
        services.entry_review(actor=None, entry=entry, confirm=True)
    totals = selectors.totals(ServiceEntry.objects.all())
    assert [(label, hours) for label, hours, _n in totals["person"]] == [
        ("张江滨", Decimal("2.0")),
        ("李富兴", Decimal("2.0")),
    ] or len(totals["person"]) == 2
    assert totals["month"] == [("2010-03", Decimal("4.0"), 2)]
    assert totals["community"][0][1] == Decimal("2.0")
