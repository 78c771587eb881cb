"""``gongjian messages``: re-extract the strings and re-split the catalogues (see core.catalogues)."""

from django.core.management.base import BaseCommand

from gongjian.core import catalogues


class Command(BaseCommand):
    help = "Extract translatable strings into each app's catalogue, keeping existing translations."

    def add_arguments(self, parser):
        parser.add_argument("--compendium", action="append", default=[], help="Another catalogue to take translations from (e.g. a branch's, when merging).")

    def handle(self, *args, **options):
        from pathlib import Path

        written = catalogues.refresh(extra=tuple(Path(p) for p in options["compendium"]))
        for app, po in written.items():
            found = catalogues.entries(po)
            missing = sum(1 for v in found.values() if not v)
            self.stdout.write(f"{app or '(project)'}: {len(found)} messages, {missing} untranslated")
