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


def axes_client_ip(request) -> str | None:
    """``core.guard.client_ip`` for the lockout records, whose address column takes only IP
    addresses (PostgreSQL ``inet``): a request without one (a test client, a script) has None."""
    import ipaddress

    from gongjian.core.guard import client_ip

    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
