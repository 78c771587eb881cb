from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "gongjian.meetings"
    label = "meetings"
    verbose_name = _("Joint meetings")

    def ready(self):
        try:
            from gongjian.registry.demo import register_demo_part
        except ImportError:
            return
        from . import demo

        # Runs after the suggestions part (app order): its meetings decide on them.
        register_demo_part("meetings", build=lambda ctx: demo.build(ctx.district, say=ctx.say), delete=demo.delete)
