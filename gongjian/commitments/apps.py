from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "gongjian.commitments"
    label = "commitments"
    verbose_name = _("Public commitments")

    def ready(self):
        try:
            from gongjian.registry.demo import register_demo_part
        except ImportError:
            return
        from . import demo

        # Runs after the targets and meetings parts (app order): it links their plans.
        register_demo_part("commitments", build=lambda ctx: demo.build(ctx.district, say=ctx.say), delete=demo.delete)
