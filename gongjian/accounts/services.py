"""Role assignments change only here, each with its change-log row (shown in the history of
the person it concerns). The Django admin only reads them."""

from __future__ import annotations

from django.db import transaction

from gongjian.core.services import create_logged, delete_logged

from .models import ROLE_SCOPE_FIELD, Role, RoleAssignment


@transaction.atomic
def role_assign(*, actor, user, role: str, scope, source: str = "") -> RoleAssignment:
    """Give ``user`` the ``role`` over ``scope`` (a district, street, community, organisation or
    person, as the role needs); an existing identical assignment is returned unchanged."""
    field = ROLE_SCOPE_FIELD[Role(role)]
    existing = RoleAssignment.objects.filter(user=user, role=role, **{field: scope}).first()
    if existing:
        return existing
    return create_logged(RoleAssignment, actor=actor, source=source, user=user, role=role, **{field: scope})


@transaction.atomic
def role_remove(*, actor, assignment: RoleAssignment, source: str = "") -> None:
    delete_logged(assignment, actor=actor, source=source)
