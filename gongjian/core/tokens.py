"""One-time tokens: a link or QR code that lets someone do one thing once (sign a letter,
confirm a contact, open a form) without an account.

    token, raw = token_issue(purpose="letters.sign", target=letter, expires_at=now + timedelta(days=7))
    url = request.build_absolute_uri(reverse("letters:sign", args=[raw]))
    svg = qr_svg(url, label=...)                        # gongjian.public.qr
    ...
    token = token_use(purpose="letters.sign", raw=raw, client=client_key)   # ApplicationError if refused
    letter = token.target

Only an HMAC of the raw value (keyed with SECRET_KEY) is stored; the raw value is shown once.
The lookup is by that digest and the comparison constant-time; failed attempts are counted per
``client`` (e.g. a hash of the visitor's address) and refused beyond
``GONGJIAN_TOKEN_FAILURES_PER_WINDOW`` per ``GONGJIAN_TOKEN_WINDOW_SECONDS``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import ApplicationError
from .models import OneTimeToken


def _digest(raw: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), (raw or "").encode(), hashlib.sha256).hexdigest()


def token_issue(*, purpose: str, target=None, expires_at, max_uses: int = 1) -> tuple[OneTimeToken, str]:
    """A new token for ``purpose`` on ``target`` (any saved model instance, or None): returns
    the stored token and the raw value, which is never stored and cannot be shown again."""
    if max_uses < 1:
        raise ApplicationError(_("A token must allow at least one use."))
    raw = secrets.token_urlsafe(24)
    token = OneTimeToken(purpose=purpose, digest=_digest(raw), expires_at=expires_at, max_uses=max_uses)
    if target is not None:
        token.content_type = ContentType.objects.get_for_model(target)
        token.object_id = target.pk
    token.full_clean()
    token.save()
    return token, raw


def _limit() -> tuple[int, int]:
    return int(getattr(settings, "GONGJIAN_TOKEN_FAILURES_PER_WINDOW", 10)), int(getattr(settings, "GONGJIAN_TOKEN_WINDOW_SECONDS", 600))


def _failures_key(purpose: str, client: str) -> str:
    return "gongjian:token-failures:" + hashlib.sha256(f"{purpose}|{client}".encode()).hexdigest()[:32]


def _count_failure(purpose: str, client: str) -> None:
    _limit_n, window = _limit()
    key = _failures_key(purpose, client)
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)


@transaction.atomic
def token_use(*, purpose: str, raw: str, client: str = "") -> OneTimeToken:
    """Use a token once: returns it (``token.target`` is its object) or raises
    ``ApplicationError`` with a Chinese message when the value is wrong, the token expired or was
    used up, or ``client`` made too many wrong attempts."""
    limit, _window = _limit()
    if (cache.get(_failures_key(purpose, client)) or 0) >= limit:
        raise ApplicationError(_("Too many wrong attempts. Please try again later."))
    digest = _digest(raw)
    token = OneTimeToken.objects.select_for_update().filter(purpose=purpose, digest=digest).first()
    if token is None or not hmac.compare_digest(token.digest, digest):
        _count_failure(purpose, client)
        raise ApplicationError(_("This link or code is not valid."))
    now = timezone.now()
    if token.expires_at <= now:
        raise ApplicationError(_("This link or code has expired."))
    if token.uses >= token.max_uses:
        raise ApplicationError(_("This link or code has already been used."))
    OneTimeToken.objects.filter(pk=token.pk).update(uses=F("uses") + 1, used_at=now)
    token.refresh_from_db()
    return token
