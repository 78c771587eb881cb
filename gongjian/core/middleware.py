import uuid

from asgiref.local import Local
from django.conf import settings
from django.utils.cache import patch_cache_control

_local = Local()


def current_request_id() -> uuid.UUID | None:
    return getattr(_local, "request_id", None)


class RequestIdMiddleware:
    """Gives every request an id so the change-log rows written by it can be grouped."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = uuid.uuid4()
        _local.request_id = request.id
        try:
            response = self.get_response(request)
        finally:
            _local.request_id = None
        response["X-Request-ID"] = str(request.id)
        return response


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on every response (``settings.GONGJIAN_CSP``: our own origin
    only, no inline script), and ``Cache-Control: no-store`` on every response to a signed-in
    user: staff pages show personal data in full (people, contacts, history, exports), and a
    shared office PC must not keep them in its cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "GONGJIAN_CSP", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            patch_cache_control(response, no_store=True, private=True)
        return response


class SessionIdleMiddleware:
    """The idle timeout of a signed-in session (``SESSION_COOKIE_AGE``) without a database write
    on every request: the expiry is pushed forward at most once per
    ``GONGJIAN_SESSION_TOUCH_SECONDS`` (a minute), by marking the session changed. Listed after
    ``SessionMiddleware``, so the session is saved on the way out."""

    KEY = "_gj_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            import time

            now = int(time.time())
            every = int(getattr(settings, "GONGJIAN_SESSION_TOUCH_SECONDS", 60))
            if now - int(session.get(self.KEY, 0)) >= every:
                session[self.KEY] = now
        return response


def touch_on_login(sender, request, user, **kwargs):
    """A fresh login counts as the session's last touch (no second write on the next page)."""
    import time

    if request is not None and hasattr(request, "session"):
        request.session[SessionIdleMiddleware.KEY] = int(time.time())
