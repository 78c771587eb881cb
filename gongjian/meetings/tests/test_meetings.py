"""The joint meeting through its services and pages: sign-in, each decision outcome (adopt into
a new task without a lead, or into an existing task; merge; defer; decline), the rules of
approving and publishing the minutes, editing a meeting, removing a member unit, and the
pages' query-count pins."""

import datetime

import pytest
from django.urls import reverse

from gongjian.core.exceptions import ApplicationError
from gongjian.core.models import ObjectChange
from gongjian.meetings import services
from gongjian.meetings.models import BodyMember, Decision, Meeting
from gongjian.suggestions import services as suggestion_services
from gongjian.suggestions.models import Notice, Suggestion
from gongjian.targets import services as target_services
from gongjian.targets.models import AnnualPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(world):
    return suggestion_services.campaign_create(actor=None, community=world.communities["江滨社区"], year=2010)


@pytest.fixture
def body(world):
    body = services.body_create(actor=None, community=world.communities["江滨社区"], convenor_name="李书记")
    services.member_add(actor=None, body=body, organisation=world.orgs["江滨单位"])
    return body


@pytest.fixture
def meeting(world, body):
    return services.meeting_create(actor=None, community=body.community, date=datetime.date(2010, 1, 28), place="社区会议室")


def suggest(campaign, body="建议增设健身器材", **fields):
    return suggestion_services.suggestion_enter(actor=None, campaign=campaign, body=body, source_category="residents", channel="door", **fields)


def test_sign_in_refuses_twice_blank_and_other_districts(world, meeting):
    from gongjian.registry.models import District, Organisation
    from gongjian.registry.services import community_create, organisation_create, street_create

    services.attendance_sign(actor=None, meeting=meeting, name=" 王建国 ", organisation=world.orgs["江滨单位"], title="所长")
    assert meeting.attendance.get().name == "王建国"
    with pytest.raises(ApplicationError):
        services.attendance_sign(actor=None, meeting=meeting, name="王建国", organisation=world.orgs["江滨单位"])
    with pytest.raises(ApplicationError):
        services.attendance_sign(actor=None, meeting=meeting, name="  ")
    other = District.objects.create(name="三元区", city="三明市")
    community = community_create(actor=None, street=street_create(actor=None, district=other, name="城关街道"), name="新亭社区")
    far = organisation_create(actor=None, community=community, name="新亭供电所", kind=Organisation.Kind.RESIDENT_UNIT, unit_kind=Organisation.UnitKind.STATE_ENTERPRISE)
    with pytest.raises(ApplicationError):
        services.attendance_sign(actor=None, meeting=meeting, name="赵六", organisation=far)
    services.attendance_sign(actor=None, meeting=meeting, name="王建国")  # the same name for no organisation is another person
    assert meeting.attendance.count() == 2


def test_adopting_as_a_new_task_needs_no_lead_and_blocks_publishing_until_assigned(world, login, campaign, meeting):
    s = suggest(campaign, contact="13905981234")
    item = services.agenda_add(actor=None, meeting=meeting, suggestion=s)
    client = login(world.users["community"])
    category = target_services.ensure_categories(actor=None, district=world.district)[0]
    response = client.post(reverse("meetings:decide", args=[item.pk]), {
        "outcome": "adopt", "reason": "群众呼声高，纳入年度任务", "new_title": "增设健身器材", "new_category": category.pk,
        "new_target": "安装健身器材10件", "new_deadline": "2010-11-30",
    })
    assert response.status_code == 302, response.context["form"].errors
    s.refresh_from_db()
    task = s.tasks.get()
    assert s.status == "adopted" and task.lead_organisation is None and task.plan.year == 2010
    assert Decision.objects.get(item=item).tasks.get() == task
    plan = task.plan
    with pytest.raises(ApplicationError) as exc:
        target_services.plan_publish(actor=None, plan=plan)
    assert "增设健身器材" in exc.value.message
    target_services.task_update(actor=world.users["community"], task=task, lead_organisation=world.orgs["江滨单位"], leader_name="王建国")
    target_services.plan_publish(actor=world.users["community"], plan=plan)
    assert AnnualPlan.objects.get(pk=plan.pk).is_published


def test_each_outcome_changes_the_suggestion_and_notifies(world, campaign, meeting, django_capture_on_commit_callbacks):
    plan = target_services.plan_create(actor=None, community=campaign.community, year=2010)
    existing = target_services.task_create(
        actor=None, plan=plan, category=plan.community.street.district.work_categories.first(), title="楼道改造", target_what="改造楼道",
        deadline=datetime.date(2010, 10, 31), lead_organisation=world.orgs["江滨单位"], leader_name="王建国",
    )
    adopt, merge, primary, defer, decline = (suggest(campaign, f"建议{i}", contact="13905981234") for i in ("改造楼道", "楼道刷墙", "修路", "建停车场", "拆围墙"))
    items = {k: services.agenda_add(actor=None, meeting=meeting, suggestion=s) for k, s in (("adopt", adopt), ("merge", merge), ("defer", defer), ("decline", decline))}
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_record(actor=None, item=items["adopt"], outcome="adopt", reason="并入已有任务", attach_tasks=[existing], votes_for=9, votes_against=0)
        services.decision_record(actor=None, item=items["merge"], outcome="merge", reason="同一事项", merge_into=primary)
        services.decision_record(actor=None, item=items["defer"], outcome="defer", reason="场地待落实")
        services.decision_record(actor=None, item=items["decline"], outcome="decline", reason="不属社区职责")
    got = {s.pk: (s.status, s.status_reason) for s in Suggestion.objects.all()}
    assert got[adopt.pk] == ("adopted", "并入已有任务") and list(adopt.tasks.all()) == [existing]
    assert got[merge.pk][0] == "merged" and Suggestion.objects.get(pk=merge.pk).merged_into == primary
    assert got[defer.pk] == ("deferred", "场地待落实") and got[decline.pk] == ("declined", "不属社区职责")
    assert got[primary.pk][0] == "received"
    assert Notice.objects.count() == 4  # each decided submitter left a phone
    with pytest.raises(ApplicationError):
        services.decision_record(actor=None, item=items["defer"], outcome="decline", reason="再议")  # decided once
    with pytest.raises(ApplicationError):
        services.agenda_add(actor=None, meeting=meeting, suggestion=decline)  # already decided
    # A deferred suggestion goes before a later meeting.
    later = services.meeting_create(actor=None, community=meeting.community, date=datetime.date(2010, 6, 28))
    services.agenda_add(actor=None, meeting=later, suggestion=defer)


def test_minutes_approval_and_publication_rules(world, login, campaign, meeting):
    from django.test import Client

    anonymous = Client()
    with pytest.raises(ApplicationError):
        services.minutes_approve(actor=None, meeting=meeting)  # no agenda
    item = services.agenda_add(actor=None, meeting=meeting, suggestion=suggest(campaign))
    with pytest.raises(ApplicationError):
        services.minutes_approve(actor=None, meeting=meeting)  # undecided item
    with pytest.raises(ApplicationError):
        services.minutes_publish(actor=None, meeting=meeting)  # not approved
    services.decision_record(actor=None, item=item, outcome="defer", reason="场地待落实", notify=False)
    staff = login(world.users["community"])
    public = reverse("public:minutes", args=["jiangbin", meeting.pk])
    assert staff.get(reverse("meetings:minutes_approve", args=[meeting.pk])).status_code == 200  # asks first
    assert Meeting.objects.get(pk=meeting.pk).minutes_status == "draft"
    staff.post(reverse("meetings:minutes_approve", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.minutes_status == "approved" and meeting.approved_by == world.users["community"]
    with pytest.raises(ApplicationError):
        services.meeting_update(actor=None, meeting=meeting, place="别处")  # fixed once approved
    with pytest.raises(ApplicationError):
        services.attendance_sign(actor=None, meeting=meeting, name="迟到者")
    with pytest.raises(ApplicationError):
        services.minutes_approve(actor=None, meeting=meeting)
    assert anonymous.get(public).status_code == 404
    staff.post(reverse("meetings:minutes_approve", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.minutes_status == "published" and meeting.published_at is not None
    assert anonymous.get(public).status_code == 200
    assert login(world.users["street"]).post(reverse("meetings:minutes_approve", args=[meeting.pk])).status_code == 403


def test_meeting_edit_page_carries_the_version_and_stops_after_approval(world, login, meeting):
    client = login(world.users["community"])
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    form = client.get(url).context["form"]
    data = {"community": meeting.community_id, "date": "2010-01-29", "title": meeting.title, "place": "党群服务中心", "chair": "李书记",
            "recorder": "", "summary": "", "version": form.initial["version"]}
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.date, meeting.place, meeting.version) == (datetime.date(2010, 1, 29), "党群服务中心", 2)
    stale = client.post(url, {**data, "place": "别处"})  # the version read was 1
    assert stale.status_code == 200 and Meeting.objects.get(pk=meeting.pk).place == "党群服务中心"
    assert ObjectChange.objects.filter(object_id=meeting.pk, action="update").count() == 1


def test_removing_a_member_unit_asks_first_and_is_logged(world, login, body):
    member = BodyMember.objects.get(body=body)
    client = login(world.users["community"])
    url = reverse("meetings:member_remove", args=[member.pk])
    assert client.get(url).status_code == 200 and BodyMember.objects.filter(pk=member.pk).exists()
    assert login(world.users["street"]).post(url).status_code == 403
    client = login(world.users["community"])
    assert client.post(url).status_code == 302
    assert not BodyMember.objects.filter(pk=member.pk).exists()
    assert ObjectChange.objects.filter(object_id=member.pk, action="delete").exists()


def test_meetings_api_is_scoped(world, meeting, campaign):
    from rest_framework.test import APIClient

    from gongjian.accounts.tokens import token_create

    item = services.agenda_add(actor=None, meeting=meeting, suggestion=suggest(campaign))
    decision = services.decision_record(actor=None, item=item, outcome="defer", reason="再议", notify=False)
    for role, seen in (("liaison", 1), ("street_west", 0), ("district", 1)):
        _t, plain = token_create(actor=world.users[role], name="读")
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
        assert api.get("/api/v1/meetings/").json()["count"] == seen
        assert api.get("/api/v1/decisions/?outcome=defer").json()["count"] == seen
        assert api.get("/api/v1/meeting-bodies/").json()["count"] == seen
    rows = api.get(f"/api/v1/decisions/?item__meeting={meeting.pk}").json()["results"]
    assert rows[0]["id"] == decision.pk and rows[0]["suggestion"] == item.suggestion_id and rows[0]["reason"] == "再议"


@pytest.mark.parametrize("n", [1, 5])
def test_meetings_pages_query_counts_are_pinned(world, login, campaign, body, meeting, n, django_assert_num_queries):
    for i in range(n):
        item = services.agenda_add(actor=None, meeting=meeting, suggestion=suggest(campaign, f"建议第{i}条修路"))
        services.attendance_sign(actor=None, meeting=meeting, name=f"代表{i}", organisation=world.orgs["江滨单位"])
        if i % 2 == 0:  # some decided, some not
            services.decision_record(actor=None, item=item, outcome="defer", reason="再议", notify=False)
    client = login(world.users["community"])
    client.get(reverse("meetings:home"))
    for url, count in (
        (reverse("meetings:home"), 9),
        (reverse("meetings:body_detail", args=[body.pk]), 10),
        (reverse("meetings:meeting_detail", args=[meeting.pk]), 12),
        (reverse("meetings:meeting_edit", args=[meeting.pk]), 8),
    ):
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
