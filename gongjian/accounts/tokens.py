"""Personal API tokens: created and revoked by their user, stored hashed, checked by the DRF
authentication class below (``Authorization: Token <token>``; ``Bearer`` works too).

A token reads ``gj_<prefix>_<secret>``: the prefix names it in lists, the whole string is
hashed with SHA-256 (the secret is 32 random bytes, so no slow hash is needed). The token is
returned once by ``token_create`` and never stored or shown again."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import authentication, exceptions

from gongjian.core.exceptions import ApplicationError
from gongjian.core.services import create_logged, update_logged

from .models import ApiToken

PREFIX = "gj_"
#: ``last_used_at`` is written at most this often per token (not on every request).
TOUCH_EVERY = datetime.timedelta(minutes=1)
MAX_ACTIVE = 10


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor, name: str) -> tuple[ApiToken, str]:
    """A new token of ``actor`` (the user creates their own); returns it and the plain token,
    which is shown once."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Give the token a name, e.g. what uses it."))
    if ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count() >= MAX_ACTIVE:
        raise ApplicationError(_("You have %(n)s active tokens: revoke one first.") % {"n": MAX_ACTIVE})
    prefix = secrets.token_hex(4)
    plain = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = create_logged(ApiToken, actor=actor, user=actor, name=name, prefix=prefix, key_hash=hash_token(plain))
    return token, plain


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is not None:
        raise ApplicationError(_("This token is already revoked."))
    return update_logged(token, actor=actor, revoked_at=timezone.now())


def token_user(plain: str):
    """The user of an active token (touching its last-used time), else None."""
    if not plain.startswith(PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(plain), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        # A usage stamp, not an edit: no new version, no change-log row.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """DRF authentication by a personal API token, in the ``Authorization`` header as
    ``Token <token>`` or ``Bearer <token>``. Token requests need no CSRF token (no cookie)."""

    keywords = ("token", "bearer")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after the word Token, with no spaces in it."))
        user = token_user(parts[1].decode(errors="replace"))
        if user is None:
            raise exceptions.AuthenticationFailed(_("Unknown or revoked API token."))
        return user, None

    def authenticate_header(self, request):
        return "Token"


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token scheme in the OpenAPI schema (Swagger's Authorize button)."""

    target_class = "gongjian.accounts.tokens.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
