"""The briefing's figures of target management, counted from the database at call time:

- ``tasks``: tasks in the year's published plans (271 units took 284 tasks);
- ``participating_units``: resident units leading or co-organising at least one of them;
- ``unit_items``: community-building items of the year a resident unit led or assisted;
- ``unit_funds_yuan``: the funds resident units contributed to those items, in yuan.

Registered with the reports app's statistics from ``TargetsConfig.ready()``.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, Sum

from gongjian.registry.models import Organisation

from .models import AnnualPlan, BuildingItem, Contribution, Task

UNIT = Organisation.Kind.RESIDENT_UNIT


def _in_district(prefix: str, district) -> Q:
    if district is None:
        return Q()
    return Q(**{f"{prefix}street__district_id": getattr(district, "pk", district)})


def _year_tasks(year: int, district):
    """Tasks of the year's published plans: a draft plan's tasks are not yet anyone's work."""
    return Task.objects.filter(_in_district("plan__community__", district), plan__year=year, plan__status=AnnualPlan.Status.PUBLISHED)


def tasks(*, year: int, district=None) -> int:
    return _year_tasks(year, district).count()


def participating_units(*, year: int, district=None) -> int:
    year_tasks = _year_tasks(year, district)
    through = Task.co_organisers.through
    return (
        Organisation.objects.filter(kind=UNIT)
        .filter(
            Q(pk__in=year_tasks.values("lead_organisation_id"))
            | Q(pk__in=through.objects.filter(task__in=year_tasks).values("organisation_id"))
        )
        .count()
    )


def _unit_contributions(year: int, district):
    return Contribution.objects.filter(
        _in_district("item__community__", district),
        item__year=year,
        organisation__kind=UNIT,
        role__in=[Contribution.Role.LEAD, Contribution.Role.ASSIST],
    )


def unit_items(*, year: int, district=None) -> int:
    return BuildingItem.objects.filter(pk__in=_unit_contributions(year, district).values("item_id")).count()


def unit_funds_yuan(*, year: int, district=None) -> int | Decimal:
    """Whole yuan as an integer; with fen, the exact decimal."""
    total = _unit_contributions(year, district).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    total = Decimal(total).quantize(Decimal("0.01"))
    return int(total) if total == total.to_integral_value() else total


FIGURES = {
    "tasks": tasks,
    "participating_units": participating_units,
    "unit_items": unit_items,
    "unit_funds_yuan": unit_funds_yuan,
}
