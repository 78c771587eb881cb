from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from gongjian.core import views as core_views
from gongjian.core.views_perm import permission_view
from gongjian.reports import views as reports_views

urlpatterns = [
    path("", reports_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("accounts/", include("gongjian.accounts.urls")),
    path("", include("gongjian.core.urls")),
    path("history/<int:ct>/<int:pk>/", core_views.object_history, name="object_history"),
    path("", include("gongjian.registry.urls")),
    path("targets/", include("gongjian.targets.urls")),
    path("posts/", include("gongjian.posts.urls")),
    path("suggestions/", include("gongjian.suggestions.urls")),
    path("meetings/", include("gongjian.meetings.urls")),
    path("commitments/", include("gongjian.commitments.urls")),
    path("c/", include("gongjian.public.urls")),
    path("api/v1/", include("gongjian.api_urls")),
    path("api/v1/schema/", permission_view("registry.view_place")(SpectacularAPIView.as_view()), name="api-schema"),
    path(
        "api/v1/docs/",
        permission_view("registry.view_place")(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
]
# Nothing under MEDIA_ROOT is served by URL: every stored file has a view that checks permission.
