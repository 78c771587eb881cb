"""The API under ``/api/v1/``: one router, filled from each app's ``api.py``.

An app contributes routes with a module-level list in its ``api.py``::

    ROUTES = [("communities", CommunityViewSet, "api-community"), ...]

each ``(prefix, ViewSet, basename)`` as for ``router.register``; URL names are
``<basename>-list`` / ``<basename>-detail`` (e.g. ``api-community-detail``).
"""

from rest_framework.routers import SimpleRouter

from gongjian.core.extensions import app_modules


def build_router() -> SimpleRouter:
    router = SimpleRouter()
    for module in app_modules("api"):
        for prefix, viewset, basename in getattr(module, "ROUTES", ()):
            router.register(prefix, viewset, basename=basename)
    return router


urlpatterns = build_router().urls
