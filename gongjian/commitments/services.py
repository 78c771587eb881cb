"""Every write to annual conferences, their photos and pack jobs: keyword-only, atomic,
validated, with the change log."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gongjian.core.changelog import log_change, snapshot
from gongjian.core.exceptions import ApplicationError
from gongjian.core.jobs import enqueue
from gongjian.core.models import ObjectChange
from gongjian.core.services import create_logged, delete_logged, update_logged
from gongjian.core.uploads import UploadError, check_upload
from gongjian.targets.models import AnnualPlan

from .models import Conference, ConferencePhoto, PackJob


def _plan_of(community, year):
    return AnnualPlan.objects.filter(community=community, year=year).first()


@transaction.atomic
def conference_create(*, actor, community, year: int, date, place: str = "", chair: str = "", organisations=(), people=(),
                      headcount: int | None = None, document_number: str = "", notes: str = "", plan=None) -> Conference:
    """Record the community's conference of ``year``, linked to that year's plan (found when
    not given)."""
    if Conference.objects.filter(community=community, year=year).exists():
        raise ApplicationError(_("%(community)s already has its conference of %(year)s.") % {"community": community.name, "year": year})
    return create_logged(
        Conference, actor=actor, community=community, year=year, date=date, place=place, chair=chair, headcount=headcount,
        document_number=document_number, notes=notes, plan=plan or _plan_of(community, year),
        m2m={"organisations": list(organisations), "people": list(people)},
    )


@transaction.atomic
def conference_update(*, actor, conference: Conference, expected_version: int | None = None, **fields) -> Conference:
    m2m = {name: list(fields.pop(name)) for name in ("organisations", "people") if name in fields}
    if "year" in fields or "community" in fields:
        raise ApplicationError(_("A conference stays with its community and year."))
    if "plan" not in fields and conference.plan_id is None:
        fields["plan"] = _plan_of(conference.community, conference.year)
    return update_logged(conference, actor=actor, expected_version=expected_version, m2m=m2m, **fields)


def photo_add(*, actor, conference: Conference, upload, caption: str = "") -> ConferencePhoto:
    """Keep a photo of the conference, checked as evidence is; anything but a photo is refused."""
    checked = check_upload(upload)
    if not checked.is_photo:
        raise UploadError(_("“%(name)s” is not a photo (JPEG or PNG).") % {"name": checked.original_name})
    photo = ConferencePhoto(conference=conference, content_type=checked.content_type, size=checked.size,
                            original_name=checked.original_name, caption=caption[:200])
    photo.file.save("photo", ContentFile(checked.data), save=False)
    try:
        with transaction.atomic():
            photo.full_clean()
            photo.save()
            log_change(actor=actor, action=ObjectChange.Action.CREATE, obj=photo, after=snapshot(photo))
    except BaseException:
        photo.file.storage.delete(photo.file.name)
        raise
    return photo


@transaction.atomic
def photo_delete(*, actor, photo: ConferencePhoto) -> None:
    storage, name = photo.file.storage, photo.file.name
    delete_logged(photo, actor=actor)
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def pack_request(*, actor, conference: Conference) -> PackJob:
    """Queue the conference pack; it is built in the background (``pack.run_pack_job``)."""
    job = PackJob.objects.create(conference=conference, user=actor if getattr(actor, "is_authenticated", False) else None)
    log_change(actor=actor, action=ObjectChange.Action.CREATE, obj=job, after={"conference": conference.pk, "requested_at": timezone.now().isoformat()})
    enqueue("gongjian.commitments.pack.run_pack_job", job.pk, get_language())
    return job
