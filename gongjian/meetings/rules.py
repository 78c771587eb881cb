"""Every permission of the joint meeting, declared once from the role predicates.

The community Party organisation runs its joint meeting body, its meetings, their agenda and
decisions and the minutes; the street and district see across their scope; a unit's liaison
sees its community's meetings. Published minutes and decisions are on the public pages."""

import rules

from gongjian.accounts.predicates import (
    is_community_party,
    is_org_liaison,
    object_in_reach,
    object_in_staff_scope,
    staff_in_scope,
)

community_in_scope = is_community_party & object_in_staff_scope

rules.add_perm("meetings.view_meeting", staff_in_scope | (is_org_liaison & object_in_reach))
rules.add_perm("meetings.manage_body", community_in_scope)
rules.add_perm("meetings.manage_meeting", community_in_scope)
rules.add_perm("meetings.decide", community_in_scope)
rules.add_perm("meetings.approve_minutes", community_in_scope)
