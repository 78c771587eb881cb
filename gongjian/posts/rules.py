"""Every permission of individual post-setting, declared once from the role predicates.

The district office keeps the catalogue of post kinds; the community Party organisation sets
its posts, assigns and approves holders and confirms their service; the street and district
see across their scope. A member (or a resident with a record) claims posts and logs their
own service; an organisation's liaison reads the log of its own people, masked."""

import rules

from gongjian.accounts.predicates import (
    is_community_party,
    is_district_office,
    is_member,
    is_org_liaison,
    is_resident,
    is_staff_role,
    object_in_staff_scope,
    staff_in_scope,
)

from .access import object_held_by_own_people, object_is_own_holding

community_in_scope = is_community_party & object_in_staff_scope

rules.add_perm("posts.manage_kinds", is_district_office)
rules.add_perm("posts.view_post", staff_in_scope)
rules.add_perm("posts.change_post", community_in_scope)
rules.add_perm("posts.export_roster", is_staff_role)
# Members and residents: their own holdings and service log only.
rules.add_perm("posts.claim_post", is_member | is_resident)
rules.add_perm("posts.log_service", (is_member | is_resident) & object_is_own_holding)
rules.add_perm(
    "posts.view_log",
    staff_in_scope | ((is_member | is_resident) & object_is_own_holding) | (is_org_liaison & object_held_by_own_people),
)
