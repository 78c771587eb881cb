"""The demo district's 2010 joint meetings: a Party-building joint meeting body in 23 of the
25 communities (the two with the fewest resident units have none and decide at their
residents' representative meeting), its member units (the Party organisation convening, the
resident units, non-public enterprises among them, the non-public enterprise friendship
association where the registry demo made one, and the mass organisations); one meeting per
community late in January 2010 with sign-in and every suggestion on its agenda; a decision
adopting each into the community's 2010 task it asked for; minutes approved and published.

Written through the services (so every row has its change-log row, source ``demo``), once
per district; the figures are counted from these rows."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongjian.core.services import delete_with_changes
from gongjian.core.text import quoted
from gongjian.registry.models import Affiliation, Community, Organisation
from gongjian.suggestions import similarity
from gongjian.suggestions.models import Suggestion
from gongjian.targets.models import Task

from . import services
from .models import AgendaItem, Attendance, BodyMember, Decision, JointMeetingBody, Meeting

YEAR = 2010
SOURCE = "demo"
SEED = "gongjian-meetings-2010"
#: Communities with a Party-building joint meeting (the briefing: 23 of 25).
WITHOUT_BODY = 2
Kind = Organisation.Kind


def build(district, *, say=lambda message: None) -> bool:
    if JointMeetingBody.objects.filter(community__street__district=district).exists():
        say(f"{district.name}：党建联席会已存在，未作改动。")
        return False
    with transaction.atomic():
        _build(district, random.Random(SEED), say)
    return True


def _best_task(suggestion: Suggestion, tasks: list[Task], grams: dict[int, set]) -> Task:
    """The community's task the suggestion asks for: the most alike by character bigrams."""
    mine = similarity.bigrams(similarity.normalise(suggestion.body))
    return max(tasks, key=lambda t: (similarity.dice(mine, grams[t.pk]), -t.number))


def _build(district, rng: random.Random, say) -> None:
    actor = get_user_model().objects.filter(username="jiangbin").first()
    communities = list(Community.objects.filter(street__district=district).select_related("street").order_by("street__name", "pk"))
    orgs = list(Organisation.objects.filter(community__in=communities).order_by("pk"))
    heads = {
        a.organisation_id: (a.person.name, a.title or "负责人")
        for a in Affiliation.objects.filter(organisation__in=orgs, role=Affiliation.Role.HEAD).select_related("person").order_by("pk")
    }
    units = {c.pk: [o for o in orgs if o.community_id == c.pk and o.kind == Kind.RESIDENT_UNIT] for c in communities}
    without = set(sorted((c.pk for c in communities), key=lambda pk: (len(units[pk]), pk))[:WITHOUT_BODY])
    bodies = 0
    decided = 0
    for day, c in enumerate(communities):
        mine = [o for o in orgs if o.community_id == c.pk]
        party = next((o for o in mine if o.kind == Kind.PARTY_ORG), None)
        suggestions = list(Suggestion.objects.filter(community=c, campaign__year=YEAR).order_by("pk"))
        tasks = list(Task.objects.filter(plan__community=c, plan__year=YEAR).select_related("plan").order_by("number"))
        if not suggestions or not tasks:
            continue
        convenor = heads.get(party.pk, ("", ""))[0] if party else ""
        seated: list[Organisation] = []
        if c.pk not in without:
            body = services.body_create(actor=actor, community=c, established_on=datetime.date(2009, rng.randint(3, 11), 1), convenor_name=convenor, source=SOURCE)
            bodies += 1
            association = [o for o in mine if o.kind == Kind.CIVIL and o.name.endswith("非公企业联谊会")]
            mass = [o for o in mine if o.kind == Kind.MASS]
            for org in ([party] if party else []) + units[c.pk] + association + mass:
                role = BodyMember.Role.CONVENOR if org is party else BodyMember.Role.MEMBER
                services.member_add(actor=actor, body=body, organisation=org, role=role, representative=heads.get(org.pk, ("", ""))[0],
                                    joined_on=datetime.date(2009, 12, 1) if org.unit_kind == Organisation.UnitKind.NON_PUBLIC else None, source=SOURCE)
                seated.append(org)
        else:
            seated = ([party] if party else []) + [o for o in mine if o.kind in (Kind.RESIDENTS_COMMITTEE, Kind.CIVIL)]
        date = datetime.date(YEAR, 1, 25 + day % 6)
        meeting = services.meeting_create(
            actor=actor, community=c, date=date, place=f"{c.name}居委会会议室", chair=convenor, recorder="社区党组织委员",
            summary="会议通报了年初分类征求意见情况，逐条研究了征集到的意见建议，议定纳入本年度社区工作任务。", source=SOURCE,
        )
        present = 0
        for org in seated:
            name, title = heads.get(org.pk) or (org.contact_name or "", "代表")
            if not name or rng.random() < 0.1:  # a few sent nobody
                continue
            services.attendance_sign(actor=actor, meeting=meeting, name=name, organisation=org, title=title, source=SOURCE)
            present += 1
        grams = {t.pk: similarity.bigrams(similarity.normalise(t.title + t.target_what + t.description)) for t in tasks}
        for s in suggestions:
            item = services.agenda_add(actor=actor, meeting=meeting, suggestion=s, source=SOURCE)
            task = _best_task(s, tasks, grams)
            services.decision_record(
                actor=actor, item=item, outcome=Decision.Outcome.ADOPT, reason=f"意见合理可行，纳入{YEAR}年度工作任务{quoted(task.title)}，由{task.lead_organisation.name}牵头落实。",
                attach_tasks=[task], votes_for=present or None, votes_against=0 if present else None, abstentions=0 if present else None,
                source=SOURCE, notify=False,
            )
            decided += 1
        services.minutes_approve(actor=actor, meeting=meeting)
        services.minutes_publish(actor=actor, meeting=meeting, published_at=timezone.make_aware(datetime.datetime(YEAR, 2, 3, 9)))
    say(f"{YEAR} 年党建联席会：{bodies} 个社区建立联席会，{decided} 条意见建议经会议议定。")


def delete(district) -> int:
    """Remove the district's bodies, meetings, attendance, agendas and decisions (and their
    change-log rows), before the suggestions and tasks they point at go."""
    in_district = {"community__street__district": district}
    total = delete_with_changes(Decision, Decision.objects.filter(item__meeting__community__street__district=district))
    total += delete_with_changes(AgendaItem, AgendaItem.objects.filter(meeting__community__street__district=district))
    total += delete_with_changes(Attendance, Attendance.objects.filter(meeting__community__street__district=district))
    total += delete_with_changes(Meeting, Meeting.objects.filter(**in_district))
    total += delete_with_changes(BodyMember, BodyMember.objects.filter(body__community__street__district=district))
    total += delete_with_changes(JointMeetingBody, JointMeetingBody.objects.filter(**in_district))
    return total
