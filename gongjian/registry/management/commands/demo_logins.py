import unicodedata

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjian.registry.demo import demo_logins


def _width(text: str) -> int:
    """Columns the text takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = gettext_lazy("List the demo logins: user name, role, scope and password.")

    def handle(self, *args, **options):
        logins = demo_logins()
        if not logins:
            self.stdout.write(_("There are no demo logins yet; run `gongjian demo` first."))
            return
        header = [_("User name"), _("Name"), _("Role"), _("Scope"), _("Password")]
        rows = [[d.username, d.display, d.role, d.scope, d.password] for d in logins]
        widths = [max(_width(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
        lines = [header, ["-" * w for w in widths], *rows]
        for row in lines:
            self.stdout.write("  " + "  ".join(_pad(str(cell), w) for cell, w in zip(row, widths, strict=True)).rstrip())
