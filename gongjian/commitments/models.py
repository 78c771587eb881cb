"""The annual conference (年度工作任务分解与个人“设岗定责”大会) of a community, its photos,
and the conference pack built for it in the background."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongjian.core.models import BaseModel
from gongjian.registry.models import Community, Organisation, Person
from gongjian.targets.models import AnnualPlan


class Conference(BaseModel):
    """年度工作任务分解与个人“设岗定责”大会: once a year a community's Party organisation
    presents the year's decomposed tasks and the posts, signs responsibility letters with the
    units and commitment letters with the members, and publishes the joint commitments. One
    per community and year, linked to that year's plan."""

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="conferences")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    chair = models.CharField(_("chaired by"), max_length=50, blank=True)
    plan = models.ForeignKey(AnnualPlan, verbose_name=_("annual plan"), null=True, blank=True, on_delete=models.SET_NULL, related_name="conferences")
    organisations = models.ManyToManyField(Organisation, verbose_name=_("organisations attending"), blank=True, related_name="+")
    people = models.ManyToManyField(Person, verbose_name=_("people attending"), blank=True, related_name="+")
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True, help_text=_("How many people attended in all, if more than those named."))
    document_number = models.CharField(_("document number"), max_length=40, blank=True, help_text=_("The agenda's number, e.g. 江滨社党〔2010〕1号; empty: made from the community and year."))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-year", "community__name"]
        constraints = [models.UniqueConstraint(fields=["community", "year"], name="conference_unique_year")]
        verbose_name = _("annual conference")
        verbose_name_plural = _("annual conferences")

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        from django.utils.translation import gettext

        return gettext("%(community)s %(year)s annual task decomposition and individual post-setting conference") % {
            "community": self.community.name, "year": self.year}

    def clean(self):
        errors = {}
        if self.date and self.year and self.date.year != self.year:
            errors["date"] = _("The conference of %(year)s is held in %(year)s.") % {"year": self.year}
        if self.plan_id and self.community_id and (self.plan.community_id != self.community_id or self.plan.year != self.year):
            errors["plan"] = _("The plan is not this community's plan for this year.")
        if errors:
            raise ValidationError(errors)


def photo_upload_path(instance, filename):
    return f"conferences/{uuid.uuid4().hex}"


class ConferencePhoto(BaseModel):
    """A photo of the conference, checked like evidence (type from the bytes, size capped,
    re-encoded without EXIF or GPS)."""

    conference = models.ForeignKey(Conference, verbose_name=_("annual conference"), on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to=photo_upload_path, max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        ordering = ["conference", "id"]
        verbose_name = _("conference photo")
        verbose_name_plural = _("conference photos")

    def __str__(self):
        return self.caption or self.original_name or f"#{self.pk}"

    @property
    def community_id(self):
        return self.conference.community_id


def pack_upload_path(instance, filename):
    return f"packs/{uuid.uuid4().hex}.zip"


class PackJob(models.Model):
    """A conference pack being built in the background: progress (0-100) and what it is
    doing while it runs, then the zip or the error. Shaped like the core's generic job
    (progress, message, result file) so it can move onto it."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("pack job", "Waiting to start")
        RUNNING = "running", pgettext_lazy("pack job", "Building")
        DONE = "done", pgettext_lazy("pack job", "Done")
        FAILED = "failed", pgettext_lazy("pack job", "Failed")

    conference = models.ForeignKey(Conference, verbose_name=_("annual conference"), on_delete=models.CASCADE, related_name="pack_jobs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(pgettext_lazy("pack job", "status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(pgettext_lazy("pack job", "message"), max_length=200, blank=True)
    error = models.TextField(pgettext_lazy("pack job", "error"), blank=True)
    result_file = models.FileField(_("file"), upload_to=pack_upload_path, blank=True, max_length=200)
    documents = models.PositiveIntegerField(_("documents"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("conference pack")
        verbose_name_plural = _("conference packs")

    def __str__(self):
        return f"{self.conference} #{self.pk}"

    @property
    def community_id(self):
        return self.conference.community_id

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
