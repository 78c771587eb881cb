"""API throttles that count by the believable client address (``core.guard.client_ip``),
not by whatever ``X-Forwarded-For`` a client sends."""

from rest_framework import throttling

from .guard import client_ip


class AnonRateThrottle(throttling.AnonRateThrottle):
    def get_ident(self, request):
        return client_ip(request)


class UserRateThrottle(throttling.UserRateThrottle):
    def get_ident(self, request):
        return client_ip(request)
