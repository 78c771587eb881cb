"""The demo's 2010 solicitation and joint meetings: the briefing's figures come out of the
rows; building again changes nothing; deleting the demo removes them."""

import pytest

from gongjian.meetings import stats as meeting_stats
from gongjian.meetings.models import Decision, JointMeetingBody, Meeting
from gongjian.reports.stats import STAT_KEYS  # noqa: F401  (the keys exist)
from gongjian.suggestions import stats
from gongjian.suggestions.models import Campaign, Suggestion

pytestmark = pytest.mark.django_db(transaction=False)


def test_demo_figures_idempotent_and_deleted(demo_district):
    from gongjian.registry.demo import build_demo, delete_demo

    build_demo()
    district = demo_district
    figures = {key: fn(year=2010, district=district) for key, fn in {**stats.FIGURES, **meeting_stats.FIGURES}.items()}
    assert figures == {"suggestion_source_categories": 6, "suggestions": 247, "suggestions_adopted": 247, "joint_meetings": 23}
    assert Campaign.objects.filter(year=2010).count() == 25
    assert set(Suggestion.objects.values_list("channel", flat=True)) == {"web", "board", "door", "party_meeting", "representatives", "joint_meeting"}
    # Every suggestion was adopted by a recorded decision into a 2010 task of its own community.
    assert Decision.objects.filter(outcome="adopt").count() == 247
    for s in Suggestion.objects.prefetch_related("tasks__plan")[:247]:
        assert [(t.plan.community_id, t.plan.year) for t in s.tasks.all()] == [(s.community_id, 2010)]
    assert Meeting.objects.filter(minutes_status="published").count() == 25
    assert JointMeetingBody.objects.filter(members__organisation__unit_kind="non_public").distinct().exists()
    jb = Suggestion.objects.filter(community__slug="jiangbin").first()
    assert jb is not None and jb.created_at.year == 2010
    assert build_demo().built is False
    assert Suggestion.objects.count() == 247
    delete_demo()
    assert not Suggestion.objects.exists() and not JointMeetingBody.objects.exists() and not Meeting.objects.exists()
