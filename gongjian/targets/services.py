"""Every write to annual plans, tasks, milestones, reports, evidence, feedback and the
contributions ledger goes through these functions: views, Excel imports and the demo loader
alike. Each validates with full_clean(), refuses to overwrite a newer version, and writes the
change log with its actor. Permission checks are the caller's (views and import specs)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core.changelog import log_change, snapshot
from gongjian.core.exceptions import ApplicationError, ConflictError
from gongjian.core.models import ObjectChange
from gongjian.core.services import (
    bulk_create_logged,  # noqa: F401  (moved to core; still importable here)
    create_logged,
    delete_logged,
    update_logged,
)
from gongjian.core.uploads import check_upload
from gongjian.registry.models import Organisation

from . import progress
from .models import (
    AnnualPlan,
    BuildingItem,
    Contribution,
    Evidence,
    Feedback,
    Milestone,
    ProgressReport,
    Task,
    TaskComment,
    WorkCategory,
)

#: The five categories community work is grouped into (the "five in one" of the source);
#: a district may rename them. The year-end evaluation rates items by the same five.
DEFAULT_CATEGORIES = [
    ("党建联抓", "党建联席会、在职党员进社区、非公企业党建"),
    ("治安联防", "小区“四管”、技防监控、义务巡逻、矛盾调解"),
    ("卫生联管", "环境卫生整治、老旧设施改造、“大手牵小手”"),
    ("服务联手", "群团、民间组织和“五老”服务，便民与帮扶"),
    ("文体活动联谊", "文艺队、文明创建、“邻里一家亲”"),
]


# The change-log snapshot (stored files as their names) and the generic logged writes.
snap = snapshot
_create, _update, _delete = create_logged, update_logged, delete_logged


# --- work categories ---------------------------------------------------------------------------


@transaction.atomic
def ensure_categories(*, actor, district, source: str = "") -> list[WorkCategory]:
    """The district's five work categories, created with the default names the first time."""
    existing = list(WorkCategory.objects.filter(district=district))
    if existing:
        return existing
    return [
        _create(WorkCategory, actor=actor, source=source, district=district, name=name, description=description, order=i)
        for i, (name, description) in enumerate(DEFAULT_CATEGORIES, start=1)
    ]


@transaction.atomic
def category_update(*, actor, category: WorkCategory, expected_version: int | None = None, **fields) -> WorkCategory:
    return _update(category, actor=actor, expected_version=expected_version, **fields)


# --- annual plans and tasks -------------------------------------------------------------------


@transaction.atomic
def plan_create(*, actor, community, year: int, title: str = "", notes: str = "", source: str = "") -> AnnualPlan:
    ensure_categories(actor=actor, district=community.street.district, source=source)
    if AnnualPlan.objects.filter(community=community, year=year).exists():
        raise ApplicationError(_("%(community)s already has a plan for %(year)s.") % {"community": community, "year": year})
    title = title or _("%(community)s annual work plan %(year)s") % {"community": community.name, "year": year}
    return _create(AnnualPlan, actor=actor, source=source, community=community, year=year, title=title, notes=notes)


@transaction.atomic
def plan_update(*, actor, plan: AnnualPlan, expected_version: int | None = None, source: str = "", **fields) -> AnnualPlan:
    return _update(plan, actor=actor, expected_version=expected_version, source=source, **fields)


@transaction.atomic
def plan_publish(*, actor, plan: AnnualPlan, publish: bool = True) -> AnnualPlan:
    """Put the plan on the public board (上墙公开), or take it down again."""
    if publish and not plan.tasks.exists():
        raise ApplicationError(_("A plan without tasks cannot be published."))
    if publish:
        unassigned = list(plan.tasks.filter(lead_organisation__isnull=True).order_by("number").values_list("number", "title"))
        if unassigned:
            names = "、".join(f"{number}. {title}" for number, title in unassigned)
            raise ApplicationError(
                _("Assign a lead organisation to every task before publishing; still unassigned: %(tasks)s.") % {"tasks": names}
            )
    status = AnnualPlan.Status.PUBLISHED if publish else AnnualPlan.Status.DRAFT
    return _update(plan, actor=actor, status=status, published_at=timezone.now() if publish else None)


def _check_lead(plan: AnnualPlan, lead) -> None:
    """Only a draft plan may hold a task nobody is assigned to."""
    if lead is None and plan.is_published:
        raise ValidationError({"lead_organisation": _("The plan is published: choose the task's lead organisation.")})


def _check_organisations(plan: AnnualPlan, lead, co_organisers: Sequence[Organisation]) -> None:
    district_id = plan.community.street.district_id
    bad = [o for o in co_organisers if o.community.street.district_id != district_id]
    if bad:
        raise ValidationError({"co_organisers": _("%(names)s are not in this district.") % {"names": "、".join(o.name for o in bad)}})
    if lead is not None and any(o.pk == lead.pk for o in co_organisers):
        raise ValidationError({"co_organisers": _("The lead organisation cannot also be a co-organiser.")})


@transaction.atomic
def task_create(*, actor, plan: AnnualPlan, co_organisers: Iterable[Organisation] = (), number: int | None = None, source: str = "", **fields) -> Task:
    co_organisers = list(co_organisers)
    if number is None:
        number = (plan.tasks.aggregate(n=Max("number"))["n"] or 0) + 1
    _check_organisations(plan, fields.get("lead_organisation"), co_organisers)
    _check_lead(plan, fields.get("lead_organisation"))
    return _create(Task, actor=actor, source=source, plan=plan, number=number, m2m={"co_organisers": co_organisers}, **fields)


@transaction.atomic
def task_update(*, actor, task: Task, expected_version: int | None = None, co_organisers: Iterable[Organisation] | None = None, source: str = "", **fields) -> Task:
    m2m = None
    _check_lead(task.plan, fields.get("lead_organisation", task.lead_organisation))
    if co_organisers is not None:
        co_organisers = list(co_organisers)
        _check_organisations(task.plan, fields.get("lead_organisation", task.lead_organisation), co_organisers)
        m2m = {"co_organisers": co_organisers}
    return _update(task, actor=actor, expected_version=expected_version, source=source, m2m=m2m, **fields)


@transaction.atomic
def task_delete(*, actor, task: Task) -> None:
    if task.reports.exists():
        raise ApplicationError(_("A task with progress reports cannot be deleted."))
    _delete(task, actor=actor)


# --- progress ---------------------------------------------------------------------------------


def refresh_task_progress(task: Task) -> Task:
    """Recompute the task's percent, status and latest report from its milestones and reports.
    These are derived fields: kept with a direct update, without a new version (an editor of
    the task's plan is not in conflict with a liaison reporting progress)."""
    milestones = list(task.milestones.order_by("due", "id"))
    latest = task.reports.order_by("-month").first()
    if milestones:
        percent = progress.milestone_percent(milestones)
    else:
        percent = latest.percent if latest else 0
    if percent >= 100:
        status = Task.Status.DONE
    elif latest is not None:
        status = latest.status
    else:
        status = Task.Status.ON_TRACK if percent else Task.Status.NOT_STARTED
    fields = {
        "percent": percent,
        "status": status,
        "last_report_month": latest.month if latest else None,
        "latest_report_id": latest.pk if latest else None,
    }
    Task.objects.filter(pk=task.pk).update(updated_at=timezone.now(), **fields)
    for name, value in fields.items():
        setattr(task, name, value)
    return task


def _done_date(month: datetime.date) -> datetime.date:
    end = progress.add_months(month, 1) - datetime.timedelta(days=1)
    return min(end, timezone.localdate())


def _set_milestones(*, actor, task: Task, percents: dict[int, int], month: datetime.date, source: str) -> None:
    for milestone in task.milestones.all():
        if milestone.pk not in percents:
            continue
        value = percents[milestone.pk]
        done_on = milestone.done_on if value >= 100 and milestone.done_on else (_done_date(month) if value >= 100 else None)
        _update(milestone, actor=actor, source=source, percent=value, done_on=done_on)


@transaction.atomic
def milestones_save(*, actor, task: Task, rows: Sequence[dict], source: str = "") -> list[Milestone]:
    """Write the lead organisation's step-by-step plan for the task. Each row is a dict with
    ``title``, ``due``, ``weight``, ``percent`` and, for an existing step, ``id`` and
    ``version`` (what the editor read); ``delete`` True removes the step."""
    existing = {m.pk: m for m in task.milestones.all()}
    for row in rows:
        pk = row.get("id")
        if pk and pk not in existing:
            raise ApplicationError(_("That step belongs to another task."))
        fields = {k: row[k] for k in ("title", "due", "weight", "percent") if k in row}
        if "percent" in fields:
            fields["done_on"] = None
            if fields["percent"] >= 100:
                old = existing.get(pk)
                fields["done_on"] = old.done_on if old is not None and old.done_on else min(timezone.localdate(), task.deadline)
        if pk:
            if row.get("delete"):
                _delete(existing[pk], actor=actor, source=source)
            else:
                _update(existing[pk], actor=actor, expected_version=row.get("version"), source=source, **fields)
        elif not row.get("delete"):
            _create(Milestone, actor=actor, source=source, task=task, **fields)
    refresh_task_progress(task)
    return list(task.milestones.all())


@transaction.atomic
def report_submit(
    *,
    actor,
    task: Task,
    month: datetime.date,
    done_text: str,
    status: str,
    percent: int | None = None,
    next_step: str = "",
    milestone_percents: dict[int, int] | None = None,
    uploads: Sequence = (),
    captions: Sequence[str] = (),
    expected_version: int | None = None,
    submitted_at: datetime.datetime | None = None,
    source: str = "",
) -> ProgressReport:
    """The monthly report on a task: create it, or update that month's report. With milestones
    the task's percent rolls up from them: ``milestone_percents`` sets them one by one, else
    ``percent`` is spread over them in order (only the newest month's report moves them). Evidence files are checked, cleaned and
    attached; any bad file refuses the whole report. ``submitted_at`` (when it was first
    submitted, for lateness) is now unless given (the demo's past year). ``expected_version``: None, no check;
    0, the editor saw no report for the month; n, the version of the report they saw."""
    month = progress.month_of(month)
    milestones = list(task.milestones.order_by("due", "id"))
    latest_month = task.reports.aggregate(m=Max("month"))["m"]
    if milestones and milestone_percents is not None:
        for m in milestones:
            m.percent = milestone_percents.get(m.pk, m.percent)
        percent = progress.milestone_percent(milestones)
    if percent is None:
        raise ValidationError({"percent": _("Enter the progress.")})
    if milestones and (latest_month is None or month >= latest_month):
        # The newest report moves the steps; correcting an older month leaves them as they are.
        if milestone_percents is None:
            milestone_percents = {m.pk: p for m, p in zip(milestones, progress.spread(milestones, percent), strict=True)}
        _set_milestones(actor=actor, task=task, percents=milestone_percents, month=month, source=source)
        percent = progress.milestone_percent(list(task.milestones.all()))
    checked = [check_upload(upload) for upload in uploads]
    existing = ProgressReport.objects.filter(task=task, month=month).first()
    fields = {"percent": percent, "done_text": done_text, "next_step": next_step, "status": status, "reported_by": actor if getattr(actor, "is_authenticated", False) else None}
    if existing is not None:
        if expected_version == 0:
            raise ConflictError(
                _("Someone has already reported on %(month)s meanwhile. Reload the page to see their report and change it.") % {"month": f"{month:%Y-%m}"}
            )
        report = _update(existing, actor=actor, expected_version=expected_version, source=source, **fields)
    else:
        if expected_version:
            raise ConflictError(_("The report for %(month)s was deleted meanwhile. Reload the page.") % {"month": f"{month:%Y-%m}"})
        report = _create(ProgressReport, actor=actor, source=source, task=task, month=month, submitted_at=submitted_at or timezone.now(), **fields)
    with _files_removed_on_error() as written:
        for i, item in enumerate(checked):
            _attach(actor=actor, report=report, checked=item, written=written, caption=captions[i] if i < len(captions) else "", source=source)
        refresh_task_progress(task)
    return report


def _attach(*, actor, report: ProgressReport, checked, written: list, caption: str = "", source: str = "") -> Evidence:
    evidence = Evidence(
        report=report,
        kind=Evidence.Kind.PHOTO if checked.is_photo else Evidence.Kind.DOCUMENT,
        content_type=checked.content_type,
        size=checked.size,
        original_name=checked.original_name,
        caption=caption[:200],
    )
    evidence.file.save("evidence", ContentFile(checked.data), save=False)
    written.append((evidence.file.storage, evidence.file.name))
    evidence.full_clean()
    evidence.save()
    log_change(actor=actor, action=ObjectChange.Action.CREATE, obj=evidence, after=snap(evidence), source=source)
    return evidence


@contextmanager
def _files_removed_on_error():
    """Files stored while the block runs are deleted again if it fails (the rows that named
    them are rolled back with the transaction)."""
    written: list = []
    try:
        yield written
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise


def evidence_add(*, actor, report: ProgressReport, upload, caption: str = "") -> Evidence:
    checked = check_upload(upload)
    with _files_removed_on_error() as written, transaction.atomic():
        return _attach(actor=actor, report=report, checked=checked, written=written, caption=caption)


@transaction.atomic
def evidence_delete(*, actor, evidence: Evidence) -> None:
    name, storage = evidence.file.name, evidence.file.storage
    _delete(evidence, actor=actor)
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def reports_bulk_submit(*, actor, month: datetime.date, rows: Sequence[dict], source: str = "") -> list[ProgressReport]:
    """All of an organisation's monthly reports in one go (one page or one Excel sheet): each
    row has ``task``, ``percent``, ``done_text``, ``next_step``, ``status`` and optionally
    ``expected_version``. All or nothing: the first failure rolls every row back, its
    ValidationError naming the task."""
    written = []
    for row in rows:
        task = row["task"]
        try:
            with transaction.atomic():
                written.append(
                    report_submit(
                        actor=actor, task=task, month=row.get("month", month), percent=row["percent"], done_text=row["done_text"],
                        next_step=row.get("next_step", ""), status=row["status"], expected_version=row.get("expected_version"), source=source,
                    )
                )
        except ValidationError as exc:
            raise ValidationError({f"task-{task.pk}": exc.messages}) from exc
    return written


# --- comments and residents' feedback ----------------------------------------------------------


@transaction.atomic
def comment_add(*, actor, task: Task, body: str) -> TaskComment:
    return _create(TaskComment, actor=actor, task=task, author=actor, author_name=actor.get_full_name() or actor.get_username(), body=body.strip())


@transaction.atomic
def feedback_submit(*, task: Task, body: str, name: str = "", contact: str = "") -> Feedback:
    """A resident's note on a task from the public board; held until staff publish it."""
    if not task.plan.is_published:
        raise ApplicationError(_("This task is not on the public board."))
    return _create(Feedback, actor=None, source="public-board", task=task, body=body.strip(), name=name.strip(), contact=contact.strip())


@transaction.atomic
def feedback_moderate(*, actor, feedback: Feedback, status: str, answer: str | None = None, expected_version: int | None = None) -> Feedback:
    """Publish or reject a resident's note, and answer it publicly (an answer may be added or
    changed later)."""
    fields = {"status": status, "moderated_by": actor, "moderated_at": timezone.now()}
    if answer is not None and answer.strip() != feedback.answer:
        fields.update(answer=answer.strip(), answered_by=actor if answer.strip() else None, answered_at=timezone.now() if answer.strip() else None)
    if status == feedback.status:
        fields.pop("moderated_by")
        fields.pop("moderated_at")
    return _update(feedback, actor=actor, expected_version=expected_version, **fields)


# --- contributions ledger ---------------------------------------------------------------------


@transaction.atomic
def item_create(*, actor, community, year: int, title: str, source: str = "", **fields) -> BuildingItem:
    return _create(BuildingItem, actor=actor, source=source, community=community, year=year, title=title, **fields)


@transaction.atomic
def item_update(*, actor, item: BuildingItem, expected_version: int | None = None, **fields) -> BuildingItem:
    return _update(item, actor=actor, expected_version=expected_version, **fields)


@transaction.atomic
def contribution_set(*, actor, item: BuildingItem, organisation: Organisation, role: str, amount: Decimal, note: str = "", source: str = "") -> Contribution:
    """Record (or correct) one organisation's part in an item and the funds it gave."""
    if organisation.community.street.district_id != item.community.street.district_id:
        raise ValidationError({"organisation": _("The organisation is not in this district.")})
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if role == Contribution.Role.LEAD and item.contributions.filter(role=Contribution.Role.LEAD).exclude(organisation=organisation).exists():
        raise ValidationError({"role": _("Another organisation already leads this item.")})
    existing = Contribution.objects.filter(item=item, organisation=organisation).first()
    if existing is not None:
        return _update(existing, actor=actor, source=source, role=role, amount=amount, note=note)
    return _create(Contribution, actor=actor, source=source, item=item, organisation=organisation, role=role, amount=amount, note=note)


@transaction.atomic
def contribution_delete(*, actor, contribution: Contribution) -> None:
    _delete(contribution, actor=actor)
