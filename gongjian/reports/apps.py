from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongjian.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from .stats import register_registry_stats

        register_registry_stats()
        from gongjian.core.extensions import dashboard_cards

        from . import views

        dashboard_cards.register("registry", order=10, template="reports/card_registry.html", context=views.registry_card,
                                 queries=views.REGISTRY_CARD_QUERIES, perm="registry.view_place")
