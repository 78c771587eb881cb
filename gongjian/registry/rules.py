"""Every registry permission, declared once (``accounts.access``): the paths from each registry
object to the places roles are scoped by, then who may do what within which part of their
scope. The predicate, the selectors' filter and the views' fetch are derived from these."""

from gongjian.accounts.access import (
    ANY_USER,
    COMMUNITIES,
    DISTRICT_OFFICE,
    DISTRICTS,
    LIAISON,
    ORGANISATIONS,
    PEOPLE,
    STAFF,
    STAFF_COMMUNITIES,
    STREET_COMMITTEE,
    STREETS,
    Grant,
    declare,
    paths,
)

from .models import Community, District, Organisation, Person, Street

paths(District, view="registry.view_place", community="streets__communities", street="streets", district="pk")
paths(Street, view="registry.view_place", community="communities", street="pk", district="district")
paths(Community, view="registry.view_place", community="pk")
paths(Organisation, view="registry.view_organisation", community="community", organisation="pk")
paths(Person, view="registry.view_person", community="community", person="pk", affiliated_organisation="affiliations__organisation")

STAFF_HERE = Grant(STAFF, STAFF_COMMUNITIES)

# Places: the drill-down district → street → community, as far as the user's roles reach.
declare("registry.view_place", Grant(STAFF + LIAISON, COMMUNITIES))
declare("registry.add_community", Grant(DISTRICT_OFFICE, DISTRICTS), Grant(STREET_COMMITTEE, STREETS))
declare("registry.change_community", Grant(DISTRICT_OFFICE + STREET_COMMITTEE, STAFF_COMMUNITIES))

# Organisations: staff manage those in their scope; a liaison keeps its own up to date.
declare("registry.view_organisation", STAFF_HERE, Grant(LIAISON, ORGANISATIONS))
declare("registry.add_organisation", STAFF_HERE)
declare("registry.change_organisation", STAFF_HERE, Grant(LIAISON, ORGANISATIONS))

# People: staff manage; a liaison sees its organisation's people (masked); everyone their own.
declare(
    "registry.view_person",
    STAFF_HERE, Grant(STAFF + LIAISON, PEOPLE), Grant(LIAISON, ORGANISATIONS, via="affiliated_organisation"),
)
declare("registry.add_person", STAFF_HERE)
declare("registry.change_person", STAFF_HERE)
declare("registry.view_own_person", Grant(ANY_USER, PEOPLE))
# Mobiles and addresses in full: only the staff responsible for that community.
declare("registry.view_personal_data", STAFF_HERE)

# Excel in and out.
declare("registry.import_data", STAFF_HERE)
declare("registry.export_data", STAFF_HERE, Grant(LIAISON, ORGANISATIONS))

# The history tab of any registry object (which objects: the model's own selector).
declare("core.view_history", Grant(STAFF + LIAISON))
