"""Notices: one model (``core.Notice``), one way to send, three channels.

    notice_send(channel="inapp", recipient_user=user, subject=_("A task was assigned to you"),
                body=..., obj=task, link=task_url)
    notice_send(channel="sms", address=person.mobile, recipient=person, body=..., obj=suggestion)

The notice is saved, then delivered in the background (``core.jobs.enqueue``) by the channel's
sender; a sender that raises is retried up to ``GONGJIAN_NOTICE_MAX_ATTEMPTS`` times, then the
notice is failed with the error, listed for staff on ``/notices/failed/``. Senders:

- ``inapp``: nothing to send; the notice shows in the recipient's inbox (``/notices/``, the
  unread count is in the navigation);
- ``email``: Django's mail settings (``EMAIL_BACKEND``, ``DEFAULT_FROM_EMAIL``);
- ``sms``: an HTTP gateway, off unless ``GONGJIAN_SMS_GATEWAY_URL`` is set (a JSON POST of
  ``{"to": ..., "text": ...}`` with ``GONGJIAN_SMS_GATEWAY_TOKEN`` as a bearer token). While it
  is off, SMS notices stay queued with the reason in ``error``.

``register_sender(channel, sender)`` replaces a channel's sender (a test's, another gateway).
Personal data (mobiles, ID numbers) in a body is masked for every reader who does not hold the
notice's ``reveal_perm``, and always in e-mail and SMS.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.request
from collections.abc import Callable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import ApplicationError
from .jobs import enqueue
from .masking import mask_mobile
from .models import Notice

logger = logging.getLogger(__name__)

_ID_NUMBER = re.compile(r"\b\d{17}[\dXx]\b")
_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1\d{2}[- ]?\d{4}[- ]?\d{4}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")


def mask_text(text: str) -> str:
    """Free text with its ID numbers and phone numbers masked."""
    text = _ID_NUMBER.sub(lambda m: m.group(0)[:6] + "*" * 8 + m.group(0)[-4:], text or "")
    return _PHONE.sub(lambda m: mask_mobile(m.group(0)), text)


def body_for(notice: Notice, user=None) -> str:
    """The body as ``user`` may read it (masked unless they hold ``notice.reveal_perm``)."""
    if notice.reveal_perm and user is not None and user.is_authenticated and user.has_perm(notice.reveal_perm):
        return notice.body
    return mask_text(notice.body)


# -- senders ------------------------------------------------------------------------------------

Sender = Callable[[Notice], None]


def _send_inapp(notice: Notice) -> None:
    if notice.recipient_user_id is None:
        raise ApplicationError(_("An in-app notice needs a user to go to."))


def _send_email(notice: Notice) -> None:
    if not notice.address:
        raise ApplicationError(_("An e-mail notice needs an address."))
    send_mail(notice.subject or _("Notice from Gongjian"), body_for(notice), None, [notice.address])


class SmsGatewayOff(Exception):
    """SMS sending is not configured: the notice waits, it is not an error to retry."""


def _send_sms(notice: Notice) -> None:
    url = getattr(settings, "GONGJIAN_SMS_GATEWAY_URL", "")
    if not url:
        raise SmsGatewayOff
    if not notice.address:
        raise ApplicationError(_("An SMS notice needs a mobile number."))
    data = json.dumps({"to": notice.address, "text": body_for(notice)}).encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    token = getattr(settings, "GONGJIAN_SMS_GATEWAY_TOKEN", "")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=int(getattr(settings, "GONGJIAN_SMS_GATEWAY_TIMEOUT", 10))) as response:  # noqa: S310
        if response.status >= 300:
            raise ApplicationError(_("The SMS gateway answered %(status)s.") % {"status": response.status})


_senders: dict[str, Sender] = {Notice.Channel.INAPP: _send_inapp, Notice.Channel.EMAIL: _send_email, Notice.Channel.SMS: _send_sms}
_DEFAULT_SENDERS = dict(_senders)


def register_sender(channel: str, sender: Sender | None) -> None:
    """Use ``sender(notice)`` for ``channel`` (None: back to the built-in one). It raises to fail."""
    if channel not in Notice.Channel.values:
        raise ValueError(f"Unknown notice channel {channel!r}")
    _senders[channel] = sender or _DEFAULT_SENDERS[channel]


# -- sending ------------------------------------------------------------------------------------


def unread_count(user) -> int:
    """The user's unread in-app notices (one indexed query, on every page for the navigation)."""
    return Notice.objects.filter(recipient_user=user, channel=Notice.Channel.INAPP, read_at__isnull=True).count()


@transaction.atomic
def notice_send(*, channel: str, body: str, subject: str = "", recipient_user=None, recipient=None, address: str = "",
                obj=None, link: str = "", reveal_perm: str = "") -> Notice:
    """Save a notice and queue its delivery (see the module docstring). ``recipient`` is any
    model instance (a Person); ``obj`` what the notice is about."""
    notice = Notice(channel=channel, body=body, subject=subject[:200], recipient_user=recipient_user, address=address[:120],
                    link=link[:200], reveal_perm=reveal_perm)
    if recipient is not None:
        notice.recipient_type, notice.recipient_id = ContentType.objects.get_for_model(recipient), recipient.pk
    if obj is not None:
        notice.content_type, notice.object_id = ContentType.objects.get_for_model(obj), obj.pk
    notice.full_clean()
    notice.save()
    enqueue("gongjian.core.notices.notice_deliver", notice.pk)
    return notice


def _max_attempts() -> int:
    return int(getattr(settings, "GONGJIAN_NOTICE_MAX_ATTEMPTS", 3))


def notice_deliver(notice_id: int) -> None:
    """One delivery attempt; on failure queued again until the last attempt, then failed."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update().filter(pk=notice_id, status=Notice.Status.QUEUED).first()
        if notice is None:
            return
        notice.attempts += 1
        try:
            _senders[notice.channel](notice)
        except SmsGatewayOff:
            notice.attempts -= 1
            notice.error = _("SMS sending is off (no gateway configured); the notice waits.")
            notice.save(update_fields=["error", "updated_at"])
            return
        except Exception as exc:
            logger.warning("notice %s failed (attempt %s): %r", notice.pk, notice.attempts, exc)
            notice.error = exc.message if isinstance(exc, ApplicationError) else f"{exc.__class__.__name__}: {exc}"[:500]
            retry = notice.attempts < _max_attempts()
            if not retry:
                notice.status = Notice.Status.FAILED
            notice.save(update_fields=["attempts", "error", "status", "updated_at"])
        else:
            notice.status, notice.sent_at, notice.error = Notice.Status.SENT, timezone.now(), ""
            notice.save(update_fields=["attempts", "error", "status", "sent_at", "updated_at"])
            return
    if retry:
        enqueue("gongjian.core.notices.notice_deliver", notice_id)


def notices_retry_queued() -> int:
    """Queue again every queued notice (after a gateway was configured or an outage)."""
    ids = list(Notice.objects.filter(status=Notice.Status.QUEUED).values_list("pk", flat=True))
    for pk in ids:
        enqueue("gongjian.core.notices.notice_deliver", pk)
    return len(ids)


# -- reading ------------------------------------------------------------------------------------


def inbox(*, user):
    """The user's in-app notices, newest first."""
    return Notice.objects.filter(recipient_user=user, channel=Notice.Channel.INAPP).order_by("-created_at", "-id")


def notices_mark_read(*, user) -> int:
    return Notice.objects.filter(recipient_user=user, channel=Notice.Channel.INAPP, read_at__isnull=True).update(read_at=timezone.now())


def failed_notices():
    """Notices that failed for good, or wait with an error, for staff to see."""
    return Notice.objects.exclude(error="").exclude(status=Notice.Status.SENT).select_related("recipient_user").order_by("-updated_at", "-id")
