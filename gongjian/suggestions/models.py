"""Solicitation by category (分类征求意见): early in the year a community's Party organisation
runs a campaign and collects suggestions from six categories of sources through six channels;
similar suggestions are found as they come in and duplicates merged, keeping every original.

A suggestion's ``status`` changes only through a recorded decision of a joint meeting
(``meetings.services.decision_record``) or a staff merge of a duplicate; putting it on an
agenda or linking it to a task changes nothing by itself.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GistIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongjian.core.models import BaseModel
from gongjian.registry.models import Community


class SourceCategory(models.TextChoices):
    """The six categories of sources the source briefing names (六类对象)."""

    LIAISON_LEADER = "liaison_leader", _("Liaison leader")
    LIAISON_UNIT = "liaison_unit", _("Liaison unit")
    RESIDENT_UNIT = "resident_unit", _("Resident unit")
    CIVIL = "civil", _("Civil organisation")
    MASS = "mass", _("Mass organisation")
    RESIDENTS = "residents", _("Community residents")


class Channel(models.TextChoices):
    """The six ways suggestions were gathered."""

    WEB = "web", _("Web")
    BOARD = "board", _("Bulletin board")
    DOOR = "door", _("Door-to-door visit")
    PARTY_MEETING = "party_meeting", _("Party member meeting")
    REPRESENTATIVES = "representatives", _("Residents' representative meeting")
    JOINT_MEETING = "joint_meeting", _("Joint meeting")


class Campaign(BaseModel):
    """征求意见活动: one community's solicitation of suggestions over a period (``opens_on`` to
    ``closes_on``), for the work of ``year`` (the year whose plan adopted suggestions go
    into). A community may run several in a year (the early-year solicitation, a mid-year
    round, a campaign on one theme), but never two whose periods overlap."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="campaigns")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=120)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-year", "community", "-opens_on"]
        constraints = [models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")), name="campaign_period_order")]
        indexes = [models.Index(fields=["community", "opens_on"], name="campaign_community_period")]
        verbose_name = _("solicitation campaign")
        verbose_name_plural = _("solicitation campaigns")

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The campaign cannot close before it opens.")})
        if self.community_id and self.opens_on and self.closes_on:
            overlapping = (
                Campaign.objects.filter(community_id=self.community_id, opens_on__lte=self.closes_on, closes_on__gte=self.opens_on)
                .exclude(pk=self.pk).order_by("opens_on").first()
            )
            if overlapping is not None:
                raise ValidationError({"opens_on": _("The period overlaps %(title)s (%(start)s to %(end)s).") % {
                    "title": overlapping.title, "start": f"{overlapping.opens_on:%Y-%m-%d}", "end": f"{overlapping.closes_on:%Y-%m-%d}",
                }})

    def covers(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


def paper_upload_path(instance, filename):
    """Stored under a random name; the uploader's file name is not kept in the path."""
    import uuid

    ext = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}.get(instance.photo_type, "bin")
    return f"suggestions/{uuid.uuid4().hex}.{ext}"


class Suggestion(BaseModel):
    """意见建议: one suggestion, with the category of its source and the channel it came by.
    The submitter's contact (optional) is for staff and notices only, never shown publicly.
    Paper and door-to-door suggestions are entered by staff on someone's behalf, with a photo
    of the paper. ``search_text`` is the body normalised for the similarity search."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ADOPTED = "adopted", _("Adopted")
        MERGED = "merged", _("Merged")
        DEFERRED = "deferred", _("Deferred")
        DECLINED = "declined", _("Declined")

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="suggestions")
    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="suggestions")
    body = models.TextField(_("suggestion"), max_length=1000)
    source_category = models.CharField(_("source category"), max_length=16, choices=SourceCategory.choices, db_index=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, db_index=True)
    submitter_name = models.CharField(_("submitted by"), max_length=60, blank=True)
    contact = models.CharField(_("contact"), max_length=60, blank=True, help_text=_("Optional; only staff see it."))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    photo = models.FileField(_("photo of the paper"), upload_to=paper_upload_path, max_length=200, blank=True)
    photo_type = models.CharField(_("photo type"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates")
    status_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    tasks = models.ManyToManyField("targets.Task", verbose_name=_("tasks"), related_name="suggestions", blank=True)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    gram_count = models.PositiveSmallIntegerField(_("bigrams"), default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["community", "status"]),
            models.Index(fields=["campaign", "source_category", "channel"]),
            # Created on PostgreSQL only (migration 0002_trigram): pg_trgm's GiST index (gist_trgm_ops),
            # which serves the similarity search's nearest-first ordering (<->); SQLite uses SuggestionGram.
            GistIndex(fields=["search_text"], opclasses=["gist_trgm_ops"], name="suggestion_search_trgm"),
        ]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")

    def __str__(self):
        text = self.body.replace("\n", " ")
        return f"#{self.pk} {text[:30]}" if self.pk else text[:30]

    def clean(self):
        if self.campaign_id and self.community_id and self.campaign.community_id != self.community_id:
            raise ValidationError({"campaign": _("The campaign belongs to another community.")})
        if self.merged_into_id and self.merged_into_id == self.pk:
            raise ValidationError({"merged_into": _("A suggestion cannot be merged into itself.")})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.RECEIVED

    @property
    def primary(self) -> Suggestion:
        """The suggestion this one was merged into, following the chain; else itself."""
        node, seen = self, set()
        while node.merged_into_id and node.pk not in seen:
            seen.add(node.pk)
            node = node.merged_into
        return node


class SuggestionGram(models.Model):
    """One character bigram (二元组) of a suggestion's text, for the similarity search on
    databases without pg_trgm (SQLite): candidates are the suggestions sharing the most
    bigrams, scored by Dice's coefficient. Kept by the services, never edited."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="grams")
    community_id = models.IntegerField()
    gram = models.CharField(max_length=2)

    class Meta:
        indexes = [models.Index(fields=["gram", "community_id", "suggestion"], name="suggestiongram_gram_comm")]
        constraints = [models.UniqueConstraint(fields=["suggestion", "gram"], name="suggestiongram_unique")]
        verbose_name = _("suggestion bigram")
        verbose_name_plural = _("suggestion bigrams")

    def __str__(self):
        return self.gram


class Notice(BaseModel):
    """A notice to a submitter who left contact, when a decision is recorded on the suggestion:
    queued here (SMS or e-mail by the look of the contact) for a sender to deliver. Nothing in
    the product calls an outside host; ``status`` stays ``queued`` until a sender marks it."""

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    suggestion = models.ForeignKey(Suggestion, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="notices")
    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=60)
    body = models.TextField(_("message"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True)
    link = models.CharField(_("link"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self):
        return f"{self.get_channel_display()} → #{self.suggestion_id}"

    @property
    def community_id(self):
        return self.suggestion.community_id
