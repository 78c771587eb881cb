"""The app's sections of shared pages: ``/accounts/me/`` (my posts) and the dashboard (what
waits for the community's decision)."""

from __future__ import annotations

from . import access, selectors
from .models import Holding, ServiceEntry

#: My holdings with their confirmed hours, and my person record (specialties).
ME_QUERIES = 3


def me_context(request) -> dict:
    holdings = list(selectors.my_holdings(user=request.user)[:20])
    return {"posts_holdings": holdings, "posts_person": access.own_person(request.user)}


DASHBOARD_QUERIES = 2


def dashboard_context(request) -> dict | None:
    claims = access.staff_holdings(request.user).filter(status=Holding.Status.PENDING).count()
    entries = access.staff_entries(request.user).filter(status=ServiceEntry.Status.SUBMITTED).count()
    return {"posts_claims": claims, "posts_entries": entries}
