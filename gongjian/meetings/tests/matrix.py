"""The joint meeting's share of the permission matrix (accounts/tests/test_permission_matrix.py),
written by hand from the roles (README.md): staff see bodies and meetings in their scope, a
liaison its community's; the community Party organisation runs them; published minutes are
public."""

from __future__ import annotations

import datetime

from django.urls import reverse

STAFF = {"district", "street", "street_west", "community"}

HOLDERS = {
    "meetings.view_meeting": STAFF | {"liaison"},
    "meetings.manage_body": {"community"},
    "meetings.manage_meeting": {"community"},
    "meetings.decide": {"community"},
    "meetings.approve_minutes": {"community"},
}

_JB = {"mb:jiangbin", "mt:jiangbin", "ai:jiangbin"}
_FX = {"mb:fuxing", "mt:fuxing", "ai:fuxing"}
IN = {"district": _JB | _FX, "street": set(_JB), "street_west": set(_FX), "community": set(_JB), "liaison": set(_JB)}
_MEETING = {"community": {"mt:jiangbin"}}
CHANGE = {
    "meetings:attendance": _MEETING,
    "meetings:agenda_add": _MEETING,
    "meetings:minutes_approve": _MEETING,
    "meetings:decide": {"community": {"ai:jiangbin"}},
    "meetings:meeting_edit": _MEETING,
    "meetings:member_remove": {"community": {"mb:jiangbin"}},
}


def objects(world) -> dict:
    """A joint meeting body in 江滨 and in 富兴, each with a meeting that signed one person
    in, deferred one suggestion, and published its minutes."""
    from gongjian.meetings import services
    from gongjian.suggestions import services as suggestion_services

    objs = {}
    for key, cname, short in (("jiangbin", "江滨社区", "江滨"), ("fuxing", "富兴社区", "富兴")):
        community = world.communities[cname]
        campaign = suggestion_services.campaign_create(actor=None, community=community, year=2011)
        suggestion = suggestion_services.suggestion_enter(actor=None, campaign=campaign, body="建议增设健身器材", source_category="civil", channel="board")
        body = services.body_create(actor=None, community=community)
        member = services.member_add(actor=None, body=body, organisation=world.orgs[f"{short}单位"])
        meeting = services.meeting_create(actor=None, community=community, date=datetime.date(2011, 1, 20))
        services.attendance_sign(actor=None, meeting=meeting, name="王建国", organisation=world.orgs[f"{short}单位"])
        item = services.agenda_add(actor=None, meeting=meeting, suggestion=suggestion)
        decision = services.decision_record(actor=None, item=item, outcome="defer", reason="场地待落实", notify=False)
        services.minutes_approve(actor=None, meeting=meeting)
        services.minutes_publish(actor=None, meeting=meeting)
        objs.update({f"mb:{key}": body, f"mt:{key}": meeting, f"ai:{key}": item, f"bm:{key}": member, f"dc:{key}": decision})
    return objs


def cases(world, objs) -> list[tuple[str, str, str | None]]:
    result = []
    for key in ("jiangbin", "fuxing"):
        for name in ("meetings:body_detail", "api-meeting-body-detail"):
            result.append((name, reverse(name, args=[objs[f"mb:{key}"].pk]), f"mb:{key}"))
        # A member unit is reached with its body; a decision with its agenda item.
        result.append(("meetings:member_remove", reverse("meetings:member_remove", args=[objs[f"bm:{key}"].pk]), f"mb:{key}"))
        result.append(("api-decision-detail", reverse("api-decision-detail", args=[objs[f"dc:{key}"].pk]), f"ai:{key}"))
        meeting = objs[f"mt:{key}"]
        for name in (
            "meetings:meeting_detail", "meetings:attendance", "meetings:agenda_add", "meetings:minutes", "meetings:minutes_approve",
            "meetings:meeting_edit", "api-meeting-detail",
        ):
            result.append((name, reverse(name, args=[meeting.pk]), f"mt:{key}"))
        result.append(("meetings:decide", reverse("meetings:decide", args=[objs[f"ai:{key}"].pk]), f"ai:{key}"))
        result.append(("public:minutes", reverse("public:minutes", args=[meeting.community.slug, meeting.pk]), None))
    for name in ("meetings:home", "meetings:body_create", "meetings:meeting_create", "api-meeting-body-list", "api-meeting-list", "api-decision-list"):
        result.append((name, reverse(name), None))
    return result
