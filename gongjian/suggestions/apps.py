from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "gongjian.suggestions"
    label = "suggestions"
    verbose_name = _("Solicitation of suggestions")

    def ready(self):
        from gongjian.reports.stats import register_stats

        from . import stats

        register_stats(stats.FIGURES)
        from gongjian.core.extensions import board_sections, register_nav

        board_sections.register("suggestions", order=20, template="suggestions/board_section.html")
        register_nav("suggestions", group="solicit", label=_("Suggestions"), url_name="suggestions:home", perm="suggestions.view_suggestion")
        try:
            from gongjian.registry.demo import register_demo_part
        except ImportError:
            return
        from . import demo

        # Runs after the targets part (app order): the suggestions ask for its 2010 tasks.
        register_demo_part("suggestions", build=lambda ctx: demo.build(ctx.district, say=ctx.say), delete=demo.delete, budget_seconds=10)
