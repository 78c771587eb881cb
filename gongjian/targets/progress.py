"""Weighted progress roll-up: milestones → task → plan → community → street → district.

A task with milestones is as far as the weighted mean of its milestones; a task without is as
far as its latest monthly report says. Above the task, every level is the weighted mean of
its tasks' progress (each task's ``weight``), computed in the database in one query per
table, never by loading tasks one by one.

Monthly reporting: a report for month M covers the work of M. As of a date in month N the
reports up to month N−1 are due, from the plan's first reporting month (February) to the
month of the task's deadline. A task not yet complete whose last due month has no report is
flagged.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

#: Reports are due from this month of the plan's year (January is for planning).
FIRST_REPORT_MONTH = 2


def _round(value: Decimal | float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def weighted_percent(pairs: Iterable[tuple[int, int]]) -> int:
    """Σ weight·percent / Σ weight, rounded half up; 0 when there is nothing to weigh."""
    total_w = total = 0
    for weight, percent in pairs:
        total_w += weight
        total += weight * percent
    if not total_w:
        return 0
    return _round(Decimal(total) / Decimal(total_w))


def milestone_percent(milestones: Sequence) -> int:
    return weighted_percent((m.weight, m.percent) for m in milestones)


def spread(milestones: Sequence, percent: int) -> list[int]:
    """Milestone percents (in the given order, earliest first) that roll up to ``percent``:
    the steps are filled in order, as the work is done step by step (分步实施)."""
    total_w = sum(m.weight for m in milestones)
    if not milestones:
        return []
    remaining = Decimal(percent) * total_w / 100
    result = []
    for m in milestones:
        if remaining >= m.weight:
            result.append(100)
            remaining -= m.weight
        elif remaining > 0:
            result.append(min(100, _round(remaining * 100 / m.weight)))
            remaining = Decimal(0)
        else:
            result.append(0)
    return result


def month_of(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


def add_months(value: datetime.date, n: int) -> datetime.date:
    index = value.year * 12 + value.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def last_due_month(*, year: int, deadline: datetime.date, as_of: datetime.date | None = None) -> datetime.date | None:
    """The latest month whose report is due as of ``as_of`` (default today), or None."""
    as_of = as_of or timezone.localdate()
    last = min(add_months(month_of(as_of), -1), month_of(deadline), datetime.date(year, 12, 1))
    first = datetime.date(year, FIRST_REPORT_MONTH, 1)
    return last if last >= first else None


def report_missing(task, *, as_of: datetime.date | None = None) -> bool:
    """True when the task is not complete and its last due month has no report."""
    if task.percent >= 100:
        return False
    due = last_due_month(year=task.plan.year, deadline=task.deadline, as_of=as_of)
    if due is None:
        return False
    return task.last_report_month is None or task.last_report_month < due


def overdue(task, *, as_of: datetime.date | None = None) -> bool:
    """Past its deadline and not complete."""
    as_of = as_of or timezone.localdate()
    return task.percent < 100 and task.deadline < as_of


def missing_by(tasks: QuerySet, level: str, *, as_of: datetime.date | None = None) -> dict:
    """{key: number of tasks flagged for a missing report} per plan, community, street or
    district; one query over a few columns (the rule needs date arithmetic per task)."""
    group = _GROUPS[level]
    counts: dict = {}
    fields = ("percent", "deadline", "last_report_month", "plan__year", group)
    for percent, deadline, last, year, key in tasks.values_list(*fields):
        if percent >= 100:
            continue
        due = last_due_month(year=year, deadline=deadline, as_of=as_of)
        if due is not None and (last is None or last < due):
            counts[key] = counts.get(key, 0) + 1
    return counts


_GROUPS = {
    "plan": "plan_id",
    "community": "plan__community_id",
    "street": "plan__community__street_id",
    "district": "plan__community__street__district_id",
}


@dataclass
class Rollup:
    """One row of the roll-up: what it is, how many tasks, their weighted progress."""

    key: object
    label: str
    tasks: int
    percent: int
    done: int = 0


def _rollup_values(qs: QuerySet, group: str | None):
    aggregates = {
        "n": Count("id"),
        "w": Sum("weight"),
        "wp": Sum(F("weight") * F("percent")),
        "done": Count("id", filter=Q(percent__gte=100)),
    }
    if group is None:
        return [qs.aggregate(**aggregates)]
    return list(qs.values(group).annotate(**aggregates).order_by(group))


def _percent(row) -> int:
    if not row.get("w"):
        return 0
    return _round(Decimal(row["wp"] or 0) / Decimal(row["w"]))


def rollup(tasks: QuerySet) -> Rollup:
    """The weighted progress of a set of tasks (a plan, a community, a street, a district)."""
    row = _rollup_values(tasks, None)[0]
    return Rollup(key=None, label="", tasks=row["n"] or 0, percent=_percent(row), done=row["done"] or 0)


def rollup_by(tasks: QuerySet, level: str) -> dict:
    """{key: Rollup} for every community, street or district the tasks fall in; ``level`` is
    "plan", "community", "street" or "district"."""
    group = _GROUPS[level]
    return {
        row[group]: Rollup(key=row[group], label="", tasks=row["n"], percent=_percent(row), done=row["done"])
        for row in _rollup_values(tasks, group)
    }
