from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "gongjian.targets"
    label = "targets"
    verbose_name = _("Organisational target management")

    def ready(self):
        from gongjian.reports.stats import register_stats

        from . import stats

        register_stats(stats.FIGURES)
        self._register_demo_part()
        from gongjian.core.extensions import register_nav

        from .board import register_board_sections

        register_board_sections()
        register_nav("targets", group="decompose", label=self.verbose_name, url_name="targets:home", perm="targets.view_plan")

    def _register_demo_part(self):
        """The 2010 plans join the demo district when it is built (and go with it on --reset)."""
        try:
            from gongjian.registry.demo import register_demo_part
        except ImportError:  # the registry demo without extension points: it calls build() itself
            return
        from . import demo

        register_demo_part(
            "targets",
            build=lambda ctx: demo.build(ctx.district, stdout=_SayWriter(ctx.say)),
            delete=demo.delete,
            budget_seconds=20,
        )


class _SayWriter:
    """A stdout-like wrapper round the demo's ``say`` function."""

    def __init__(self, say):
        self.say = say

    def write(self, message: str) -> None:
        self.say(message.rstrip("\n"))
