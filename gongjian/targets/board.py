"""The target-management sections of the public board (``/c/<slug>/``), registered with
``core.extensions.board_sections`` from ``TargetsConfig.ready()``:

- ``targets`` (head): the year's plan, its figures, the print buttons and the other years;
- ``tasks``: the tasks by category, each with its latest report, photos, the suggestions it came
  from and residents' published feedback with the staff's answers.
"""

from __future__ import annotations

from collections import OrderedDict

from django.http import Http404
from django.utils import timezone

from . import progress, selectors

#: Queries of the head section: the plan, its years, then the tasks with their prefetches
#: (lead unit, co-organisers, latest report and its photos, source suggestions, feedback).
HEAD_QUERIES = 7


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


def board_context(request, *, community) -> dict:
    """The plan, its tasks (flagged and grouped by category) and the board's figures, in a
    fixed number of queries whatever the number of tasks."""
    year = _year(request)
    plan = selectors.board_plan(community=community, year=year)
    if plan is None and year is not None:
        raise Http404
    ctx = {"plan": plan, "years": selectors.board_years(community=community), "groups": [], "tasks": []}
    if plan is None:
        return ctx
    tasks = list(selectors.board_tasks(plan=plan))
    today = timezone.localdate()
    groups: OrderedDict = OrderedDict()
    stamps = [plan.updated_at]
    for task in sorted(tasks, key=lambda t: (t.category.order, t.category.name, t.number)):
        task.plan = plan  # the plan is already here: no query per task for its year
        task.report_missing = progress.report_missing(task, as_of=today)
        task.overdue = progress.overdue(task, as_of=today)
        groups.setdefault(task.category, []).append(task)
        stamps.append(task.updated_at)
        if task.latest_report is not None:
            stamps.append(task.latest_report.updated_at)
        stamps += [f.updated_at for f in task.published_feedback]
    ctx.update(
        tasks=tasks,
        groups=list(groups.items()),
        percent=progress.weighted_percent((t.weight, t.percent) for t in tasks),
        done=sum(1 for t in tasks if t.percent >= 100),
        missing=sum(1 for t in tasks if t.report_missing),
        units=len({t.lead_organisation_id for t in tasks if t.lead_organisation_id} | {o.pk for t in tasks for o in t.co_organisers.all()}),
        last_updated=max(stamps),
    )
    return ctx


def register_board_sections() -> None:
    from gongjian.core.extensions import board_sections

    board_sections.register("targets", order=10, template="targets/board_head.html", context=board_context, queries=HEAD_QUERIES)
    board_sections.register("tasks", order=30, template="targets/board_tasks.html")
