"""Every permission of the solicitation of suggestions, declared once from the role predicates.

The community Party organisation runs its campaigns, enters paper and door-to-door
suggestions on people's behalf and merges duplicates; the street and district see across
their scope; a unit's liaison sees its community's suggestions. The public submits through
the public form and reads outcomes on public pages (no permission needed)."""

import rules

from gongjian.accounts.predicates import (
    is_community_party,
    is_org_liaison,
    object_in_reach,
    object_in_staff_scope,
    staff_in_scope,
)

community_in_scope = is_community_party & object_in_staff_scope

rules.add_perm("suggestions.view_suggestion", staff_in_scope | (is_org_liaison & object_in_reach))
rules.add_perm("suggestions.manage_campaign", community_in_scope)
rules.add_perm("suggestions.enter_suggestion", community_in_scope)
rules.add_perm("suggestions.merge_suggestion", community_in_scope)
