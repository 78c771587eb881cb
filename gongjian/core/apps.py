from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gongjian.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from .extensions import register_nav

        register_nav("failed_notices", group="admin", label=_("Notices not delivered"), url_name="core:failed_notices",
                     perm="core.view_failed_notices", order=90)
