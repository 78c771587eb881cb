"""One guard for every public form (the suggestion form, feedback on a board task, and those
to come): a honeypot field, a signed minimum fill time that works once, and a rate limit per
client address.

- ``client_ip(request)``: the visitor's address. ``X-Forwarded-For`` is believed only when the
  request comes from a trusted proxy (``GONGJIAN_TRUSTED_PROXIES``: IPs or CIDRs, from the
  environment variable of the same name, comma-separated; empty by default), and then the
  right-most address that is not a trusted proxy is the client: a forged header sent through
  the proxy cannot choose the bucket, and without a proxy the header is ignored.
- ``GuardedForm``: a form mixin with the honeypot (``website``, hidden from people) and the
  signed time stamp (``started``): a stamp younger than ``GONGJIAN_FORM_MIN_SECONDS`` (3 s by
  default, 0 in tests) is a robot's; a stamp already used is refused (used stamps are kept in
  the cache until they expire); a forged or day-old one is refused.
- ``FormGuard(name, ...)``: one per form; ``is_robot(request)`` and ``over_limit(request)``
  count the attempt against the client's address in the cache, in the form's own bucket.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import secrets
import time
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

STAMP_SALT = "gongjian.core.guard.form-started"
STAMP_MAX_AGE = 24 * 3600
HONEYPOT = "website"


# --- the client's address ----------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    networks = []
    for entry in entries:
        entry = entry.strip()
        if entry:
            networks.append(ipaddress.ip_network(entry, strict=False))
    return tuple(networks)


def trusted_proxies() -> tuple:
    value = getattr(settings, "GONGJIAN_TRUSTED_PROXIES", ()) or ()
    if isinstance(value, str):
        value = value.split(",")
    return _networks(tuple(value))


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_ip(request) -> str:
    """The client's address: ``REMOTE_ADDR``, unless that is a trusted proxy; then the
    right-most address of ``X-Forwarded-For`` that is not a trusted proxy."""
    remote = (request.META.get("REMOTE_ADDR") or "").strip()
    networks = trusted_proxies()
    if not networks or not _trusted(remote, networks):
        return remote or "unknown"
    hops = [h.strip() for h in (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else remote


# --- the signed fill time --------------------------------------------------------------------------


def min_seconds() -> float:
    return float(getattr(settings, "GONGJIAN_FORM_MIN_SECONDS", 3))


def form_stamp(*, now: float | None = None) -> str:
    """A signed, single-use stamp of when the form was handed out."""
    return signing.dumps({"t": time.time() if now is None else now, "n": secrets.token_hex(8)}, salt=STAMP_SALT)


def check_stamp(value: str) -> float:
    """The time the form was handed out; ValidationError when the stamp is forged, expired,
    too recent (a robot) or already used. A stamp that passes is used up."""
    try:
        data = signing.loads(value or "", salt=STAMP_SALT, max_age=STAMP_MAX_AGE)
        started, nonce = float(data["t"]), str(data["n"])
        if time.time() - started > STAMP_MAX_AGE:
            raise ValueError("expired")
    except (signing.BadSignature, TypeError, ValueError, KeyError):
        raise forms.ValidationError(_("The form has expired. Please send it again."), code="expired") from None
    if time.time() - started < min_seconds():
        raise forms.ValidationError(_("That was sent too fast. Please check what you wrote and send it again."), code="too_fast")
    if not cache.add(f"gongjian:form-stamp:{nonce}", 1, STAMP_MAX_AGE):
        raise forms.ValidationError(_("This form was already sent. Please send it again."), code="replayed")
    return started


class GuardedForm(forms.Form):
    """The honeypot and the fill-time stamp; give the unbound form ``initial=GuardedForm.initial()``
    (or call ``refresh_stamp()`` before showing a bound form again)."""

    website = forms.CharField(label=_("Leave this empty"), required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields([name for name in self.fields if name not in (HONEYPOT, "started")])
        if not self.is_bound:
            self.initial.setdefault("started", form_stamp())

    def clean_started(self):
        return check_stamp(self.cleaned_data.get("started") or "")

    def refresh_stamp(self) -> None:
        """A fresh stamp for the form shown again (the one sent is used up)."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data["started"] = form_stamp()


# --- the rate limit --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormGuard:
    """The rate limit of one public form: at most ``GONGJIAN_<NAME>_PER_WINDOW`` attempts (5)
    per ``GONGJIAN_<NAME>_WINDOW_SECONDS`` (3600) from one client address."""

    name: str
    per_window: int = 5
    window_seconds: int = 3600

    def limits(self) -> tuple[int, int]:
        prefix = f"GONGJIAN_{self.name.upper()}_"
        return (
            int(getattr(settings, prefix + "PER_WINDOW", self.per_window)),
            int(getattr(settings, prefix + "WINDOW_SECONDS", self.window_seconds)),
        )

    def bucket(self, request) -> str:
        digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
        return f"gongjian:{self.name}:{digest}"

    def over_limit(self, request) -> bool:
        """Counts this attempt against the client's address; True when over the limit."""
        limit, window = self.limits()
        key = self.bucket(request)
        cache.add(key, 0, window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
            count = 1
        return count > limit

    @staticmethod
    def is_robot(request) -> bool:
        """The honeypot field, which people never see, is filled in."""
        return bool(request.POST.get(HONEYPOT))
