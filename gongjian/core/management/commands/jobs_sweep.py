from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjian.core.jobs import jobs_sweep


class Command(BaseCommand):
    help = gettext_lazy("Queue again the background jobs left pending (a broker outage, a restart).")

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=300, help=gettext_lazy("Seconds a job must have waited (default 300)."))

    def handle(self, *args, older_than=300, **options):
        n = jobs_sweep(older_than_seconds=older_than)
        self.stdout.write(_("Queued again: %(n)d job(s).") % {"n": n})
