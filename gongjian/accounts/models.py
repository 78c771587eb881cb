from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongjian.core.models import BaseModel


class Role(models.TextChoices):
    DISTRICT_OFFICE = "district_office", _("District office")
    STREET_COMMITTEE = "street_committee", _("Street work committee")
    COMMUNITY_PARTY = "community_party", _("Community Party organisation")
    ORG_LIAISON = "org_liaison", _("Organisation liaison")
    MEMBER = "member", _("Party member or volunteer")
    RESIDENT = "resident", _("Resident")


#: The place each role's scope is measured by.
ROLE_SCOPE_FIELD = {
    Role.DISTRICT_OFFICE: "district",
    Role.STREET_COMMITTEE: "street",
    Role.COMMUNITY_PARTY: "community",
    Role.ORG_LIAISON: "organisation",
    Role.MEMBER: "person",
    Role.RESIDENT: "community",
}


class RoleAssignment(BaseModel):
    """A user's role over one place or organisation; a user may hold several."""

    changelog_parent = "changelog_person"  # its changes show in the history of the person it concerns

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    district = models.ForeignKey("registry.District", verbose_name=_("district"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    street = models.ForeignKey("registry.Street", verbose_name=_("street"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey("registry.Community", verbose_name=_("community"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("registry.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.scope_object}"

    @property
    def changelog_person(self):
        """The person this role concerns: a member's own record, else the user's person."""
        if self.person_id:
            return self.person
        from gongjian.registry.models import Person

        return Person.objects.filter(user_id=self.user_id).first()

    @property
    def scope_object(self):
        return getattr(self, ROLE_SCOPE_FIELD[Role(self.role)])

    def clean(self):
        needed = ROLE_SCOPE_FIELD[Role(self.role)]
        for field in ("district", "street", "community", "organisation", "person"):
            has = getattr(self, f"{field}_id") is not None
            if field == needed and not has:
                raise ValidationError({field: _("This role needs its scope.")})
            if field != needed and has:
                raise ValidationError({field: _("This role takes no such scope.")})


class ApiToken(BaseModel):
    """A personal API token (for scripts and other systems): created and revoked by its user on
    their account page, shown once when created and stored only as a SHA-256 hash of the
    whole token (``prefix`` identifies it in lists). Requests made with it act as the user,
    with the user's roles and scope (``accounts.authentication.ApiTokenAuthentication``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=60, help_text=_("What the token is for, e.g. the script that uses it."))
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    key_hash = models.CharField(_("hash"), max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["user", "-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
