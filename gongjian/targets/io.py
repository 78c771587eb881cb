"""Excel for target management, on the column-spec engine of ``gongjian.core.xlsx``:

- the task decomposition table (任务分解表) of one annual plan, with every column of a task:
  exported as it stands, imported back all or nothing (an ID column updates that task, an
  empty ID adds one), as a template to fill in;
- the monthly progress sheet (月度进展表) of an organisation's tasks for one month, exported
  with what was reported so far and imported back as that month's reports.

Both check every row before writing anything and report errors as (row, column, message in
Chinese); exports store every string as text, so nothing is ever taken for a formula.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from gongjian.core import xlsx
from gongjian.core.changelog import snapshot
from gongjian.core.exceptions import ConflictError
from gongjian.core.masking import mask_mobile
from gongjian.core.xlsx import (
    Choice,
    CleanRow,
    Column,
    Decimal,
    ImportContext,
    Integer,
    RowError,
    SheetSpec,
    split_names,
)
from gongjian.registry.models import Affiliation

from . import progress, services
from .forms import organisations_for
from .models import AnnualPlan, ProgressReport, Task, WorkCategory

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")



def _lead_name(task, ctx) -> str:
    """The lead organisation's name, empty for a task not assigned yet."""
    return task.lead_organisation.name if task.lead_organisation_id else ""

class DateValue:
    """A date cell, or text such as 2010-06-30, 2010/6/30 or 2010年6月30日."""

    empty = None

    def __call__(self, value) -> datetime.date:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        match = _DATE.fullmatch(str(value).strip())
        if match:
            try:
                return datetime.date(*(int(g) for g in match.groups()))
            except ValueError:
                pass
        raise ValidationError(_("Enter a date such as 2010-06-30."))


class MonthValue:
    """A month: 2010-06, 2010年6月, or any date in it."""

    empty = None

    def __call__(self, value) -> datetime.date:
        if isinstance(value, datetime.datetime | datetime.date):
            return datetime.date(value.year, value.month, 1)
        text = str(value).strip()
        match = _MONTH.match(text)
        if match and (match.end() == len(text) or _DATE.fullmatch(text)):
            year, month = int(match.group(1)), int(match.group(2))
            if 1 <= month <= 12:
                return datetime.date(year, month, 1)
        raise ValidationError(_("Enter a month such as 2010-06."))


def _liaison_phone(task, ctx) -> str:
    if task.liaison is None:
        return ""
    return task.liaison.mobile if ctx.full(task) else mask_mobile(task.liaison.mobile)


def _date(value) -> str:
    return value.isoformat() if value else ""


def _service_errors(spec: SheetSpec, row: CleanRow, exc: Exception) -> xlsx.RowConflict:
    if isinstance(exc, ConflictError):
        return xlsx.RowConflict([RowError(row.number, spec.header_for("id"), str(exc.message))])
    return xlsx.RowConflict(xlsx.errors_from_validation(spec, row.number, exc))


# --------------------------------------------------------------------------------------------
# The task decomposition table of one plan
# --------------------------------------------------------------------------------------------

EXPORT_ONLY = pgettext_lazy("excel help", "Filled in by the export; ignored on import.")


class TaskSheet(SheetSpec):
    """任务分解表: one row per task of one annual plan."""

    kind = "tasks"
    name = pgettext_lazy("excel sheet", "Task decomposition table")
    model = Task
    FIELDS = (
        "number", "title", "description", "target_what", "target_quantity", "target_unit", "target_date", "deadline",
        "leader_name", "leader_title", "budget", "weight",
    )
    notes = (
        pgettext_lazy("excel help", "One sheet is one community's plan for one year: import it on that plan's page."),
        pgettext_lazy("excel help", "Lead organisation and co-organising units: by name, organisations standing in or serving the community; several co-organisers separated by 、."),
    )
    base_columns = [
        Column("id", pgettext_lazy("excel column", "Task ID"), parse=Integer(min_value=1), export=lambda t, ctx: t.pk, help=pgettext_lazy("excel help", "Empty for a new task; filled in by the export to update that task."), width=8),
        Column("number", pgettext_lazy("excel column", "No."), parse=Integer(min_value=1, max_value=999), help=pgettext_lazy("excel help", "The task's number in the plan; empty: after the last."), example="1", width=6),
        Column("category", pgettext_lazy("excel column", "Work category"), required=True, export=lambda t, ctx: t.category.name, help=pgettext_lazy("excel help", "One of the district's five work categories."), width=12),
        Column("title", pgettext_lazy("excel column", "Task"), required=True, help=pgettext_lazy("excel help", "A short name for the task."), example="老旧下水道改造", width=22),
        Column("description", pgettext_lazy("excel column", "Task content"), help=pgettext_lazy("excel help", "What the task involves."), example="驻区单位共同出资改造老旧小区破损下水道", width=30),
        Column("target_what", pgettext_lazy("excel column", "Target"), required=True, help=pgettext_lazy("excel help", "What is to be achieved (指标)."), example="改造破损下水管道", width=24),
        Column("target_quantity", pgettext_lazy("excel column", "Target quantity"), parse=Decimal(places=2), help=pgettext_lazy("excel help", "How much, as a number."), example="800", width=10),
        Column("target_unit", pgettext_lazy("excel column", "Unit of measure"), help=pgettext_lazy("excel help", "e.g. 米, 个, 次, 户."), example="米", width=8),
        Column("target_date", pgettext_lazy("excel column", "Target date"), parse=DateValue(), export=lambda t, ctx: _date(t.target_date), help=pgettext_lazy("excel help", "By when the target is to be reached, if earlier than the deadline (2010-06-30)."), width=12),
        Column("deadline", pgettext_lazy("excel column", "Deadline"), required=True, parse=DateValue(), export=lambda t, ctx: _date(t.deadline), help=pgettext_lazy("excel help", "完成时限, in the plan's year (2010-09-30)."), example="2010-09-30", width=12),
        Column("lead_organisation", pgettext_lazy("excel column", "Lead organisation"), export=_lead_name, help=pgettext_lazy("excel help", "责任单位, by name; may stay empty while the plan is a draft."), example="国网三明供电公司列东供电所", width=24),
        Column("leader_name", pgettext_lazy("excel column", "Responsible leader"), help=pgettext_lazy("excel help", "责任领导: the leader's name."), example="王建国", width=10),
        Column("leader_title", pgettext_lazy("excel column", "Leader's post"), help=pgettext_lazy("excel help", "The leader's post, e.g. 所长."), example="所长", width=10),
        Column("liaison", pgettext_lazy("excel column", "Liaison"), export=lambda t, ctx: t.liaison.name if t.liaison_id else "", help=pgettext_lazy("excel help", "联络员: the name of a person of the lead organisation (its liaison or head)."), width=10),
        Column("liaison_phone", pgettext_lazy("excel column", "Liaison's phone"), export=_liaison_phone, help=EXPORT_ONLY, width=14, text_format=True),
        Column("co_organisers", pgettext_lazy("excel column", "Co-organising units"), export=lambda t, ctx: "、".join(o.name for o in t.co_organisers.all()), help=pgettext_lazy("excel help", "协办单位, by name, separated by 、."), width=30),
        Column("budget", pgettext_lazy("excel column", "Budget (yuan)"), parse=Decimal(places=2), help=pgettext_lazy("excel help", "In yuan, to the fen."), example="30000", width=12),
        Column("weight", pgettext_lazy("excel column", "Weight"), parse=Integer(min_value=1, max_value=100), default=1, help=pgettext_lazy("excel help", "How much the task counts in the roll-up (1 if empty)."), example="1", width=6),
        Column("percent", pgettext_lazy("excel column", "Progress (%)"), parse=Integer(min_value=0, max_value=100), help=EXPORT_ONLY, width=8),
    ]

    def __init__(self, plan: AnnualPlan):
        self.plan = plan
        district = plan.community.street.district_id
        self.categories = list(WorkCategory.objects.filter(district_id=district).order_by("order", "name"))
        names = [c.name for c in self.categories]
        self.columns = [dataclasses.replace(c, choices=names, example=names[0] if names else "") if c.key == "category" else c for c in self.base_columns]

    def prepare(self, ctx: ImportContext, rows: list[CleanRow]) -> None:
        plan = self.plan
        orgs = list(organisations_for(plan.community))
        ctx.data["orgs"] = {o.name: o for o in orgs}
        ctx.data["categories"] = {c.name: c for c in self.categories}
        tasks = {t.pk: t for t in plan.tasks.select_related("category", "lead_organisation", "liaison").prefetch_related("co_organisers")}
        ctx.data["existing"] = tasks
        ctx.data["before"] = {pk: snapshot(t) for pk, t in tasks.items()}
        ctx.data["versions"] = {pk: t.version for pk, t in tasks.items()}
        people = Affiliation.objects.filter(organisation__in=orgs).select_related("person")
        by_org: dict[int, dict[str, object]] = {}
        for a in people:
            by_org.setdefault(a.organisation_id, {}).setdefault(a.person.name, a.person)
        ctx.data["people"] = by_org
        ctx.data["may_change"] = ctx.user.has_perm("targets.change_plan", plan)

    def _org(self, ctx, name: str, key: str):
        org = ctx.data["orgs"].get(name)
        if org is None:
            raise ValidationError({key: _("“%(name)s” is not an organisation standing in or serving %(community)s.") % {"name": name, "community": self.plan.community.name}})
        return org

    def build(self, ctx, row):
        if not ctx.data["may_change"]:
            raise ValidationError({"id": _("You may not change this plan.")})
        v = row.values
        pk = v.get("id")
        if pk:
            obj = ctx.data["existing"].get(pk)
            if obj is None:
                raise ValidationError({"id": _("There is no task with ID %(id)s in this plan.") % {"id": pk}})
            row.before, row.extra["version"] = ctx.data["before"][pk], ctx.data["versions"][pk]
        else:
            obj = Task(plan=self.plan)
        fields = {f: v[f] for f in self.FIELDS if f in ctx.present}
        if fields.get("number") is None:
            fields.pop("number", None)
        if "weight" in fields and fields["weight"] is None:
            fields["weight"] = 1
        category = ctx.data["categories"].get(v["category"])
        if category is None:
            raise ValidationError({"category": _("“%(value)s” is not one of the work categories: %(choices)s.") % {"value": v["category"], "choices": "、".join(ctx.data["categories"])}})
        fields["category"] = category
        lead = self._org(ctx, v["lead_organisation"], "lead_organisation") if v["lead_organisation"] else None
        fields["lead_organisation"] = lead
        if "liaison" in ctx.present:
            liaison = None
            if v["liaison"] and lead is None:
                raise ValidationError({"liaison": _("Name the lead organisation before its liaison.")})
            if v["liaison"]:
                liaison = ctx.data["people"].get(lead.pk, {}).get(v["liaison"])
                if liaison is None:
                    raise ValidationError({"liaison": _("%(name)s is not a person of %(org)s.") % {"name": v["liaison"], "org": lead.name}})
            fields["liaison"] = liaison
        co = None
        if "co_organisers" in ctx.present:
            co = [self._org(ctx, name, "co_organisers") for name in split_names(v["co_organisers"])]
            if lead is not None and any(o.pk == lead.pk for o in co):
                raise ValidationError({"co_organisers": _("The lead organisation cannot also be a co-organiser.")})
        for name, value in fields.items():
            setattr(obj, name, value)
        if obj.number is None:
            obj.number = 0  # placed after the last when written
        obj.full_clean(exclude=["plan", "category", "lead_organisation", "liaison", "number"], validate_constraints=False)
        row.obj, row.extra["fields"], row.extra["co"] = obj, fields, co
        if pk:
            after = snapshot(obj)
            if co is not None:
                after["co_organisers"] = sorted(o.pk for o in co)
            row.action = "update" if after != row.before else "unchanged"
        else:
            row.action = "create"

    def check(self, ctx, rows):
        errors = []
        first_id: dict = {}
        first_number: dict = {}
        in_sheet = {r.obj.pk for r in rows if r.obj.pk}
        taken = {t.number: pk for pk, t in ctx.data["existing"].items() if pk not in in_sheet}
        for row in rows:
            pk = row.obj.pk
            if pk:
                if pk in first_id:
                    errors.append(RowError(row.number, self.header_for("id"), _("This ID appears more than once in the sheet (rows %(first)s and %(row)s).") % {"first": first_id[pk], "row": row.number}))
                first_id.setdefault(pk, row.number)
            number = row.extra["fields"].get("number")
            if number:
                if number in first_number:
                    errors.append(RowError(row.number, self.header_for("number"), _("This number appears more than once in the sheet (rows %(first)s and %(row)s).") % {"first": first_number[number], "row": row.number}))
                elif number in taken:
                    errors.append(RowError(row.number, self.header_for("number"), _("Task number %(number)s is already taken in this plan.") % {"number": number}))
                first_number.setdefault(number, row.number)
        return errors

    def write(self, ctx, rows):
        total = len(rows)
        for done, row in enumerate(rows, start=1):
            try:
                if row.action == "create":
                    row.obj = services.task_create(
                        actor=ctx.user, plan=self.plan, co_organisers=row.extra["co"] or (), source=xlsx.SOURCE, **row.extra["fields"],
                    )
                elif row.action == "update":
                    services.task_update(
                        actor=ctx.user, task=row.obj, expected_version=row.extra["version"], co_organisers=row.extra["co"],
                        source=xlsx.SOURCE, **row.extra["fields"],
                    )
            except (ConflictError, ValidationError) as exc:
                raise _service_errors(self, row, exc) from exc
            ctx.report("writing", done, total)

    def export_queryset(self, queryset):
        return queryset.select_related("category", "lead_organisation", "liaison", "plan").prefetch_related("co_organisers").order_by("number")


# --------------------------------------------------------------------------------------------
# The monthly progress sheet
# --------------------------------------------------------------------------------------------


def _report_of(task, ctx):
    reports = getattr(task, "month_reports", None)
    return reports[0] if reports else None


def _report_value(field: str):
    def export(task, ctx):
        report = _report_of(task, ctx)
        if report is None:
            return task.percent if field == "percent" else ""
        value = getattr(report, field)
        if field == "status":
            return ProgressReport.Status(value).label
        return value

    return export


class ProgressSheet(SheetSpec):
    """月度进展表: one row per task, the month's report on it. Any tasks the user may report on
    (a liaison: those its organisation leads), of any plan."""

    kind = "progress"
    name = pgettext_lazy("excel sheet", "Monthly progress")
    model = ProgressReport
    notes = (
        pgettext_lazy("excel help", "One row per task and month: a row for a month already reported replaces that report."),
        pgettext_lazy("excel help", "For a task with steps (milestones), the progress is spread over its steps in order."),
    )

    def __init__(self, month: datetime.date | None = None):
        self.month = month
        self.columns = [
            Column("id", pgettext_lazy("excel column", "Task ID"), required=True, parse=Integer(min_value=1), export=lambda t, ctx: t.pk, help=pgettext_lazy("excel help", "The task, as the export gives it."), example="1", width=8),
            Column("title", pgettext_lazy("excel column", "Task"), export=lambda t, ctx: t.title, help=EXPORT_ONLY, width=24),
            Column("lead", pgettext_lazy("excel column", "Lead organisation"), export=_lead_name, help=EXPORT_ONLY, width=22),
            Column("month", pgettext_lazy("excel column", "Month"), required=True, parse=MonthValue(), export=lambda t, ctx: f"{self.month:%Y-%m}" if self.month else "", help=pgettext_lazy("excel help", "The month reported on, e.g. 2010-06."), example="2010-06", width=9),
            Column("percent", pgettext_lazy("excel column", "Progress (%)"), required=True, parse=Integer(min_value=0, max_value=100), export=_report_value("percent"), help=pgettext_lazy("excel help", "How far the whole task has got, 0 to 100."), example="40", width=9),
            Column("done_text", pgettext_lazy("excel column", "Work done this month"), required=True, export=_report_value("done_text"), help=pgettext_lazy("excel help", "What was done this month."), example="完成管网勘察800米", width=36),
            Column("next_step", pgettext_lazy("excel column", "Next step"), export=_report_value("next_step"), help=pgettext_lazy("excel help", "What comes next."), example="启动施工改造", width=30),
            Column("status", pgettext_lazy("excel column", "Status"), parse=Choice(ProgressReport.Status.choices), default=ProgressReport.Status.ON_TRACK, export=_report_value("status"), help=pgettext_lazy("excel help", "On track, at risk or late (on track if empty)."), example=ProgressReport.Status.ON_TRACK.label, width=10),
        ]

    def prepare(self, ctx, rows):
        from .selectors import task_list

        ids = sorted({r.values["id"] for r in rows})
        tasks = {t.pk: t for t in task_list(user=ctx.user).filter(pk__in=ids)}
        ctx.data["tasks"] = tasks
        months = {(r.values["id"], r.values["month"]) for r in rows}
        existing = {}
        for report in ProgressReport.objects.filter(task_id__in=ids):
            if (report.task_id, report.month) in months:
                existing[(report.task_id, report.month)] = report
        ctx.data["existing"] = existing

    def build(self, ctx, row):
        v = row.values
        task = ctx.data["tasks"].get(v["id"])
        if task is None or not ctx.user.has_perm("targets.report_progress", task):
            raise ValidationError({"id": _("There is no task with ID %(id)s that you may report on.") % {"id": v["id"]}})
        month = v["month"]
        if month.year != task.plan.year:
            raise ValidationError({"month": _("The month must fall in the plan's year (%(year)s).") % {"year": task.plan.year}})
        if month > progress.month_of(timezone.localdate()):
            raise ValidationError({"month": _("A month that has not begun cannot be reported on.")})
        report = ctx.data["existing"].get((task.pk, month))
        fields = {"percent": v["percent"], "done_text": v["done_text"], "next_step": v.get("next_step", ""), "status": v.get("status") or ProgressReport.Status.ON_TRACK}
        row.obj = report or ProgressReport(task=task, month=month)
        row.extra.update(task=task, month=month, fields=fields, version=report.version if report else None)
        if report is None:
            row.action = "create"
        else:
            same = all(getattr(report, k) == val for k, val in fields.items())
            row.action = "unchanged" if same else "update"

    def check(self, ctx, rows):
        first: dict = {}
        errors = []
        for row in rows:
            key = (row.extra["task"].pk, row.extra["month"])
            if key in first:
                errors.append(RowError(row.number, self.header_for("id"), _("This task and month appear more than once in the sheet (rows %(first)s and %(row)s).") % {"first": first[key], "row": row.number}))
            first.setdefault(key, row.number)
        return errors

    def write(self, ctx, rows):
        total = len(rows)
        for done, row in enumerate(rows, start=1):
            if row.action == "unchanged":
                continue
            try:
                services.report_submit(
                    actor=ctx.user, task=row.extra["task"], month=row.extra["month"], expected_version=row.extra["version"],
                    source=xlsx.SOURCE, **row.extra["fields"],
                )
            except (ConflictError, ValidationError) as exc:
                raise _service_errors(self, row, exc) from exc
            ctx.report("writing", done, total)

    def export_queryset(self, queryset):
        qs = queryset.select_related("lead_organisation", "plan")
        if self.month:
            qs = qs.prefetch_related(Prefetch("reports", queryset=ProgressReport.objects.filter(month=self.month), to_attr="month_reports"))
        return qs
