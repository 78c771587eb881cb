"""Every write to campaigns, suggestions and notices. Each validates with full_clean(),
refuses to overwrite a newer version, and writes the change log with its actor (the shared
helpers of ``targets.services``). Permission checks are the caller's.

A suggestion's status changes only here, by a staff merge of a duplicate
(``suggestion_merge``) or by a recorded decision (``suggestion_decide``, called by
``meetings.services.decision_record``)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core.exceptions import ApplicationError
from gongjian.core.services import create_logged as _create
from gongjian.core.services import update_logged as _update
from gongjian.core.uploads import EvidenceError, check_upload

from . import similarity
from .models import Campaign, Notice, PublicTextReport, Suggestion, SuggestionGram  # noqa: F401

PUBLIC_SOURCE = "public-form"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# --- campaigns --------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, actor, community, year: int, title: str = "", opens_on: datetime.date | None = None,
                    closes_on: datetime.date | None = None, notes: str = "", status: str = Campaign.Status.OPEN, source: str = "") -> Campaign:
    """A solicitation campaign of the community over a period (by default 1 January to 28
    February of ``year``); periods of one community may not overlap (``Campaign.clean``)."""
    title = title or _("%(community)s solicitation of suggestions %(year)s") % {"community": community.name, "year": year}
    if Campaign.objects.filter(community=community, title=title).exists():
        title = f"{title} ({opens_on or datetime.date(year, 1, 1):%Y-%m-%d})"
    return _create(
        Campaign, actor=actor, source=source, community=community, year=year, title=title,
        opens_on=opens_on or datetime.date(year, 1, 1), closes_on=closes_on or datetime.date(year, 2, 28), notes=notes, status=status,
    )


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, expected_version: int | None = None, **fields) -> Campaign:
    return _update(campaign, actor=actor, expected_version=expected_version, **fields)


def public_campaign(community) -> Campaign:
    """Where a resident's suggestion from the public form goes: the community's open campaign
    whose period covers today, else its latest open one, else any campaign covering today,
    else a campaign opened for it from today to the year's end (residents may always suggest)."""
    today = timezone.localdate()
    campaigns = Campaign.objects.filter(community=community)
    found = (
        campaigns.filter(status=Campaign.Status.OPEN, opens_on__lte=today, closes_on__gte=today).order_by("-opens_on").first()
        or campaigns.filter(status=Campaign.Status.OPEN).order_by("-year", "-opens_on").first()
        or campaigns.filter(opens_on__lte=today, closes_on__gte=today).order_by("-opens_on").first()
    )
    if found is not None:
        return found
    year = today.year
    later = campaigns.filter(opens_on__gt=today, opens_on__year=year).order_by("opens_on").first()
    closes_on = later.opens_on - datetime.timedelta(days=1) if later else datetime.date(year, 12, 31)
    return campaign_create(actor=None, community=community, year=year, opens_on=today, closes_on=closes_on, source=PUBLIC_SOURCE)


# --- suggestions ------------------------------------------------------------------------------


def _new_suggestion(*, actor, campaign: Campaign, body: str, source: str, **fields) -> Suggestion:
    body = (body or "").strip()
    suggestion = _create(
        Suggestion, actor=actor, source=source, campaign=campaign, community_id=campaign.community_id, body=body,
        **similarity.index_fields(body), **fields,
    )
    similarity.write_grams([suggestion])
    return suggestion


@transaction.atomic
def suggestion_submit(*, community, body: str, name: str = "", contact: str = "") -> Suggestion:
    """A resident's suggestion from the public form (channel: web; source: residents)."""
    campaign = public_campaign(community)
    return _new_suggestion(
        actor=None, campaign=campaign, body=body, source=PUBLIC_SOURCE, source_category="residents", channel="web",
        submitter_name=name.strip(), contact=contact.strip(),
    )


def suggestion_enter(*, actor, campaign: Campaign, body: str, source_category: str, channel: str, submitter_name: str = "",
                     contact: str = "", photo=None, source: str = "") -> Suggestion:
    """A suggestion staff enter on someone's behalf (paper, door-to-door, meetings), with an
    optional photo of the paper: type sniffed, size capped, EXIF stripped (targets.evidence).
    Only into an open campaign."""
    if not campaign.is_open:
        raise ApplicationError(_("%(campaign)s is closed: reopen it to enter suggestions.") % {"campaign": campaign.title})
    checked = None
    if photo is not None:
        checked = check_upload(photo)
        if not checked.is_photo and checked.content_type != "application/pdf":
            raise EvidenceError(_("The photo of the paper must be a JPEG or PNG picture, or a PDF scan."))
    written = []
    try:
        with transaction.atomic():
            fields = {}
            if checked is not None:
                holder = Suggestion(photo_type=checked.content_type)
                holder.photo.save("paper", ContentFile(checked.data), save=False)
                written.append((holder.photo.storage, holder.photo.name))
                fields = {"photo": holder.photo.name, "photo_type": checked.content_type}
            return _new_suggestion(
                actor=actor, campaign=campaign, body=body, source=source, source_category=source_category, channel=channel,
                submitter_name=submitter_name.strip(), contact=contact.strip(), entered_by=actor if getattr(actor, "is_authenticated", False) else None,
                **fields,
            )
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise


@transaction.atomic
def suggestion_merge(*, actor, duplicate: Suggestion, into: Suggestion, reason: str = "", expected_version: int | None = None) -> Suggestion:
    """Merge a duplicate into another suggestion of the same community. Both originals stay,
    with their text and submitter; the duplicate follows the other's outcome from now on, and
    any duplicates merged into it move along."""
    into = into.primary
    if duplicate.pk == into.pk:
        raise ApplicationError(_("A suggestion cannot be merged into itself."))
    if duplicate.community_id != into.community_id:
        raise ApplicationError(_("Only suggestions of the same community can be merged."))
    if duplicate.status not in (Suggestion.Status.RECEIVED, Suggestion.Status.DEFERRED):
        raise ApplicationError(_("%(s)s has already been decided and cannot be merged.") % {"s": duplicate})
    for child in Suggestion.objects.filter(merged_into=duplicate):
        _update(child, actor=actor, merged_into=into)
    return _update(
        duplicate, actor=actor, expected_version=expected_version, status=Suggestion.Status.MERGED, merged_into=into,
        status_reason=reason.strip() or _("Same as suggestion #%(pk)s.") % {"pk": into.pk},
    )


@transaction.atomic
def suggestion_hide(*, actor, suggestion: Suggestion, hidden: bool, reason: str = "", expected_version: int | None = None) -> Suggestion:
    """Hide a suggestion's text from the public pages (its outcome stays public), or show it
    again. Hiding needs a reason; both are in the change log."""
    reason = reason.strip()
    if hidden and not reason:
        raise ApplicationError(_("Say why the text is hidden."))
    return _update(suggestion, actor=actor, expected_version=expected_version, public_hidden=hidden, hidden_reason=reason if hidden else "")


@transaction.atomic
def suggestion_report(*, suggestion: Suggestion, reason: str, note: str = "") -> PublicTextReport:
    """A visitor reports a suggestion's public text (举报); staff see it on the reported list."""
    return _create(PublicTextReport, actor=None, source=PUBLIC_SOURCE, suggestion=suggestion, reason=reason, note=note.strip())


@transaction.atomic
def suggestion_decide(*, actor, suggestion: Suggestion, status: str, reason: str, tasks: Iterable = (), merged_into: Suggestion | None = None,
                      decided_at: datetime.datetime | None = None, source: str = "") -> Suggestion:
    """Apply a recorded decision to the suggestion: its status and reason, the tasks it became
    (added to those it had), what it was merged into."""
    fields = {"status": status, "status_reason": reason, "decided_at": decided_at or timezone.now()}
    if merged_into is not None:
        fields["merged_into"] = merged_into
    task_ids = sorted({t.pk for t in tasks} | set(suggestion.tasks.values_list("pk", flat=True)))
    return _update(suggestion, actor=actor, source=source, m2m={"tasks": task_ids}, **fields)


# --- notices ----------------------------------------------------------------------------------


def contact_channel(contact: str) -> str | None:
    contact = (contact or "").strip()
    if EMAIL.match(contact):
        return Notice.Channel.EMAIL
    if len(re.sub(r"\D", "", contact)) >= 7:
        return Notice.Channel.SMS
    return None


def notify_submitter(*, suggestion_id: int, message: str, link: str = "") -> Notice | None:
    """Send a notice to the submitter (``core.notices``), when they left a contact a notice can
    go to. Called in ``transaction.on_commit`` once a decision is saved; SMS waits, queued, until
    a gateway is configured; no outside host is called otherwise."""
    from gongjian.core.notices import notice_send

    suggestion = Suggestion.objects.filter(pk=suggestion_id).first()
    if suggestion is None:
        return None
    channel = contact_channel(suggestion.contact)
    if channel is None:
        return None
    return notice_send(channel=channel, address=suggestion.contact.strip(), obj=suggestion, body=message, link=link,
                       subject=_("About your suggestion"))
