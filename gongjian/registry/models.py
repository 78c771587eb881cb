"""Who and where: the nouns every part of the mechanism uses.

Places nest district → street → community → compound → building. Organisations and people
belong to a community, which is what every role's scope is measured against.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongjian.core.models import BaseModel

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", _("Enter an 11-digit mainland mobile number."))
lat_validators = [MinValueValidator(-90), MaxValueValidator(90)]
lng_validators = [MinValueValidator(-180), MaxValueValidator(180)]


class Located(models.Model):
    """A point on the map (WGS-84), used for proximity (就近便利) when assigning work."""

    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=lat_validators)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=lng_validators)

    class Meta:
        abstract = True


class District(BaseModel):
    """区: the top of one deployment (梅列区); a province-wide deployment has many."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("URL name"), max_length=60, unique=True, blank=True, null=True, help_text=_("From the pinyin of the name without 区, e.g. meilie."))
    city = models.CharField(_("city"), max_length=50, blank=True)
    code = models.CharField(_("division code"), max_length=12, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not self.slug:
            from .slugs import district_slug

            self.slug = district_slug(self)

    def save(self, *args, **kwargs):
        if not self.slug:
            from .slugs import district_slug

            self.slug = district_slug(self)
        super().save(*args, **kwargs)


class Street(BaseModel):
    """街道, run by its street work committee (街道工委), which supervises and ranks communities."""

    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="streets")
    name = models.CharField(_("name"), max_length=50)
    slug = models.SlugField(_("URL name"), max_length=60, blank=True, help_text=_("From the pinyin of the name without 街道, e.g. liedong."))
    committee_name = models.CharField(_("work committee"), max_length=80, blank=True)

    class Meta:
        ordering = ["district", "name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="street_unique_name")]
        verbose_name = _("street")
        verbose_name_plural = _("streets")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not self.slug and self.district_id:
            from .slugs import street_slug

            self.slug = street_slug(self)

    def save(self, *args, **kwargs):
        if not self.slug and self.district_id:
            from .slugs import street_slug

            self.slug = street_slug(self)
        super().save(*args, **kwargs)


class Community(Located, BaseModel):
    """社区: run by its Party organisation and residents' committee; the unit of the mechanism."""

    street = models.ForeignKey(Street, verbose_name=_("street"), on_delete=models.PROTECT, related_name="communities")
    name = models.CharField(_("name"), max_length=50)
    slug = models.SlugField(_("URL name"), max_length=60, unique=True, help_text=_("From the pinyin of the name, e.g. jiangbin."))
    address = models.CharField(_("office address"), max_length=200, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        ordering = ["street__name", "name"]
        constraints = [models.UniqueConstraint(fields=["street", "name"], name="community_unique_name")]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self):
        return self.name


class Compound(Located, BaseModel):
    """小区: a residential compound, the unit of security and sanitation work."""

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="compounds")
    name = models.CharField(_("name"), max_length=80)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        ordering = ["community", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="compound_unique_name")]
        verbose_name = _("compound")
        verbose_name_plural = _("compounds")

    def __str__(self):
        return self.name


class Building(BaseModel):
    """楼幢: a building in a compound."""

    compound = models.ForeignKey(Compound, verbose_name=_("compound"), on_delete=models.PROTECT, related_name="buildings")
    name = models.CharField(_("name"), max_length=40)

    class Meta:
        ordering = ["compound", "name"]
        constraints = [models.UniqueConstraint(fields=["compound", "name"], name="building_unique_name")]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")

    def __str__(self):
        return f"{self.compound.name}{self.name}"


class Organisation(Located, BaseModel):
    """An organisation taking part in community work: Party organisation, residents' committee,
    resident unit (驻区单位), civil or mass organisation, owners' committee, property company."""

    class Kind(models.TextChoices):
        PARTY_ORG = "party_org", _("Community Party organisation")
        RESIDENTS_COMMITTEE = "residents_committee", _("Residents' committee")
        RESIDENT_UNIT = "resident_unit", _("Resident unit")
        CIVIL = "civil", _("Civil organisation")
        MASS = "mass", _("Mass organisation")
        OWNERS_COMMITTEE = "owners_committee", _("Owners' committee")
        PROPERTY_COMPANY = "property_company", _("Property company")

    class UnitKind(models.TextChoices):
        ORGAN = "organ", _("Government organ")
        INSTITUTION = "institution", _("Public institution")
        STATE_ENTERPRISE = "state_enterprise", _("State-owned enterprise")
        NON_PUBLIC = "non_public", _("Non-public enterprise")

    class MassKind(models.TextChoices):
        YOUTH_LEAGUE = "youth_league", _("Youth League branch")
        WOMEN = "women", _("Women's federation")
        UNION = "union", _("Trade union")
        SENIORS = "seniors", _("Senior citizens' association")
        FIVE_ELDERS = "five_elders", _("Five-elders group")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices, db_index=True)
    unit_kind = models.CharField(_("unit type"), max_length=20, choices=UnitKind.choices, blank=True)
    mass_kind = models.CharField(_("mass organisation type"), max_length=20, choices=MassKind.choices, blank=True)
    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="organisations")
    served_communities = models.ManyToManyField(
        Community, verbose_name=_("also serves"), blank=True, related_name="served_by",
        help_text=_("Other communities a resident unit also serves."),
    )
    compound = models.ForeignKey(Compound, verbose_name=_("compound"), null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations")
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    party_members = models.PositiveIntegerField(_("Party members"), null=True, blank=True)

    class Meta:
        ordering = ["community", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="organisation_unique_name")]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.kind == self.Kind.RESIDENT_UNIT and not self.unit_kind:
            errors["unit_kind"] = _("A resident unit needs its unit type.")
        if self.kind != self.Kind.RESIDENT_UNIT and self.unit_kind:
            errors["unit_kind"] = _("Only resident units have a unit type.")
        if self.kind == self.Kind.MASS and not self.mass_kind:
            errors["mass_kind"] = _("A mass organisation needs its type.")
        if self.kind != self.Kind.MASS and self.mass_kind:
            errors["mass_kind"] = _("Only mass organisations have a mass organisation type.")
        if errors:
            raise ValidationError(errors)


class Person(Located, BaseModel):
    """A Party member, volunteer or resident known to the community."""

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Category(models.TextChoices):
        NO_POST_MEMBER = "no_post", _("Party member without a post")
        UNIT_MEMBER = "unit_member", _("Party member of a resident unit")
        RESIDENT_MEMBER = "resident_member", _("Party member living in the community")
        ACTIVIST = "activist", _("Enthusiastic resident")
        RESIDENT = "resident", _("Resident")

    class Availability(models.TextChoices):
        ANY = "any", _("Any time")
        WEEKDAY = "weekday", _("Weekday daytime")
        EVENING = "evening", _("Evenings")
        WEEKEND = "weekend", _("Weekends")

    PARTY_CATEGORIES = {Category.NO_POST_MEMBER, Category.UNIT_MEMBER, Category.RESIDENT_MEMBER}

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2030)])
    mobile = models.CharField(_("mobile"), max_length=11, blank=True, validators=[mobile_validator], db_index=True)
    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="people")
    compound = models.ForeignKey(Compound, verbose_name=_("compound"), null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    address = models.CharField(_("address"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.RESIDENT, db_index=True)
    is_party_member = models.BooleanField(_("Party member"), default=False, db_index=True)
    specialties = models.CharField(_("specialties"), max_length=200, blank=True, help_text=_("Separate several with 、 or commas."))
    availability = models.CharField(_("availability"), max_length=10, choices=Availability.choices, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("login"), null=True, blank=True, on_delete=models.SET_NULL, related_name="person")
    organisations = models.ManyToManyField(Organisation, through="Affiliation", related_name="people", blank=True)

    class Meta:
        ordering = ["community", "name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(fields=["community", "mobile"], condition=~models.Q(mobile=""), name="person_unique_mobile_per_community"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.category in self.PARTY_CATEGORIES and not self.is_party_member:
            raise ValidationError({"is_party_member": _("This category is for Party members.")})
        if self.compound_id and self.community_id and self.compound.community_id != self.community_id:
            raise ValidationError({"compound": _("The compound is not in this community.")})

    @property
    def specialty_list(self) -> list[str]:
        import re

        return [s for s in re.split(r"[、,，;；\s]+", self.specialties) if s]


class Affiliation(BaseModel):
    """A person's place in an organisation, with a role (负责人, 联络员, 成员 …)."""

    changelog_parent = "person"  # its changes show in the history of its person

    class Role(models.TextChoices):
        HEAD = "head", _("Head")
        LIAISON = "liaison", _("Liaison")
        MEMBER = "member", _("Member")
        VOLUNTEER = "volunteer", _("Volunteer")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="affiliations")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    title = models.CharField(_("title"), max_length=50, blank=True)

    class Meta:
        ordering = ["organisation", "role", "person"]
        constraints = [models.UniqueConstraint(fields=["person", "organisation"], name="affiliation_unique")]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")

    def __str__(self):
        return f"{self.person} @ {self.organisation} ({self.get_role_display()})"


class LiaisonAssignment(BaseModel):
    """挂点领导 / 挂点单位: a district leader or unit that "hangs" on a community to support it."""

    class Kind(models.TextChoices):
        LEADER = "leader", _("Liaison leader")
        UNIT = "unit", _("Liaison unit")

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="liaisons")
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices)
    leader_name = models.CharField(_("leader"), max_length=50, blank=True)
    leader_title = models.CharField(_("leader's post"), max_length=80, blank=True)
    unit = models.ForeignKey(Organisation, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="liaison_for")
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        ordering = ["community", "year", "kind"]
        verbose_name = _("liaison assignment")
        verbose_name_plural = _("liaison assignments")

    def __str__(self):
        who = self.leader_name if self.kind == self.Kind.LEADER else str(self.unit)
        return f"{self.community} ← {who} ({self.year})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.kind == self.Kind.LEADER and not self.leader_name:
            raise ValidationError({"leader_name": _("Name the liaison leader.")})
        if self.kind == self.Kind.UNIT and not self.unit_id:
            raise ValidationError({"unit": _("Choose the liaison unit.")})
