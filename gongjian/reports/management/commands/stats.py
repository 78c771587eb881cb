import json
import unicodedata
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.registry.models import District
from gongjian.reports.stats import STAT_LABELS, compute_stats


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{value!r} is not JSON serialisable")


class Command(BaseCommand):
    @property
    def help(self):  # argparse wants a str, not a lazy translation
        return _("Print the briefing's figures for a year, counted from the database now.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help=_("The year (default: this year)."))
        parser.add_argument("--district", metavar="NAME", help=_("Only this district, by its name or URL name (梅列区 or meilie)."))
        parser.add_argument("--json", action="store_true", help=_("One line of JSON instead of a table."))

    def handle(self, *args, **options):
        year = options["year"] or timezone.localdate().year
        district, place = options["district"], None
        if district:
            place = District.objects.filter(Q(name=district) | Q(slug=district)).first()
            if place is None:
                raise CommandError(_("There is no district named %(name)s.") % {"name": district})
        figures = compute_stats(year=year, district=place)
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, default=_json_default))
            return
        title = _("Figures for %(year)d") % {"year": year}
        if place is not None:
            title += f" · {place.name}"
        self.stdout.write(title)
        labels = {key: str(STAT_LABELS[key]) for key in figures}
        width = max(_width(label) for label in labels.values())
        for key, value in figures.items():
            shown = "—" if value is None else f"{value:,}"
            self.stdout.write(f"  {labels[key]}{' ' * (width - _width(labels[key]))}  {shown}")
