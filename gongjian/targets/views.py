"""Target management pages: the year's roll-up, plans and their tasks, the lead organisation's
steps and monthly reports (one by one or all at once), residents' feedback for moderation,
the contributions ledger, the five work categories, and the Excel sheets."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gongjian.accounts.access import get_for, restrict
from gongjian.accounts.scope import get_scope
from gongjian.core import xlsx
from gongjian.core.exceptions import ApplicationError, ConflictError
from gongjian.core.forms import call_service
from gongjian.core.views import history_url, register_history, render_confirm
from gongjian.core.views_perm import permission_view
from gongjian.registry import selectors as registry_selectors
from gongjian.registry.models import Organisation

from . import io, progress, selectors, services
from .forms import (
    BulkRowForm,
    CategoryForm,
    CommentForm,
    ContributionForm,
    ItemForm,
    MilestoneFormSet,
    ModerateForm,
    PlanForm,
    ReportForm,
    TaskForm,
    UploadForm,
    default_month,
    milestone_initial,
    organisations_for,
)
from .models import (
    AnnualPlan,
    BuildingItem,
    Contribution,
    Feedback,
    ProgressReport,
    Task,
    WorkCategory,
)

register_history(AnnualPlan, selectors.plan_list)
register_history(Task, selectors.task_list)
register_history(BuildingItem, selectors.item_list)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _month(value: str | None) -> datetime.date | None:
    try:
        year, month = (int(p) for p in (value or "").split("-")[:2])
        return datetime.date(year, month, 1)
    except ValueError:
        return None


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


def _flag(tasks, *, as_of=None) -> list:
    for task in tasks:
        task.report_missing = progress.report_missing(task, as_of=as_of)
        task.overdue = progress.overdue(task, as_of=as_of)
    return tasks


# --- the year's roll-up ------------------------------------------------------------------------


@permission_view("targets.view_plan")
def home(request):
    """The year at a glance: for staff, progress rolled up district → street → community with
    the tasks missing a report; for a liaison, its organisation's tasks."""
    user = request.user
    scope = get_scope(user)
    years = selectors.task_years(user=user)
    this_year = timezone.localdate().year
    year = _int(request.GET.get("year")) or (this_year if this_year in years or not years else years[0])
    ctx = {"year": year, "years": sorted(set(years) | {this_year}, reverse=True)}
    tasks = selectors.rollup_tasks(user=user, year=year)
    staff = scope.everything or bool(scope.staff_community_ids)
    if staff:
        communities = list(registry_selectors.community_list(user=user).filter(
            **({} if scope.staff_community_ids is None else {"id__in": scope.staff_community_ids})
        ))
        by_community = progress.rollup_by(tasks, "community")
        missing = progress.missing_by(tasks, "community")
        by_street = progress.rollup_by(tasks, "street")
        missing_street = progress.missing_by(tasks, "street")
        plans = {p.community_id: p for p in selectors.plan_list(user=user, filters={"year": year})}
        streets: dict = {}
        for c in communities:
            row = streets.setdefault(c.street_id, {"street": c.street, "rollup": by_street.get(c.street_id), "missing": missing_street.get(c.street_id, 0), "communities": []})
            row["communities"].append({
                "community": c, "plan": plans.get(c.pk), "rollup": by_community.get(c.pk), "missing": missing.get(c.pk, 0),
                "can_plan": user.has_perm("targets.add_plan", c),
            })
        ctx.update(
            total=progress.rollup(tasks), total_missing=sum(missing.values()), streets=list(streets.values()),
            own_plans=[row for s in streets.values() for row in s["communities"] if row["can_plan"]],
        )
    if scope.organisation_ids:
        own = selectors.task_list(user=user, filters={"year": year}).filter(selectors._own_tasks_q(scope.organisation_ids))
        ctx["own_tasks"] = _flag(list(own))
        for task in ctx["own_tasks"]:
            task.can_report = task.lead_organisation_id in scope.organisation_ids
        ctx["own_organisations"] = Organisation.objects.filter(pk__in=scope.organisation_ids)
    if user.has_perm("targets.moderate_feedback"):
        ctx["pending_feedback"] = selectors.feedback_list(user=user, filters={"status": Feedback.Status.PENDING}).count()
    ctx["staff"] = staff
    ctx["can_categories"] = user.has_perm("targets.manage_categories")
    return render(request, "targets/home.html", ctx)


# --- plans ------------------------------------------------------------------------------------


def _plan_communities(user):
    return restrict(registry_selectors.community_list(user=user), user, "targets.add_plan")


@permission_view("targets.add_plan")
def plan_create(request):
    communities = _plan_communities(request.user)
    initial = {}
    if _int(request.GET.get("community")):
        initial["community"] = _int(request.GET.get("community"))
    if _int(request.GET.get("year")):
        initial["year"] = _int(request.GET.get("year"))
    form = PlanForm(request.POST or None, communities=communities, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        plan = call_service(form, lambda: services.plan_create(actor=request.user, **data))
        if plan:
            messages.success(request, _("The plan is created. Add its tasks, then publish it on the board."))
            return redirect("targets:plan_detail", pk=plan.pk)
    return render(request, "targets/form.html", {"form": form, "title": _("New annual plan")})


@permission_view("targets.view_plan")
def plan_detail(request, pk):
    plan = get_object_or_404(selectors.plan_list(user=request.user), pk=pk)
    tasks = _flag(list(selectors.task_list(user=request.user, filters={"plan": plan.pk})))
    rollup = progress.rollup(Task.objects.filter(plan=plan))
    user = request.user
    return render(
        request,
        "targets/plan_detail.html",
        {
            "plan": plan,
            "tasks": tasks,
            "rollup": rollup,
            "missing": sum(1 for t in tasks if t.report_missing),
            "can_change": user.has_perm("targets.change_plan", plan),
            "can_import": user.has_perm("targets.import_plan", plan),
            "can_export": user.has_perm("targets.export_plan"),
            "history_url": history_url(plan),
        },
    )


@permission_view("targets.change_plan")
def plan_edit(request, pk):
    plan = get_for(request.user, "targets.change_plan", selectors.plan_list(user=request.user), pk=pk)
    form = PlanForm(request.POST or None, instance=AnnualPlan.objects.get(pk=plan.pk))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.service_fields().items() if k in ("title", "notes")}
        saved = call_service(form, lambda: services.plan_update(actor=request.user, plan=plan, expected_version=form.cleaned_data.get("version"), **data))
        if saved:
            messages.success(request, _("Saved."))
            return redirect("targets:plan_detail", pk=plan.pk)
    return render(request, "targets/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": plan}})


@permission_view("targets.change_plan")
def plan_publish(request, pk):
    """Put the plan on the public board (上墙公开), or take it down; asks before doing it."""
    plan = get_for(request.user, "targets.change_plan", selectors.plan_list(user=request.user), pk=pk)
    publish = not plan.is_published
    if request.method == "POST":
        try:
            services.plan_publish(actor=request.user, plan=plan, publish=request.POST.get("publish") == "1")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The plan is on the public board.") if plan.is_published else _("The plan was taken off the public board."))
        return redirect("targets:plan_detail", pk=plan.pk)
    return render(request, "targets/plan_publish.html", {"plan": plan, "publish": publish})


# --- tasks ------------------------------------------------------------------------------------


@permission_view("targets.change_plan")
def task_create(request, pk):
    plan = get_for(request.user, "targets.change_plan", selectors.plan_list(user=request.user), pk=pk)
    form = TaskForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        co = list(data.pop("co_organisers", []))
        task = call_service(form, lambda: services.task_create(actor=request.user, plan=plan, co_organisers=co, **data))
        if task:
            messages.success(request, _("The task is added to the plan."))
            return redirect("targets:task_detail", pk=task.pk)
    return render(request, "targets/form.html", {"form": form, "title": _("New task for %(plan)s") % {"plan": plan}, "plan": plan})


@permission_view("targets.view_task")
def task_detail(request, pk):
    """A task with its steps, monthly reports and evidence; staff comments; residents' feedback
    (all of it for those who moderate, the published part for the others)."""
    user = request.user
    task = get_object_or_404(selectors.task_with_details(selectors.task_list(user=user)), pk=pk)
    comment_form = None
    can_comment = user.has_perm("targets.comment_task", task)
    if can_comment:
        comment_form = CommentForm(request.POST or None)
        if request.method == "POST" and comment_form.is_valid():
            services.comment_add(actor=user, task=task, body=comment_form.cleaned_data["body"])
            messages.success(request, _("Comment added."))
            return redirect("targets:task_detail", pk=task.pk)
    elif request.method == "POST":
        raise PermissionDenied
    can_moderate = user.has_perm("targets.moderate_feedback", task)
    feedback = list(task.feedback.all())
    if not can_moderate:
        feedback = [f for f in feedback if f.status == Feedback.Status.PUBLISHED]
    _flag([task])
    return render(
        request,
        "targets/task_detail.html",
        {
            "task": task,
            "milestones": list(task.milestones.all()),
            "reports": list(task.reports.all()),
            "comments": list(task.comments.all()),
            "feedback": feedback,
            "comment_form": comment_form,
            "can_change": user.has_perm("targets.change_task", task),
            "can_report": user.has_perm("targets.report_progress", task),
            "can_moderate": can_moderate,
            "history_url": history_url(task),
        },
    )


def _task_for(request, pk, perm: str) -> Task:
    return get_for(request.user, perm, selectors.task_list(user=request.user), pk=pk)


@permission_view("targets.change_task")
def task_edit(request, pk):
    task = _task_for(request, pk, "targets.change_task")
    form = TaskForm(request.POST or None, instance=Task.objects.get(pk=task.pk), plan=task.plan)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        co = list(data.pop("co_organisers", []))
        saved = call_service(
            form, lambda: services.task_update(actor=request.user, task=task, expected_version=form.cleaned_data.get("version"), co_organisers=co, **data)
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("targets:task_detail", pk=task.pk)
    return render(request, "targets/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": task.title}, "plan": task.plan})


@permission_view("targets.report_progress")
def milestones(request, pk):
    """The lead organisation's step-by-step plan for the task (分步组织实施)."""
    task = _task_for(request, pk, "targets.report_progress")
    current = list(task.milestones.order_by("due", "id"))
    formset = MilestoneFormSet(request.POST or None, initial=milestone_initial(current), prefix="m")
    error = None
    if request.method == "POST" and formset.is_valid():
        rows = []
        for form in formset.forms:
            data = form.cleaned_data
            if not data or (not data.get("id") and not data.get("title")):
                continue
            rows.append({
                "id": data.get("id"), "version": data.get("version"), "title": data.get("title"), "due": data.get("due"),
                "weight": data.get("weight") or 1, "percent": data.get("percent") or 0, "delete": data.get("DELETE", False),
            })
        try:
            services.milestones_save(actor=request.user, task=task, rows=rows)
        except ApplicationError as exc:
            error = exc.message
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The steps are saved."))
            return redirect("targets:task_detail", pk=task.pk)
    return render(request, "targets/milestones.html", {"task": task, "formset": formset, "error": error})


@permission_view("targets.report_progress")
def report(request, pk):
    """The monthly report on a task, with photos and documents as evidence; ``?month=YYYY-MM``
    opens that month's report to correct it."""
    task = _task_for(request, pk, "targets.report_progress")
    ms = list(task.milestones.order_by("due", "id"))
    month = _month(request.POST.get("month") or request.GET.get("month")) or default_month(task.plan)
    existing = ProgressReport.objects.filter(task=task, month=month).first() if month else None
    form = ReportForm(request.POST or None, request.FILES or None, task=task, milestones=ms, report=existing, month=month)
    if month is None:
        form.add_error(None, _("The plan's year has not begun: there is no month to report on yet."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            lambda: services.report_submit(
                actor=request.user, task=task, month=data["month"], percent=data.get("percent"), done_text=data["done_text"],
                next_step=data["next_step"], status=data["status"], milestone_percents=form.milestone_percents(),
                uploads=data["files"], captions=[data["caption"]] * len(data["files"]), expected_version=data.get("version"),
            ),
        )
        if saved:
            messages.success(request, _("The report for %(month)s is saved.") % {"month": f"{saved.month:%Y-%m}"})
            return redirect("targets:task_detail", pk=task.pk)
    return render(request, "targets/report_form.html", {"task": task, "form": form, "existing": existing, "month": month})


@permission_view("targets.view_task")
def evidence_file(request, pk):
    evidence = get_object_or_404(selectors.evidence_list(user=request.user), pk=pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    inline = evidence.is_photo or evidence.content_type == "application/pdf"
    response = FileResponse(handle, content_type=evidence.content_type, as_attachment=not inline, filename=evidence.original_name or None)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- the liaison's one-page monthly update and the Excel sheets ----------------------------------


def _reporting_organisations(user):
    """Organisations whose tasks the user may report on: a liaison's own; for the community
    Party organisation, those leading tasks in its communities."""
    scope = get_scope(user)
    q = Organisation.objects.none()
    if scope.organisation_ids:
        q = Organisation.objects.filter(pk__in=scope.organisation_ids)
    if user.has_perm("targets.change_plan"):
        leading = selectors.task_list(user=user).values("lead_organisation_id")
        q = q | Organisation.objects.filter(pk__in=leading)
    return q.distinct().order_by("name")


def _bulk_tasks(user, organisation_id: int, year: int) -> list[Task]:
    return list(restrict(selectors.organisation_tasks(user=user, organisation_id=organisation_id, year=year), user, "targets.report_progress"))


def _same_as_report(data: dict, report: ProgressReport | None) -> bool:
    """A row that repeats the month's saved report unchanged (nothing to write)."""
    if report is None:
        return False
    return all(data.get(k) == getattr(report, k) for k in ("percent", "status", "done_text", "next_step"))


@permission_view("targets.report_progress")
def bulk_update(request):
    """All of an organisation's tasks for one month on one page, saved in one go (all or
    nothing)."""
    user = request.user
    organisations = list(_reporting_organisations(user))
    org_id = _int(request.GET.get("org")) or (organisations[0].pk if len(organisations) == 1 else None)
    organisation = next((o for o in organisations if o.pk == org_id), None)
    month = _month(request.GET.get("month")) or progress.month_of(timezone.localdate())
    ctx = {"organisations": organisations, "organisation": organisation, "month": month, "rows": [], "error": None}
    if organisation is None:
        return render(request, "targets/bulk.html", ctx)
    tasks = _bulk_tasks(user, organisation.pk, month.year)
    existing = {r.task_id: r for r in ProgressReport.objects.filter(task__in=tasks, month=month)}
    rows = []
    for task in tasks:
        report_row = existing.get(task.pk)
        initial = {"status": ProgressReport.Status.ON_TRACK, "version": 0}
        if report_row:
            initial = {"percent": report_row.percent, "status": report_row.status, "done_text": report_row.done_text, "next_step": report_row.next_step, "version": report_row.version}
        form = BulkRowForm(request.POST or None, prefix=f"t{task.pk}", initial=initial)
        form.fields["percent"].widget.attrs["placeholder"] = str(task.percent)
        rows.append({"task": task, "form": form, "report": report_row})
    ctx["rows"] = rows
    if request.method == "POST":
        if all(r["form"].is_valid() for r in rows):
            submit = [
                {
                    "task": r["task"], "percent": r["form"].cleaned_data["percent"], "done_text": r["form"].cleaned_data["done_text"],
                    "next_step": r["form"].cleaned_data["next_step"], "status": r["form"].cleaned_data["status"],
                    "expected_version": r["form"].cleaned_data.get("version"),
                }
                for r in rows
                if r["form"].filled and not _same_as_report(r["form"].cleaned_data, r["report"])
            ]
            if not submit:
                ctx["error"] = _("Nothing to save: fill in at least one task's row.")
            else:
                try:
                    services.reports_bulk_submit(actor=user, month=month, rows=submit)
                except ConflictError as exc:
                    ctx["error"] = exc.message
                except ValidationError as exc:
                    by_key = {f"task-{r['task'].pk}": r for r in rows}
                    for key, errors in getattr(exc, "error_dict", {}).items():
                        if key in by_key:
                            by_key[key]["form"].add_error(None, errors)
                    ctx["error"] = _("Nothing was saved: correct the rows marked below.")
                else:
                    messages.success(request, _("%(n)d reports for %(month)s are saved.") % {"n": len(submit), "month": f"{month:%Y-%m}"})
                    return redirect(f"{reverse('targets:bulk_update')}?org={organisation.pk}&month={month:%Y-%m}")
        else:
            ctx["error"] = _("Nothing was saved: correct the rows marked below.")
    return render(request, "targets/bulk.html", ctx)


@permission_view("targets.report_progress")
def progress_export(request):
    """The monthly progress sheet, filled with what was reported: one organisation's tasks
    (``?org=``), else every task the user may report on, of the month's year."""
    user = request.user
    month = _month(request.GET.get("month")) or progress.month_of(timezone.localdate())
    organisations = _reporting_organisations(user)
    org_id = _int(request.GET.get("org"))
    if org_id is not None:
        if not organisations.filter(pk=org_id).exists():
            raise Http404
        ids = [t.pk for t in _bulk_tasks(user, org_id, month.year)]
    else:
        ids = [t.pk for org in organisations for t in _bulk_tasks(user, org.pk, month.year)]
    spec = io.ProgressSheet(month)
    data = xlsx.export_workbook(spec, Task.objects.filter(pk__in=ids).order_by("plan__community__name", "number"), user=user)
    return _xlsx_response(data, f"{spec.name}-{month:%Y-%m}.xlsx")


def _import(request, spec, *, title: str, back: str, template_url: str = "", template: str = "targets/import.html"):
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            sheet = xlsx.read_rows(form.cleaned_data["file"])
            result = xlsx.import_rows(spec, sheet, request.user)
        except xlsx.ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            if result.written:
                messages.success(
                    request,
                    _("Imported: %(created)d added, %(updated)d changed, %(unchanged)d unchanged.")
                    % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
                )
                return redirect(back)
    return render(request, template, {"form": form, "result": result, "title": title, "back": back, "template_url": template_url, "spec": spec})


@permission_view("targets.report_progress")
def progress_import(request):
    return _import(request, io.ProgressSheet(), title=_("Import monthly progress"), back=reverse("targets:bulk_update"))


@permission_view("targets.export_plan")
def plan_export(request, pk):
    plan = get_object_or_404(selectors.plan_list(user=request.user), pk=pk)
    tasks = selectors.task_list(user=request.user, filters={"plan": plan.pk})
    spec = io.TaskSheet(plan)
    return _xlsx_response(xlsx.export_workbook(spec, tasks, user=request.user), f"{plan}-{spec.name}.xlsx")


@permission_view("targets.import_plan")
def plan_template(request, pk):
    plan = get_for(request.user, "targets.import_plan", selectors.plan_list(user=request.user), pk=pk)
    spec = io.TaskSheet(plan)
    return _xlsx_response(xlsx.template_workbook(spec), _("%(sheet)s import template.xlsx") % {"sheet": spec.name})


@permission_view("targets.import_plan")
def plan_import(request, pk):
    plan = get_for(request.user, "targets.import_plan", selectors.plan_list(user=request.user), pk=pk)
    return _import(
        request, io.TaskSheet(plan), title=_("Import the task decomposition table of %(plan)s") % {"plan": plan},
        back=reverse("targets:plan_detail", args=[plan.pk]), template_url=reverse("targets:plan_template", args=[plan.pk]),
    )


# --- residents' feedback ------------------------------------------------------------------------


@permission_view("targets.moderate_feedback")
def feedback_queue(request):
    status = request.GET.get("status", Feedback.Status.PENDING)
    if status not in Feedback.Status.values and status != "all":
        status = Feedback.Status.PENDING
    items = selectors.feedback_list(user=request.user, filters={"status": "" if status == "all" else status})[:200]
    return render(request, "targets/feedback_queue.html", {"items": items, "status": status, "statuses": Feedback.Status.choices})


@permission_view("targets.moderate_feedback")
def feedback_moderate(request, pk):
    """Publish or reject a resident's note and answer it publicly."""
    feedback = get_object_or_404(selectors.feedback_list(user=request.user), pk=pk)
    initial = {"status": Feedback.Status.PUBLISHED if feedback.status == Feedback.Status.PENDING else feedback.status, "answer": feedback.answer, "version": feedback.version}
    form = ModerateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            lambda: services.feedback_moderate(actor=request.user, feedback=feedback, status=data["status"], answer=data["answer"], expected_version=data.get("version")),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect(f"{reverse('targets:feedback_queue')}?status={Feedback.Status.PENDING}")
    return render(request, "targets/feedback_moderate.html", {"feedback": feedback, "form": form})


# --- the contributions ledger -------------------------------------------------------------------


@permission_view("targets.view_ledger")
def ledger(request):
    """Per community-building item: which organisations led or assisted and what each gave."""
    user = request.user
    years = sorted(set(selectors.item_list(user=user).values_list("year", flat=True)), reverse=True)
    year = _int(request.GET.get("year")) or (years[0] if years else timezone.localdate().year)
    items = list(selectors.item_list(user=user, filters={"year": year}))
    unit_items, unit_funds, total_funds = 0, 0, 0
    for item in items:
        units = [c for c in item.contributions.all() if c.organisation.kind == Organisation.Kind.RESIDENT_UNIT]
        item.unit_funds = sum((c.amount for c in units), 0)
        item.total_funds = sum((c.amount for c in item.contributions.all()), 0)
        unit_items += bool(units)
        unit_funds += item.unit_funds
        total_funds += item.total_funds
    return render(
        request,
        "targets/ledger.html",
        {
            "items": items, "year": year, "years": years or [year], "unit_items": unit_items, "unit_funds": unit_funds,
            "total_funds": total_funds, "can_add": user.has_perm("targets.change_ledger"),
        },
    )


@permission_view("targets.change_ledger")
def item_create(request):
    communities = _plan_communities(request.user)
    form = ItemForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        item = call_service(form, lambda: services.item_create(actor=request.user, **data))
        if item:
            messages.success(request, _("Saved."))
            return redirect("targets:item_detail", pk=item.pk)
    return render(request, "targets/form.html", {"form": form, "title": _("New community-building item")})


@permission_view("targets.view_ledger")
def item_detail(request, pk):
    user = request.user
    item = get_object_or_404(selectors.item_list(user=user), pk=pk)
    form = None
    if user.has_perm("targets.record_contribution", item):
        if user.has_perm("targets.change_ledger", item):
            orgs = organisations_for(item.community)
        else:
            orgs = Organisation.objects.filter(pk__in=get_scope(user).organisation_ids)
        form = ContributionForm(request.POST or None, organisations=orgs)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            saved = call_service(
                form,
                lambda: services.contribution_set(actor=user, item=item, organisation=data["organisation"], role=data["role"], amount=data["amount"], note=data["note"]),
            )
            if saved:
                messages.success(request, _("Saved."))
                return redirect("targets:item_detail", pk=item.pk)
    elif request.method == "POST":
        raise PermissionDenied
    contributions = list(item.contributions.all())
    return render(
        request,
        "targets/item_detail.html",
        {
            "item": item, "contributions": contributions, "form": form,
            "total": sum((c.amount for c in contributions), 0),
            "unit_total": sum((c.amount for c in contributions if c.organisation.kind == Organisation.Kind.RESIDENT_UNIT), 0),
            "history_url": history_url(item), "roles": Contribution.Role, "can_change": user.has_perm("targets.change_ledger", item),
        },
    )


# --- the five work categories ----------------------------------------------------------------


@permission_view("targets.manage_categories")
def categories(request):
    """The district's five work categories (the same five the year-end evaluation uses)."""
    user = request.user
    cats = list(selectors.category_list(user=user).order_by("district__name", "order"))
    forms = []
    for cat in cats:
        bound = request.method == "POST" and request.POST.get("category") == str(cat.pk)
        form = CategoryForm(request.POST if bound else None, instance=WorkCategory.objects.get(pk=cat.pk) if bound else cat, prefix=f"c{cat.pk}")
        if bound and form.is_valid():
            data = form.service_fields()
            with transaction.atomic():
                saved = call_service(form, lambda cat=cat, data=data, form=form: services.category_update(actor=user, category=cat, expected_version=form.cleaned_data.get("version"), **data))
            if saved:
                messages.success(request, _("Saved."))
                return redirect("targets:categories")
        forms.append((cat, form))
    return render(request, "targets/categories.html", {"forms": forms})


# --- deletions and the item edit (each asks first) ----------------------------------------------


@permission_view("targets.change_task")
def task_delete(request, pk):
    """Delete a task that has no monthly reports yet (a task reported on stays)."""
    task = _task_for(request, pk, "targets.change_task")
    if request.method == "POST":
        try:
            services.task_delete(actor=request.user, task=task)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("targets:task_detail", pk=task.pk)
        messages.success(request, _("Task “%(task)s” deleted.") % {"task": task.title})
        return redirect("targets:plan_detail", pk=task.plan_id)
    return render_confirm(
        request, title=_("Delete task %(number)s. %(task)s?") % {"number": task.number, "task": task.title},
        message=_("The task, its steps and its comments are deleted; the change log keeps a record. A task with monthly reports cannot be deleted."),
        button=_("Delete the task"), cancel_url=reverse("targets:task_detail", args=[task.pk]),
    )


@permission_view("targets.report_progress")
def evidence_delete(request, pk):
    """Remove a photo or document from a monthly report (the community, or the lead
    organisation's liaison)."""
    evidence = get_for(request.user, "targets.report_progress", selectors.evidence_list(user=request.user), pk=pk)
    task_pk = evidence.report.task_id
    if request.method == "POST":
        services.evidence_delete(actor=request.user, evidence=evidence)
        messages.success(request, _("Evidence “%(name)s” deleted.") % {"name": evidence})
        return redirect("targets:task_detail", pk=task_pk)
    return render_confirm(
        request, title=_("Delete evidence “%(name)s”?") % {"name": evidence},
        message=_("From the report of %(month)s on %(task)s. The file is removed.") % {"month": f"{evidence.report.month:%Y-%m}", "task": evidence.report.task.title},
        button=_("Delete the evidence"), cancel_url=reverse("targets:task_detail", args=[task_pk]),
    )


@permission_view("targets.change_ledger")
def item_edit(request, pk):
    item = get_for(request.user, "targets.change_ledger", selectors.item_list(user=request.user), pk=pk)
    form = ItemForm(request.POST or None, instance=BuildingItem.objects.get(pk=item.pk), communities=_plan_communities(request.user))
    form.fields["community"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.service_fields().items() if k != "community"}
        saved = call_service(form, lambda: services.item_update(actor=request.user, item=item, expected_version=form.cleaned_data.get("version"), **data))
        if saved:
            messages.success(request, _("Saved."))
            return redirect("targets:item_detail", pk=item.pk)
    return render(request, "targets/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": item.title}})


@permission_view("targets.change_ledger")
def contribution_delete(request, pk):
    contribution = get_for(
        request.user, "targets.change_ledger",
        Contribution.objects.filter(item__in=selectors.item_list(user=request.user).values("pk")).select_related("item", "organisation"), pk=pk,
    )
    if request.method == "POST":
        services.contribution_delete(actor=request.user, contribution=contribution)
        messages.success(request, _("The contribution of %(org)s is deleted.") % {"org": contribution.organisation.name})
        return redirect("targets:item_detail", pk=contribution.item_id)
    return render_confirm(
        request, title=_("Delete the contribution of %(org)s?") % {"org": contribution.organisation.name},
        message=_("%(role)s “%(item)s”, %(amount)s yuan. The ledger's totals change with it.") % {
            "role": contribution.get_role_display(), "item": contribution.item.title, "amount": contribution.amount,
        },
        button=_("Delete the contribution"), cancel_url=reverse("targets:item_detail", args=[contribution.item_id]),
    )
