import uuid

from asgiref.local import Local

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
