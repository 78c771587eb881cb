from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gongjian.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from gongjian.core.extensions import me_sections

        from . import views

        me_sections.register("roles", order=10, template="accounts/me_roles.html", context=views.me_roles)
        me_sections.register("record", order=20, template="accounts/me_record.html", context=views.me_record, queries=1)

        from gongjian.core import xlsx

        from .scope import get_scope

        xlsx.set_scope_getter(get_scope)
