"""Figures count what existed in the asked year: places and units by their dates, tasks of
published plans only, adopted suggestions through the whole merge chain; a year outside a
sensible range is refused."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from gongjian.registry import services as registry_services
from gongjian.registry.models import Organisation
from gongjian.reports.stats import compute_stats
from gongjian.suggestions import services as suggestion_services
from gongjian.suggestions.models import Suggestion
from gongjian.targets import services as target_services


def test_a_unit_that_left_is_not_counted_after_it_left(world):
    unit = world.orgs["江滨单位"]
    before = compute_stats(year=2012)["resident_units"]
    registry_services.organisation_leave(actor=world.users["community"], organisation=unit, left_on=datetime.date(2011, 6, 30))
    assert compute_stats(year=2011)["resident_units"] == before
    assert compute_stats(year=2012)["resident_units"] == before - 1
    unit.refresh_from_db()
    assert unit.version == 2  # logged through the services
    from gongjian.core.models import ObjectChange

    assert ObjectChange.objects.filter(object_id=unit.pk, action=ObjectChange.Action.UPDATE).exists()


def test_a_unit_cannot_leave_before_it_joined(world):
    from django.core.exceptions import ValidationError

    unit = world.orgs["江滨单位"]
    registry_services.organisation_update(actor=None, organisation=unit, joined_on=datetime.date(2010, 1, 1))
    with pytest.raises(ValidationError):
        registry_services.organisation_leave(actor=None, organisation=Organisation.objects.get(pk=unit.pk), left_on=datetime.date(2009, 1, 1))


def test_the_organisation_page_edits_its_dates(world, login):
    from django.urls import reverse

    client = login(world.users["community"])
    page = client.get(reverse("registry:organisation_edit", args=[world.orgs["江滨单位"].pk])).content.decode()
    assert 'name="left_on"' in page and 'name="joined_on"' in page


def test_tasks_of_draft_plans_are_not_counted(world):
    plan = target_services.plan_create(actor=world.users["community"], community=world.communities["江滨社区"], year=2010)
    category = plan.community.street.district.work_categories.order_by("order").first()
    target_services.task_create(
        actor=world.users["community"], plan=plan, lead_organisation=world.orgs["江滨单位"], category=category, title="下水道改造",
        target_what="改造管道", target_quantity=800, target_unit="米", deadline=datetime.date(2010, 9, 30), leader_name="王", leader_title="所长",
    )
    figures = compute_stats(year=2010)
    assert (figures["tasks"], figures["participating_units"]) == (0, 0)
    target_services.plan_publish(actor=world.users["community"], plan=plan)
    figures = compute_stats(year=2010)
    assert (figures["tasks"], figures["participating_units"]) == (1, 1)


def test_suggestions_adopted_counts_the_whole_merge_chain(world):
    community = world.users["community"]
    campaign = suggestion_services.campaign_create(actor=community, community=world.communities["江滨社区"], year=2010)

    def enter(body):
        return suggestion_services.suggestion_enter(actor=community, campaign=campaign, body=body, source_category="residents", channel="door")

    z, x, y = enter("楼道灯坏了，请修理"), enter("楼道灯不亮"), enter("楼道里的灯坏了")
    suggestion_services.suggestion_merge(actor=community, duplicate=y, into=x)
    suggestion_services.suggestion_merge(actor=community, duplicate=Suggestion.objects.get(pk=x.pk), into=z)
    Suggestion.objects.filter(pk=z.pk).update(status=Suggestion.Status.ADOPTED)
    assert compute_stats(year=2010)["suggestions_adopted"] == 3


@pytest.mark.parametrize("year", ["1990", "1999", "2101", "99999"])
def test_a_year_outside_the_sensible_range_is_refused_in_chinese(db, year):
    with pytest.raises(CommandError) as exc:
        call_command("stats", "--year", year, stdout=io.StringIO())
    assert "年份" in str(exc.value)
