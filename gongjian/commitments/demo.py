"""The demo's annual conferences: early February 2010, once every community's plan is set,
each community holds its 年度工作任务分解与个人“设岗定责”大会 with the units leading its tasks
and its Party members. 江滨社区's is left for the demo's community login to record."""

from __future__ import annotations

import datetime

from django.db import transaction

from gongjian.core.services import delete_with_changes
from gongjian.registry.models import Community, Person
from gongjian.targets.models import AnnualPlan

from . import services
from .models import Conference, ConferencePhoto, PackJob

YEAR = 2010
#: The community the demo's ``jiangbin`` login runs: its conference is for the user to record.
LEFT_TO_RECORD = "江滨社区"


def build(district, *, say=lambda message: None) -> bool:
    if Conference.objects.filter(community__street__district=district).exists():
        say(f"{district.name}：年度大会已存在，未作改动。")
        return False
    with transaction.atomic():
        n = 0
        plans = {p.community_id: p for p in AnnualPlan.objects.filter(community__street__district=district, year=YEAR)}
        communities = Community.objects.filter(street__district=district).exclude(name=LEFT_TO_RECORD).order_by("street__name", "name")
        for i, community in enumerate(communities):
            plan = plans.get(community.pk)
            if plan is None:
                continue
            units = list({t.lead_organisation_id for t in plan.tasks.all() if t.lead_organisation_id})
            members = list(Person.objects.filter(community=community, is_party_member=True).order_by("name", "id")[:20])
            services.conference_create(
                actor=None, community=community, year=YEAR, date=datetime.date(YEAR, 2, 2 + i % 8),
                place=f"{community.name}居委会会议室", plan=plan, organisations=units, people=members,
                headcount=len(units) * 2 + len(members) + 10,
            )
            n += 1
        say(f"{district.name}：{n} 个社区的年度工作任务分解与个人“设岗定责”大会。")
    return True


def delete(district) -> int:
    """Remove the district's conferences, their photos and packs (and change-log rows)."""
    in_district = {"conference__community__street__district": district}
    total = delete_with_changes(PackJob, PackJob.objects.filter(**in_district))
    total += delete_with_changes(ConferencePhoto, ConferencePhoto.objects.filter(**in_district))
    total += delete_with_changes(Conference, Conference.objects.filter(community__street__district=district))
    return total
