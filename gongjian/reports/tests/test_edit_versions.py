"""Every edit form carries the version the editor read, and a POST without it is refused:
nothing is written (no change-log row, the version unchanged), the page says to reload.
The forms are submitted as the browser would, from the page's own HTML, minus the version."""

import datetime

import pytest
from django.urls import reverse

from gongjian.core.models import ObjectChange
from gongjian.core.testing_forms import post_forms
from gongjian.suggestions import services as suggestion_services
from gongjian.targets import services as target_services

MISSING = "请刷新页面"


def _form_with_version(html: str) -> dict:
    found = [f for f in post_forms(html) if any(k == "version" or k.endswith("-version") for k in f)]
    assert found, "no edit form with a version field on the page"
    return found[0]


@pytest.fixture
def things(world):
    community = world.users["community"]
    plan = target_services.plan_create(actor=community, community=world.communities["江滨社区"], year=2010)
    category = plan.community.street.district.work_categories.order_by("order").first()
    task = target_services.task_create(
        actor=community, plan=plan, lead_organisation=world.orgs["江滨单位"], category=category, title="下水道改造",
        target_what="改造管道", target_quantity=800, target_unit="米", deadline=datetime.date(2010, 9, 30), leader_name="王", leader_title="所长",
    )
    target_services.milestones_save(actor=community, task=task, rows=[{"title": "勘察", "due": datetime.date(2010, 5, 1), "weight": 1, "percent": 0}])
    report = target_services.report_submit(actor=world.users["liaison"], task=task, month=datetime.date(2010, 6, 1), percent=30, done_text="勘察", status="on_track")
    target_services.plan_publish(actor=community, plan=plan)
    feedback = target_services.feedback_submit(task=task, body="进度很好")
    campaign = suggestion_services.campaign_create(actor=community, community=world.communities["江滨社区"], year=2010)
    first = suggestion_services.suggestion_enter(actor=community, campaign=campaign, body="楼道灯坏了", source_category="residents", channel="door")
    second = suggestion_services.suggestion_enter(actor=community, campaign=campaign, body="楼道的灯坏了", source_category="residents", channel="door")
    jb = world.communities["江滨社区"]
    return {
        "community_edit": ("district", reverse("registry:community_edit", args=[jb.slug]), jb),
        "organisation_edit": ("community", reverse("registry:organisation_edit", args=[world.orgs["江滨单位"].pk]), world.orgs["江滨单位"]),
        "person_edit": ("community", reverse("registry:person_edit", args=[world.people["李江滨"].pk]), world.people["李江滨"]),
        "plan_edit": ("community", reverse("targets:plan_edit", args=[plan.pk]), plan),
        "task_edit": ("community", reverse("targets:task_edit", args=[task.pk]), task),
        "milestones": ("liaison", reverse("targets:milestones", args=[task.pk]), task.milestones.get()),
        "report": ("liaison", reverse("targets:report", args=[task.pk]) + "?month=2010-06-01", report),
        "bulk_update": ("liaison", reverse("targets:bulk_update") + "?month=2010-06", report),
        "feedback_moderate": ("community", reverse("targets:feedback_moderate", args=[feedback.pk]), feedback),
        "categories": ("district", reverse("targets:categories"), category),
        "suggestion_merge": ("community", reverse("suggestions:suggestion_merge", args=[second.pk]) + f"?into={first.pk}", second),
    }


CASES = ["community_edit", "organisation_edit", "person_edit", "plan_edit", "task_edit", "milestones", "report", "bulk_update",
         "feedback_moderate", "categories", "suggestion_merge"]


@pytest.mark.parametrize("case", CASES)
def test_an_edit_without_the_version_is_refused_and_writes_nothing(world, things, login, case):
    role, url, obj = things[case]
    client = login(world.users[role])
    page = client.get(url)
    assert page.status_code == 200, (case, page.status_code)
    data = _form_with_version(page.content.decode())
    data = {k: v for k, v in data.items() if not (k == "version" or k.endswith("-version"))}
    before_version, before_rows = type(obj).objects.get(pk=obj.pk).version, ObjectChange.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200, f"{case}: {response.status_code} (accepted without a version)"
    assert MISSING in response.content.decode()
    assert ObjectChange.objects.count() == before_rows
    assert type(obj).objects.get(pk=obj.pk).version == before_version


@pytest.mark.parametrize("case", CASES)
def test_the_same_form_with_its_version_is_accepted(world, things, login, case):
    """The control: the page's own form, submitted whole, saves (so the refusal above is the
    missing version, not a bad harvest of the form)."""
    role, url, _obj = things[case]
    client = login(world.users[role])
    data = _form_with_version(client.get(url).content.decode())
    for key in data:
        if key.endswith("done_text"):  # the one-page update saves only what changed
            data[key] = [data[key][0].strip() + "，已完成"]
    response = client.post(url, data)
    assert response.status_code == 302, f"{case}: {response.status_code}"
