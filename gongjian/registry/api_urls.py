from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("communities", api.CommunityViewSet, basename="api-community")
router.register("organisations", api.OrganisationViewSet, basename="api-organisation")
router.register("people", api.PersonViewSet, basename="api-person")
urlpatterns = router.urls
