"""Every permission of the solicitation of suggestions, declared once (``accounts.access``).

The community Party organisation runs its campaigns, enters paper and door-to-door
suggestions on people's behalf and merges duplicates; the street and district see across
their scope; a unit's liaison sees its community's suggestions, without who wrote them
(names, contacts and photos of the paper are for staff: ``view_contact``). The public submits through
the public form and reads outcomes on public pages (no permission needed)."""

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

from .models import Campaign, Suggestion

paths(Campaign, view="suggestions.view_suggestion", community="community")
paths(Suggestion, view="suggestions.view_suggestion", community="community")

COMMUNITY_HERE = Grant(COMMUNITY_PARTY, STAFF_COMMUNITIES)

declare("suggestions.view_suggestion", Grant(STAFF, STAFF_COMMUNITIES), Grant(LIAISON, COMMUNITIES))
# Who wrote a suggestion, their contact and the photo of their paper: community staff and above.
declare("suggestions.view_contact", Grant(STAFF, STAFF_COMMUNITIES))
# Hide a suggestion's text from the public pages, and see what visitors reported (举报).
declare("suggestions.hide_suggestion", Grant(STAFF, STAFF_COMMUNITIES))
declare("suggestions.manage_campaign", COMMUNITY_HERE)
declare("suggestions.enter_suggestion", COMMUNITY_HERE)
declare("suggestions.merge_suggestion", COMMUNITY_HERE)
