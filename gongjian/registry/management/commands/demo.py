from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjian.registry.demo import build_demo


class Command(BaseCommand):
    help = gettext_lazy(
        "Build the demo district (Meilie of Sanming, as the 2010 briefing describes it) with one "
        "login for every role. Does nothing when it is already there, unless --reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true",
            help=gettext_lazy("Delete the demo district, its logins and their change-log rows, then build it again."),
        )

    def handle(self, *args, reset=False, **options):
        summary = build_demo(reset=reset, stdout=self.stdout)
        if summary.built:
            self.stdout.write(self.style.SUCCESS(_("The demo district is ready. `gongjian demo_logins` lists the logins.")))
