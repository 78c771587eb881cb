"""Every registry permission, declared once from the role predicates."""

import rules

from gongjian.accounts.predicates import (
    is_district_office,
    is_org_liaison,
    is_staff_role,
    is_street_committee,
    object_in_staff_scope,
    object_is_own_organisation,
    object_is_own_person,
    staff_in_scope,
)

# Places: the drill-down district → street → community.
rules.add_perm("registry.view_place", is_staff_role | is_org_liaison)
rules.add_perm("registry.add_community", is_district_office | is_street_committee)
rules.add_perm("registry.change_community", (is_district_office | is_street_committee) & object_in_staff_scope)

# Organisations: staff manage those in their scope; a liaison keeps its own up to date.
rules.add_perm("registry.view_organisation", is_staff_role | is_org_liaison)
rules.add_perm("registry.add_organisation", is_staff_role)
rules.add_perm("registry.change_organisation", staff_in_scope | (is_org_liaison & object_is_own_organisation))

# People: staff manage; a liaison sees its organisation's people (masked); everyone their own.
rules.add_perm("registry.view_person", is_staff_role | is_org_liaison)
rules.add_perm("registry.add_person", is_staff_role)
rules.add_perm("registry.change_person", staff_in_scope)
rules.add_perm("registry.view_own_person", rules.is_authenticated & object_is_own_person)
# Mobiles and addresses in full: only the staff responsible for that community.
rules.add_perm("registry.view_personal_data", staff_in_scope)

# Excel in and out.
rules.add_perm("registry.import_data", is_staff_role)
rules.add_perm("registry.export_data", is_staff_role | is_org_liaison)

# The history tab of any registry object.
rules.add_perm("core.view_history", is_staff_role | is_org_liaison)
