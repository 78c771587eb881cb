from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gongjian.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .extensions import register_nav
        from .middleware import touch_on_login

        user_logged_in.connect(touch_on_login, dispatch_uid="gongjian.core.touch_on_login")

        register_nav("failed_notices", group="admin", label=_("Notices not delivered"), url_name="core:failed_notices",
                     perm="core.view_failed_notices", order=90)
