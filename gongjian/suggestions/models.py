"""Solicitation by category (分类征求意见): early in the year a community's Party organisation
runs a campaign and collects suggestions from six categories of sources through six channels;
similar suggestions are found as they come in and duplicates merged, keeping every original.

A suggestion's ``status`` changes only through a recorded decision of a joint meeting
(``meetings.services.decision_record``) or a staff merge of a duplicate; putting it on an
agenda or linking it to a task changes nothing by itself.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.indexes import GistIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongjian.core.models import BaseModel
from gongjian.core.models import Notice as CoreNotice
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


#: The alphabet of public codes: lower-case letters and digits without look-alikes (0/o, 1/l/i).
PUBLIC_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
PUBLIC_CODE_LENGTH = 12


def new_public_code() -> str:
    """A random code for a suggestion's public address (about 59 bits: not guessable)."""
    import secrets

    return "".join(secrets.choice(PUBLIC_CODE_ALPHABET) for _ in range(PUBLIC_CODE_LENGTH))


class Suggestion(BaseModel):
    """意见建议: one suggestion, with the category of its source and the channel it came by.
    The submitter's contact (optional) is for staff and notices only, never shown publicly.
    Paper and door-to-door suggestions are entered by staff on someone's behalf, with a photo
    of the paper. ``search_text`` is the body normalised for the similarity search."""

    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("suggestion status", "Received")
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
    notices = GenericRelation("core.Notice", related_query_name="suggestion")
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    gram_count = models.PositiveSmallIntegerField(_("bigrams"), default=0, editable=False)
    # The public page is /c/<slug>/suggestions/<public_code>/: sequential ids are not published.
    public_code = models.CharField(_("public code"), max_length=16, unique=True, default=new_public_code, editable=False)
    # Staff may hide the text from public pages (the outcome stays public), saying why.
    public_hidden = models.BooleanField(_("hidden from the public"), default=False)
    hidden_reason = models.CharField(_("why it is hidden"), max_length=200, blank=True)

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

    def public_path(self) -> str:
        """The suggestion's public page, ``/c/<slug>/suggestions/<public_code>/``."""
        from django.urls import reverse

        return reverse("public:suggestion", args=[self.community.slug, self.public_code])

    @property
    def primary(self) -> Suggestion:
        """The suggestion this one was merged into, following the chain; else itself."""
        node, seen = self, set()
        while node.merged_into_id and node.pk not in seen:
            seen.add(node.pk)
            node = node.merged_into
        return node


class PublicTextReport(BaseModel):
    """举报: a visitor's report that a suggestion's public text should not be shown (personal
    data, abuse, advertising). Staff see the reported suggestions and may hide the text."""

    changelog_parent = "suggestion"  # its changes show in the history of its suggestion

    class Reason(models.TextChoices):
        PERSONAL = "personal", _("It shows someone's personal data")
        ABUSE = "abuse", _("It is abusive or insulting")
        SPAM = "spam", _("It is an advertisement or spam")
        OTHER = "other", _("Something else")

    suggestion = models.ForeignKey(Suggestion, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report of a public text")
        verbose_name_plural = _("reports of public texts")

    def __str__(self):
        return f"#{self.suggestion_id} · {self.get_reason_display()}"


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


# Notices to submitters are core notices (``gongjian.core.models.Notice``) about the suggestion:
# ``suggestion.notices`` lists them; ``Notice.objects.filter(suggestion__...)`` filters by it.
Notice = CoreNotice
