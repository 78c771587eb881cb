"""gongjian pack --community <slug> --year Y --out pack.zip: the conference pack of one
community and year, built here and now (the same builder as the page's background job)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from gongjian.commitments.models import Conference
from gongjian.commitments.pack import build_pack


class Command(BaseCommand):
    help = "Build the annual conference pack of a community and year into a zip file."

    def add_arguments(self, parser):
        parser.add_argument("--community", required=True, help="the community's slug, e.g. jiangbin")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", required=True, help="where to write the zip")

    def handle(self, *args, community, year, out, **options):
        conference = (Conference.objects.select_related("community", "community__street", "plan")
                      .filter(community__slug=community, year=year).first())
        if conference is None:
            raise CommandError(f"No annual conference of {year} is recorded for the community {community!r}.")
        started = time.perf_counter()
        with translation.override("zh-hans"):
            data, count = build_pack(conference, progress=lambda percent, name: self.stderr.write(f"{percent:3d}% {name}") if options["verbosity"] > 1 else None)
        Path(out).write_bytes(data)
        self.stdout.write(f"{out}: {count} documents, {len(data)} bytes, {time.perf_counter() - started:.1f} s")
