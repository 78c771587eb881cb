"""The Party-building joint meeting (党建联席会): each community's standing council of its
Party organisation and member units (organs, institutions and, more and more, non-public
enterprises); its meetings with attendance, an agenda of suggestions and a recorded decision
on each item; the minutes, generated as a Word document, approved and then published.

Deciding (``services.decision_record``) is what changes a suggestion's status; putting it on
the agenda does not."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongjian.core.models import BaseModel
from gongjian.registry.models import Community, Organisation
from gongjian.suggestions.models import Suggestion


class JointMeetingBody(BaseModel):
    """党建联席会: a community's joint meeting body, convened by its Party organisation."""

    community = models.OneToOneField(Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="joint_meeting_body")
    name = models.CharField(_("name"), max_length=100)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    convenor_name = models.CharField(_("convenor"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["community__name"]
        verbose_name = _("joint meeting body")
        verbose_name_plural = _("joint meeting bodies")

    def __str__(self):
        return self.name


class BodyMember(BaseModel):
    """成员单位: an organisation sitting on a community's joint meeting."""

    class Role(models.TextChoices):
        CONVENOR = "convenor", _("Convening unit")
        MEMBER = "member", _("Member unit")

    body = models.ForeignKey(JointMeetingBody, verbose_name=_("joint meeting body"), on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="joint_meeting_seats")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    representative = models.CharField(_("representative"), max_length=50, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        ordering = ["body", "role", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["body", "organisation"], name="bodymember_unique_org")]
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")

    def __str__(self):
        return f"{self.body} · {self.organisation}"

    @property
    def community_id(self):
        return self.body.community_id

    @property
    def is_non_public(self) -> bool:
        return self.organisation.unit_kind == Organisation.UnitKind.NON_PUBLIC


class Meeting(BaseModel):
    """议事会议: a meeting that deliberates on suggestions: the joint meeting (党建联席会议)
    where the community has one, else its residents' representative meeting."""

    class Kind(models.TextChoices):
        JOINT = "joint", _("Joint meeting")
        REPRESENTATIVES = "representatives", _("Residents' representative meeting")

    class MinutesStatus(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="meetings")
    body = models.ForeignKey(JointMeetingBody, verbose_name=_("joint meeting body"), null=True, blank=True, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.JOINT)
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=120)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    chair = models.CharField(_("chaired by"), max_length=50, blank=True)
    recorder = models.CharField(_("minutes taken by"), max_length=50, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    minutes_status = models.CharField(_("minutes"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT, db_index=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return self.title

    def clean(self):
        if self.body_id and self.community_id and self.body.community_id != self.community_id:
            raise ValidationError({"body": _("The joint meeting body belongs to another community.")})
        if self.kind == self.Kind.JOINT and not self.body_id:
            raise ValidationError({"kind": _("A joint meeting needs the community's joint meeting body.")})

    @property
    def minutes_published(self) -> bool:
        return self.minutes_status == self.MinutesStatus.PUBLISHED


class Attendance(BaseModel):
    """签到: who signed in at a meeting, for which organisation."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    title = models.CharField(_("post"), max_length=50, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "name", "organisation"], name="attendance_unique")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self):
        return self.name

    @property
    def community_id(self):
        return self.meeting.community_id


class AgendaItem(BaseModel):
    """议题: a suggestion put before a meeting. Putting it on the agenda changes nothing about
    the suggestion; the item's decision does."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda")
    suggestion = models.ForeignKey(Suggestion, verbose_name=_("suggestion"), on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["meeting", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "suggestion"], name="agendaitem_unique")]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return f"{self.meeting} · {self.suggestion}"

    @property
    def community_id(self):
        return self.meeting.community_id


class Decision(BaseModel):
    """议定: what the meeting decided on an agenda item, with its reason and, optionally, the
    vote: adopt (into new or existing tasks), merge into another suggestion, defer or decline."""

    changelog_parent = "item.meeting"  # its changes show in the history of its meeting

    class Outcome(models.TextChoices):
        ADOPT = "adopt", _("Adopt")
        MERGE = "merge", _("Merge")
        DEFER = "defer", _("Defer")
        DECLINE = "decline", _("Decline")

    item = models.OneToOneField(AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("decision"), max_length=8, choices=Outcome.choices)
    reason = models.TextField(_("reason"), max_length=2000)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True, validators=[MinValueValidator(0)])
    merge_into = models.ForeignKey(Suggestion, verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    tasks = models.ManyToManyField("targets.Task", verbose_name=_("tasks"), blank=True, related_name="decisions")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["item__meeting", "item__order", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.get_outcome_display()} · {self.item.suggestion}"

    @property
    def community_id(self):
        return self.item.meeting.community_id

    def clean(self):
        if self.outcome == self.Outcome.MERGE and not self.merge_into_id:
            raise ValidationError({"merge_into": _("Say which suggestion it is merged into.")})
        if self.outcome != self.Outcome.MERGE and self.merge_into_id:
            raise ValidationError({"merge_into": _("Only a merge names another suggestion.")})
