from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "gongjian.meetings"
    label = "meetings"
    verbose_name = _("Joint meetings")

    def ready(self):
        from gongjian.core.extensions import register_nav

        register_nav("meetings", group="decide", label=self.verbose_name, url_name="meetings:home", perm="meetings.view_meeting")

        from gongjian.reports.stats import register_stats
        from gongjian.suggestions.selectors import register_decision_source

        from . import selectors, stats

        register_stats(stats.FIGURES)
        # A suggestion learns of the decisions on it from here (suggestions never import meetings).
        register_decision_source(selectors.decisions_for)
        try:
            from gongjian.registry.demo import register_demo_part
        except ImportError:
            return
        from . import demo

        # Runs after the suggestions part (app order): its meetings decide on them.
        register_demo_part("meetings", build=lambda ctx: demo.build(ctx.district, say=ctx.say), delete=demo.delete, budget_seconds=10)
