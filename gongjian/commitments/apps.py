from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "gongjian.commitments"
    label = "commitments"
    verbose_name = _("Public commitments")

    def ready(self):
        from gongjian.core.extensions import register_nav

        register_nav("conferences", group="commit", label=_("Annual conferences"), url_name="commitments:home", perm="commitments.view_conference")
        try:
            from gongjian.registry.demo import register_demo_part
        except ImportError:
            return
        from . import demo

        # Runs after the targets and meetings parts (app order): it links their plans.
        register_demo_part("commitments", build=lambda ctx: demo.build(ctx.district, say=ctx.say), delete=demo.delete)
