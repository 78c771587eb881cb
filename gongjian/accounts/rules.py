"""Permissions of the shared services (core's pages), declared with the roles they need."""

import rules

from .predicates import is_district_office

# Notices that could not be delivered: the district office follows them up.
rules.add_perm("core.view_failed_notices", is_district_office)
