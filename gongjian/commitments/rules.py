"""Every permission of the annual conference, declared once from the role predicates.

The community Party organisation records its conference (date, place, attendance, photos)
and builds its pack; the street and district see the conferences of their scope and may build
their packs too; a unit's liaison sees its community's conference."""

import rules

from gongjian.accounts.predicates import (
    is_community_party,
    is_org_liaison,
    object_in_reach,
    object_in_staff_scope,
    staff_in_scope,
)

rules.add_perm("commitments.view_conference", staff_in_scope | (is_org_liaison & object_in_reach))
rules.add_perm("commitments.manage_conference", is_community_party & object_in_staff_scope)
rules.add_perm("commitments.build_pack", staff_in_scope)
