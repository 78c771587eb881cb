from importlib import import_module

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("communities", api.CommunityViewSet, basename="api-community")
router.register("organisations", api.OrganisationViewSet, basename="api-organisation")
router.register("people", api.PersonViewSet, basename="api-person")
for _prefix, _viewset, _basename in (r for _app in ("targets", "suggestions", "meetings") for r in import_module(f"gongjian.{_app}.api").ROUTES):
    router.register(_prefix, _viewset, basename=_basename)  # until gongjian/api_urls.py collects every app's ROUTES
urlpatterns = router.urls
