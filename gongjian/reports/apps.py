from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongjian.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from .stats import register_registry_stats

        register_registry_stats()
