from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Abstract base of every domain model: time stamps and an edit version.

    ``version`` grows by one on every saved edit; an edit form carries the version it read,
    and the service refuses to save over a newer one (no silent overwrites).
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class ObjectChange(models.Model):
    """One row of the change log: who changed which object, when, from what to what."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    request_id = models.UUIDField(_("request id"), null=True, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=200)
    # The parent a child's change belongs to (NetBox's related object): a task for its reports
    # and milestones, a meeting for its decisions, a person for affiliations and roles. The
    # parent's history shows it. Set from the child model's ``changelog_parent`` path.
    related_content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    related_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=30, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-time"]),
            models.Index(fields=["related_content_type", "related_object_id", "-time"], name="objectchange_related"),
        ]
        verbose_name = _("object change")
        verbose_name_plural = _("object changes")

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"

    def diff(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


from django.utils.translation import pgettext_lazy  # noqa: E402  (ImportJob is appended below)


def import_upload_path(instance, filename):
    """Uploaded sheets are stored under a random name (the user's file name is kept apart)."""
    import uuid

    return f"imports/{uuid.uuid4().hex}.xlsx"


class ImportJob(models.Model):
    """A background Excel import: who uploaded which sheet, how far it has got and how it ended.

    Progress while running lives in the cache (the write transaction is still open); the final
    status, counts and row errors are saved here. The uploaded file is deleted when it ends.
    """

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("import job", "Waiting to start")
        RUNNING = "running", pgettext_lazy("import job", "Running")
        DONE = "done", pgettext_lazy("import job", "Done")
        FAILED = "failed", pgettext_lazy("import job", "Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="import_jobs"
    )
    kind = models.CharField(_("kind of sheet"), max_length=30)
    file = models.FileField(pgettext_lazy("import job", "file"), upload_to=import_upload_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    status = models.CharField(pgettext_lazy("import job", "status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    total_rows = models.PositiveIntegerField(pgettext_lazy("import job", "rows"), default=0)
    created = models.PositiveIntegerField(pgettext_lazy("import job", "created"), default=0)
    updated = models.PositiveIntegerField(pgettext_lazy("import job", "updated"), default=0)
    unchanged = models.PositiveIntegerField(pgettext_lazy("import job", "unchanged"), default=0)
    errors = models.JSONField(pgettext_lazy("import job", "errors"), default=list, blank=True)
    message = models.TextField(pgettext_lazy("import job", "message"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
