"""Individual post-setting (个人设岗定责): the district's catalogue of post kinds, the posts each
community sets for a year, the people holding them (each with a public commitment and a term)
and the service log of what they did.

Every write goes through ``services.py``; reads through ``selectors.py``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongjian.core.models import BaseModel
from gongjian.registry.models import Community, District, Person

#: The registry categories a post may be open to (plain residents hold no post).
ELIGIBLE_CATEGORIES = [
    (Person.Category.NO_POST_MEMBER.value, Person.Category.NO_POST_MEMBER.label),
    (Person.Category.UNIT_MEMBER.value, Person.Category.UNIT_MEMBER.label),
    (Person.Category.RESIDENT_MEMBER.value, Person.Category.RESIDENT_MEMBER.label),
    (Person.Category.ACTIVIST.value, Person.Category.ACTIVIST.label),
]
ELIGIBLE_VALUES = [value for value, _label in ELIGIBLE_CATEGORIES]


def _categories_valid(value):
    if not isinstance(value, list) or not value or any(v not in ELIGIBLE_VALUES for v in value):
        raise ValidationError(_("Choose at least one of the categories that may hold a post."))


class PostKind(BaseModel):
    """岗位类别: a kind of post in the district's catalogue (平安创建岗, 文明劝导岗 …) with its
    duties, who may hold it, the specialties it wants and the work category it serves.
    ``temporary`` kinds (突发事件处置岗) are set for an emergency and not counted as standing."""

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="post_kinds"
    )
    name = models.CharField(_("name"), max_length=40)
    duties = models.TextField(_("duties"))
    categories = models.JSONField(_("who may hold it"), default=list, validators=[_categories_valid])
    specialties = models.CharField(
        _("wanted specialties"), max_length=200, blank=True, help_text=_("Separate several with 、 or commas.")
    )
    work_category = models.ForeignKey(
        "targets.WorkCategory",
        verbose_name=_("work category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="post_kinds",
    )
    temporary = models.BooleanField(
        _("temporary (emergency)"),
        default=False,
        help_text=_("Set for an emergency such as a flood; not counted among the standing posts."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["district", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="postkind_unique_name")]
        verbose_name = _("post kind")
        verbose_name_plural = _("post kinds")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.work_category_id and self.district_id and self.work_category.district_id != self.district_id:
            raise ValidationError({"work_category": _("This work category belongs to another district.")})

    @property
    def specialty_list(self) -> list[str]:
        return Person(specialties=self.specialties).specialty_list

    def matches(self, person) -> list[str]:
        """The wanted specialties the person has (both as ``Person.specialty_list`` splits them)."""
        wanted = set(self.specialty_list)
        return [s for s in person.specialty_list if s in wanted]

    def category_labels(self) -> list[str]:
        labels = dict(ELIGIBLE_CATEGORIES)
        return [str(labels[c]) for c in self.categories if c in labels]


class Post(BaseModel):
    """A post a community sets for one year: a kind, how many may hold it, and optionally the
    year's tasks it serves."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="posts"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    kind = models.ForeignKey(PostKind, verbose_name=_("post kind"), on_delete=models.PROTECT, related_name="posts")
    capacity = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("What this community adds to the kind's duties.")
    )
    tasks = models.ManyToManyField("targets.Task", verbose_name=_("tasks served"), blank=True, related_name="posts")

    class Meta:
        ordering = ["community", "-year", "kind__order", "kind__name"]
        constraints = [models.UniqueConstraint(fields=["community", "year", "kind"], name="post_unique_kind_year")]
        indexes = [models.Index(fields=["year", "community"])]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self):
        return f"{self.community} {self.year} {self.kind}"

    def clean(self):
        super().clean()
        if self.kind_id and self.community_id and self.kind.district_id != self.community.street.district_id:
            raise ValidationError({"kind": _("This post kind belongs to another district.")})

    @property
    def term_start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def term_end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)


class Holding(BaseModel):
    """A person holding (or claiming) a post: their own commitment (承诺) and a term.

    A claim is ``pending`` until the community Party organisation approves (``active``) or
    declines it with a reason; a holding ends (``ended``) when its holder leaves, transfers or
    is renewed into next year's post. A public claim without an account carries the name and
    mobile typed in; the person is found or recorded when staff confirm it by phone."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Holding")
        DECLINED = "declined", _("Declined")
        ENDED = "ended", _("Ended")

    class Via(models.TextChoices):
        MEMBER = "member", _("Claimed by the member")
        PUBLIC = "public", _("Claimed on the public roster")
        STAFF = "staff", _("Assigned by staff")
        IMPORT = "import", _("Imported")
        RENEWAL = "renewal", _("Renewed")
        TRANSFER = "transfer", _("Transferred")

    OPEN = (Status.PENDING, Status.ACTIVE)

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="holdings")
    person = models.ForeignKey(
        Person, verbose_name=_("holder"), null=True, blank=True, on_delete=models.PROTECT, related_name="post_holdings"
    )
    applicant_name = models.CharField(_("applicant's name"), max_length=50, blank=True)
    applicant_mobile = models.CharField(_("applicant's mobile"), max_length=11, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    via = models.CharField(_("how"), max_length=10, choices=Via.choices, default=Via.MEMBER)
    commitment = models.TextField(_("commitment"), max_length=500)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    reason = models.CharField(
        _("reason"), max_length=300, blank=True, help_text=_("Why a claim was declined or a holding ended.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("renewed or transferred from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["post", "status", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "person"],
                condition=models.Q(status__in=["pending", "active"]),
                name="holding_unique_open",
            ),
        ]
        verbose_name = _("holding")
        verbose_name_plural = _("holdings")

    def __str__(self):
        return f"{self.holder_name} · {self.post.kind}"

    @property
    def community_id(self):
        return self.post.community_id

    @property
    def holder_name(self) -> str:
        return self.person.name if self.person_id else self.applicant_name

    def clean(self):
        super().clean()
        if not self.person_id and not (self.applicant_name and self.applicant_mobile):
            raise ValidationError(_("A holding needs a person, or a name and a mobile to confirm by phone."))
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": _("The term cannot end before it begins.")})
        if (
            self.post_id
            and self.start
            and self.end
            and (self.start.year != self.post.year or self.end.year != self.post.year)
        ):
            raise ValidationError(
                {"start": _("The term must fall in the post's year (%(year)s).") % {"year": self.post.year}}
            )


def evidence_upload_path(instance, filename):
    return f"posts/{timezone.now():%Y/%m}/{filename}"


class ServiceEntry(BaseModel):
    """One entry of a holder's service log: the day, the hours, what was done and optional
    evidence; the community confirms it or returns it with a reason."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        RETURNED = "returned", _("Returned")

    holding = models.ForeignKey(Holding, verbose_name=_("holding"), on_delete=models.CASCADE, related_name="entries")
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0.5), MaxValueValidator(24)]
    )
    done = models.CharField(_("what was done"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    reason = models.CharField(_("reason returned"), max_length=300, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_upload_path, max_length=200, blank=True)
    evidence_type = models.CharField(_("content type"), max_length=100, blank=True)
    evidence_name = models.CharField(_("file name"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["holding", "-date", "-id"]
        indexes = [models.Index(fields=["holding", "date"])]
        verbose_name = _("service entry")
        verbose_name_plural = _("service entries")

    def __str__(self):
        return f"{self.date} {self.hours}h"

    @property
    def community_id(self):
        return self.holding.post.community_id
