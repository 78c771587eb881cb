"""Organisational target management (组织目标管理): each community's annual plan decomposed into
tasks laid on organisations, carried out step by step and reported monthly; the ledger of
community-building items resident units led or assisted and the funds they gave; residents'
feedback on the public board.

Every write goes through ``services.py``; ``Task.percent`` and the other "latest" fields are
kept there from milestones and reports so that the board reads them without a query per task.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongjian.core.models import BaseModel
from gongjian.registry.models import Community, District, Organisation, Person

percent_validators = [MinValueValidator(0), MaxValueValidator(100)]
money_validators = [MinValueValidator(0)]


def month_start(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


class WorkCategory(BaseModel):
    """工作类别: one of the five categories community work is grouped into in a district; the
    year-end democratic evaluation rates items by the same five."""

    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="work_categories")
    name = models.CharField(_("name"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["district", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="workcategory_unique_name")]
        verbose_name = _("work category")
        verbose_name_plural = _("work categories")

    def __str__(self):
        return self.name


class AnnualPlan(BaseModel):
    """年度工作计划: a community's work for one year, decomposed into tasks at the start of the
    year and published on the wall (上墙公开) for residents to supervise."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="annual_plans")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-year", "community"]
        constraints = [models.UniqueConstraint(fields=["community", "year"], name="annualplan_unique_year")]
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")

    def __str__(self):
        return self.title or f"{self.community} {self.year}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Task(BaseModel):
    """工作任务: one decomposed piece of the year's work, laid on a lead organisation (责任单位)
    with its measurable target (指标), deadline (完成时限), responsible leader (责任领导),
    liaison (联络员) and co-organising units (协办单位).

    ``leader_person`` is the registry person responsible (affiliated with the lead
    organisation, like ``liaison``); ``leader_name``/``leader_title`` stay for display and for
    people not in the registry. The lead organisation may be empty while the plan is a draft
    (a joint meeting adopts a suggestion before anyone is assigned); publishing the plan
    refuses unassigned tasks.

    ``percent``, ``status``, ``last_report_month`` and ``latest_report`` are kept by the
    services from the milestones and monthly reports (never typed in directly)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        LATE = "late", _("Late")
        DONE = "done", _("Completed")

    plan = models.ForeignKey(AnnualPlan, verbose_name=_("annual plan"), on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("The task's number in the plan's decomposition table."))
    category = models.ForeignKey(WorkCategory, verbose_name=_("work category"), on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(_("task"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    target_what = models.CharField(_("target"), max_length=200, help_text=_("What is to be achieved, e.g. install surveillance cameras in old compounds."))
    target_quantity = models.DecimalField(_("target quantity"), max_digits=12, decimal_places=2, null=True, blank=True, validators=money_validators)
    target_unit = models.CharField(_("unit of measure"), max_length=20, blank=True, help_text=_("e.g. 个, 次, 户, 米"))
    target_date = models.DateField(_("target date"), null=True, blank=True, help_text=_("By when the target is to be reached, if earlier than the deadline."))
    deadline = models.DateField(_("deadline"))
    lead_organisation = models.ForeignKey(
        Organisation, verbose_name=_("lead organisation"), null=True, blank=True, on_delete=models.PROTECT, related_name="led_tasks",
        help_text=_("May stay empty while the plan is a draft; a plan is published only once every task has one."),
    )
    leader_person = models.ForeignKey(
        Person, verbose_name=_("responsible leader (registry)"), null=True, blank=True, on_delete=models.SET_NULL, related_name="led_tasks",
        help_text=_("The registry person responsible; must belong to the lead organisation."),
    )
    leader_name = models.CharField(_("responsible leader"), max_length=50, blank=True)
    leader_title = models.CharField(_("leader's post"), max_length=80, blank=True)
    liaison = models.ForeignKey(Person, verbose_name=_("liaison"), null=True, blank=True, on_delete=models.SET_NULL, related_name="liaison_tasks")
    co_organisers = models.ManyToManyField(Organisation, verbose_name=_("co-organising units"), blank=True, related_name="co_organised_tasks")
    budget = models.DecimalField(_("budget (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=money_validators)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)], help_text=_("How much the task counts when progress is rolled up."))
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=percent_validators, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED, editable=False)
    last_report_month = models.DateField(_("last reported month"), null=True, blank=True, editable=False)
    latest_report = models.ForeignKey("ProgressReport", verbose_name=_("latest report"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="task_unique_number")]
        indexes = [models.Index(fields=["lead_organisation", "plan"])]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.title

    @property
    def community_id(self):
        """The community the task belongs to (what every role's scope is measured against)."""
        return self.plan.community_id

    def clean(self):
        errors = {}
        plan = self.plan if self.plan_id else None
        if plan is not None and self.deadline and self.deadline.year != plan.year:
            errors["deadline"] = _("The deadline must fall in the plan's year (%(year)s).") % {"year": plan.year}
        if self.target_date and self.deadline and self.target_date > self.deadline:
            errors["target_date"] = _("The target date cannot be after the deadline.")
        if plan is not None and self.category_id and self.category.district_id != plan.community.street.district_id:
            errors["category"] = _("This work category belongs to another district.")
        if plan is not None and self.lead_organisation_id:
            org = self.lead_organisation
            if org.community_id != plan.community_id and not org.served_communities.filter(pk=plan.community_id).exists():
                errors["lead_organisation"] = _("The lead organisation must stand in or serve this community.")
        if self.liaison_id and self.lead_organisation_id and not self.liaison.affiliations.filter(organisation_id=self.lead_organisation_id).exists():
            errors["liaison"] = _("The liaison must belong to the lead organisation.")
        if self.liaison_id and not self.lead_organisation_id:
            errors["liaison"] = _("Choose the lead organisation before its liaison.")
        if self.leader_person_id:
            if not self.lead_organisation_id:
                errors["leader_person"] = _("Choose the lead organisation before its responsible leader.")
            elif not self.leader_person.affiliations.filter(organisation_id=self.lead_organisation_id).exists():
                errors["leader_person"] = _("The responsible leader must belong to the lead organisation.")
            elif not self.leader_name:
                self.leader_name = self.leader_person.name
        if errors:
            raise ValidationError(errors)


class Milestone(BaseModel):
    """A step of the lead organisation's own implementation plan (分步组织实施): what is done by
    which date. A task's progress is the weighted mean of its milestones' progress."""

    changelog_parent = "task"  # its changes show in the history of its task

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("step"), max_length=120)
    due = models.DateField(_("due"))
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)])
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=percent_validators)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["task", "due", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    @property
    def community_id(self):
        return self.task.plan.community_id

    def clean(self):
        if self.task_id and self.due and self.due > self.task.deadline:
            raise ValidationError({"due": _("A step cannot be due after the task's deadline (%(date)s).") % {"date": self.task.deadline}})
        if self.done_on and self.percent < 100:
            raise ValidationError({"done_on": _("Only a step at 100% has a date it was done.")})


class ProgressReport(BaseModel):
    """月度进展: the lead organisation's report on a task for one month: how far it has got,
    what was done, what comes next, whether it is on track, with evidence attached."""

    changelog_parent = "task"  # its changes show in the history of its task

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        LATE = "late", _("Late")

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="reports")
    month = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    percent = models.PositiveSmallIntegerField(_("progress (%)"), validators=percent_validators)
    done_text = models.TextField(_("work done this month"))
    next_step = models.TextField(_("next step"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ON_TRACK)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(
        _("submitted at"), null=True, blank=True, db_index=True,
        help_text=_("When the report was first submitted; a report is on time by the 5th of the following month."),
    )

    #: A month's report is due by this day of the following month (次月5日前).
    DUE_DAY = 5

    class Meta:
        ordering = ["task", "-month"]
        constraints = [models.UniqueConstraint(fields=["task", "month"], name="progressreport_unique_month")]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.task} {self.month:%Y-%m}"

    @property
    def due_date(self) -> datetime.date:
        """The 5th of the month after the one reported on."""
        nxt = (self.month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return nxt.replace(day=self.DUE_DAY)

    @property
    def is_late(self) -> bool | None:
        """Submitted after the due date (None when the submission time is unknown)."""
        if self.submitted_at is None:
            return None
        return timezone.localtime(self.submitted_at).date() > self.due_date

    @property
    def community_id(self):
        return self.task.plan.community_id

    def clean(self):
        if self.month and self.month.day != 1:
            self.month = month_start(self.month)
        if self.task_id and self.month and self.month.year != self.task.plan.year:
            raise ValidationError({"month": _("The month must fall in the plan's year (%(year)s).") % {"year": self.task.plan.year}})
        if self.month and self.month > month_start(timezone.localdate()):
            raise ValidationError({"month": _("A month that has not begun cannot be reported on.")})


def evidence_upload_path(instance, filename):
    """Stored under a random name; the uploader's file name is kept apart."""
    import uuid

    ext = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}.get(instance.content_type, "bin")
    if instance.content_type.startswith("application/vnd.openxmlformats"):
        ext = "docx" if "wordprocessing" in instance.content_type else "xlsx"
    return f"evidence/{uuid.uuid4().hex}.{ext}"


class Evidence(BaseModel):
    """佐证材料: a photo or document attached to a monthly report. The type is sniffed from the
    bytes, the size capped, and photos re-encoded without EXIF (so no GPS location)."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    report = models.ForeignKey(ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=evidence_upload_path, max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.caption or self.original_name or f"#{self.pk}"

    @property
    def community_id(self):
        return self.report.task.plan.community_id

    @property
    def is_photo(self) -> bool:
        return self.kind == self.Kind.PHOTO


class TaskComment(BaseModel):
    """An internal comment on a task by the staff who supervise it (street, district, community
    Party organisation); seen by staff and the lead organisation, not by the public."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(_("author"), max_length=150, blank=True)
    body = models.TextField(_("comment"), max_length=2000)

    class Meta:
        ordering = ["task", "created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.author_name}: {self.body[:30]}"

    @property
    def community_id(self):
        return self.task.plan.community_id


class Feedback(BaseModel):
    """Residents' supervision (居民监督): a note anyone may leave on a task from the public board,
    shown only once staff have approved it, with the staff's public answer. The contact given
    (optional) is for staff only and never shown."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not published")

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="feedback")
    body = models.TextField(_("feedback"), max_length=1000)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=30, blank=True, help_text=_("Leave empty to stay anonymous."))
    contact = models.CharField(_("contact"), max_length=60, blank=True, help_text=_("Optional; only staff see it."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("moderated by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True, max_length=2000)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["task", "status"])]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return self.body[:40]

    @property
    def community_id(self):
        return self.task.plan.community_id


class BuildingItem(BaseModel):
    """社区建设事项: a concrete community-building project (a sewer rebuilt, cameras installed, a
    green internet room) that organisations led or assisted, with the funds each gave."""

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="building_items")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("item"), max_length=120)
    category = models.ForeignKey(WorkCategory, verbose_name=_("work category"), null=True, blank=True, on_delete=models.PROTECT, related_name="items")
    task = models.ForeignKey(Task, verbose_name=_("task"), null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    description = models.TextField(_("description"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "community", "title"]
        constraints = [models.UniqueConstraint(fields=["community", "year", "title"], name="buildingitem_unique_title")]
        verbose_name = _("community-building item")
        verbose_name_plural = _("community-building items")

    def __str__(self):
        return self.title

    def clean(self):
        if self.task_id and self.community_id and self.task.plan.community_id != self.community_id:
            raise ValidationError({"task": _("The task belongs to another community.")})
        if self.task_id and self.year and self.task.plan.year != self.year:
            raise ValidationError({"task": _("The task belongs to another year.")})


class Contribution(BaseModel):
    """One organisation's part in a community-building item: led or assisted, and the funds it
    contributed in yuan (exact to the fen)."""

    changelog_parent = "item"  # its changes show in the history of its item

    class Role(models.TextChoices):
        LEAD = "lead", _("Led")
        ASSIST = "assist", _("Assisted")

    item = models.ForeignKey(BuildingItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="contributions")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.ASSIST)
    amount = models.DecimalField(_("funds (yuan)"), max_digits=12, decimal_places=2, default=0, validators=money_validators)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["item", "role", "organisation"]
        constraints = [models.UniqueConstraint(fields=["item", "organisation"], name="contribution_unique_org")]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self):
        return f"{self.organisation} · {self.item} · {self.amount}"

    @property
    def community_id(self):
        return self.item.community_id
