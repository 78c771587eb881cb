from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gongjian.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from gongjian.core import xlsx

        from .scope import get_scope

        xlsx.set_scope_getter(get_scope)
