"""Every permission of the annual conference, declared once (``accounts.access``).

The community Party organisation records its conference (date, place, attendance, photos);
staff (community, street, district) see the conferences of their scope and build their packs;
a unit's liaison sees its community's conference."""

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

from .models import Conference, ConferencePhoto, PackJob

paths(Conference, view="commitments.view_conference", community="community")
paths(ConferencePhoto, through="conference")
paths(PackJob, view="commitments.build_pack", through="conference")

declare("commitments.view_conference", Grant(STAFF, STAFF_COMMUNITIES), Grant(LIAISON, COMMUNITIES))
declare("commitments.manage_conference", Grant(COMMUNITY_PARTY, STAFF_COMMUNITIES))
declare("commitments.build_pack", Grant(STAFF, STAFF_COMMUNITIES))
