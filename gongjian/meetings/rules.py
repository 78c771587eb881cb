"""Every permission of the joint meeting, declared once (``accounts.access``).

The community Party organisation runs its joint meeting body, its meetings, their agenda and
decisions and the minutes; the street and district see across their scope; a unit's liaison
sees its community's meetings. Published minutes and decisions are on the public pages."""

from gongjian.accounts.access import (
    COMMUNITIES,
    COMMUNITY_PARTY,
    LIAISON,
    STAFF,
    STAFF_COMMUNITIES,
    Grant,
    declare,
    paths,
)

from .models import AgendaItem, Attendance, BodyMember, Decision, JointMeetingBody, Meeting

paths(JointMeetingBody, view="meetings.view_meeting", community="community")
paths(BodyMember, through="body")
paths(Meeting, view="meetings.view_meeting", community="community")
paths(Attendance, through="meeting")
paths(AgendaItem, through="meeting")
paths(Decision, through="item")

COMMUNITY_HERE = Grant(COMMUNITY_PARTY, STAFF_COMMUNITIES)

declare("meetings.view_meeting", Grant(STAFF, STAFF_COMMUNITIES), Grant(LIAISON, COMMUNITIES))
declare("meetings.manage_body", COMMUNITY_HERE)
declare("meetings.manage_meeting", COMMUNITY_HERE)
declare("meetings.decide", COMMUNITY_HERE)
declare("meetings.approve_minutes", COMMUNITY_HERE)
