"""Login throttling: django-axes' check, only where there is a request to throttle."""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses a login while its username and address are locked out (``AXES_*`` settings).
    A check without a request (the CLI, a management command) has no address and is left
    to the other backends."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
