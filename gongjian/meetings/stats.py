"""The briefing's figure of joint decision, counted from the database at call time:

- ``joint_meetings``: communities with a Party-building joint meeting body (23).

Registered with the reports app's statistics from ``MeetingsConfig.ready()``.
"""

from __future__ import annotations

from django.db.models import Q


def joint_meetings(*, year: int, district=None) -> int:
    """Communities with a joint meeting body set up by the end of the year."""
    import datetime

    from .models import JointMeetingBody

    qs = JointMeetingBody.objects.filter(Q(established_on__isnull=True) | Q(established_on__lte=datetime.date(year, 12, 31)))
    if district is not None:
        qs = qs.filter(community__street__district_id=getattr(district, "pk", district))
    return qs.values("community_id").distinct().count()


FIGURES = {"joint_meetings": joint_meetings}
