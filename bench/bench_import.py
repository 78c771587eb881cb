"""How much the Excel import costs beyond reading the file.

Builds a district with a few communities in a throwaway SQLite database, writes a people
sheet of ``rows`` rows, then times

(a) a bare openpyxl read-only read of every cell of that file, and
(b) the full import of it through the engine: read, validate every row (scope, references,
    full_clean, duplicates in the sheet and the database) and write through the registry
    services with one change-log row per person, in one transaction.

It prints both times and their ratio (``ratio import_vs_openpyxl: X.XX``), the limit being
measured in the same run on the same machine. It never asserts on time.

    .venv/bin/python bench/bench_import.py [rows]
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

_WORKDIR: Path | None = None


def _setup_django() -> None:
    """A fresh database file in a temporary directory, migrated; never the developer's own."""
    global _WORKDIR
    if _WORKDIR is not None:
        return
    from django.conf import settings

    if settings.configured:
        raise RuntimeError("bench_import sets up Django itself; run it in a fresh process")
    _WORKDIR = Path(tempfile.mkdtemp(prefix="gongjian-bench-"))
    atexit.register(shutil.rmtree, _WORKDIR, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{_WORKDIR / 'bench.sqlite3'}"
    os.environ["GONGJIAN_VAR_DIR"] = str(_WORKDIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjian.settings.embedded")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _build_district(tag: str):
    """A district office user over two streets, four communities, compounds and organisations."""
    from django.contrib.auth import get_user_model

    from gongjian.accounts.models import Role, RoleAssignment
    from gongjian.registry import services
    from gongjian.registry.models import District, Organisation

    district = District.objects.create(name=f"基准区{tag}", city="三明市")
    communities, compounds, orgs = [], {}, {}
    for s, street_name in enumerate(("列东街道", "列西街道")):
        street = services.street_create(actor=None, district=district, name=f"{street_name}{tag}")
        for name in (("江滨社区", "东霞社区"), ("富兴社区", "沙洲社区"))[s]:
            community = services.community_create(actor=None, street=street, name=f"{name}{tag}")
            communities.append(community)
            compounds[community.pk] = services.compound_create(actor=None, community=community, name=f"{name[:2]}小区").name
            orgs[community.pk] = services.organisation_create(
                actor=None, community=community, name=f"{name[:2]}供电所", kind=Organisation.Kind.RESIDENT_UNIT,
                unit_kind=Organisation.UnitKind.STATE_ENTERPRISE,
            ).name
    user = get_user_model().objects.create_user(username=f"bench-{tag}", password=None)
    RoleAssignment.objects.create(user=user, role=Role.DISTRICT_OFFICE, district=district)
    return user, communities, compounds, orgs


def _write_sheet(path: Path, rows: int, communities, compounds, orgs) -> None:
    from openpyxl import Workbook

    from gongjian.registry.io import SPECS
    from gongjian.registry.models import Person

    spec = SPECS["people"]
    keys = ["name", "community", "gender", "birth_year", "mobile", "compound", "address", "category",
            "is_party_member", "specialties", "availability", "organisations", "role", "lat", "lng"]
    genders = [str(label) for _v, label in Person.Gender.choices]
    categories = [(str(label), value in Person.PARTY_CATEGORIES) for value, label in Person.Category.choices]
    availability = [str(label) for _v, label in Person.Availability.choices]
    yes, no = spec.column("is_party_member").choice_labels()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("people")
    ws.append([str(spec.column(k).header) for k in keys])
    for i in range(rows):
        community = communities[i % len(communities)]
        category, member = categories[i % len(categories)]
        with_org = i % 10 == 0
        ws.append([
            f"居民{i:05d}", community.name, genders[i % 2], 1940 + i % 70, f"13{i % 7 + 3}{i:08d}",
            compounds[community.pk] if i % 3 else None, f"{compounds[community.pk]}{i % 40 + 1}幢{i % 6 + 1}0{i % 4 + 1}",
            category, yes if member else no, "调解、书法" if i % 5 == 0 else None, availability[i % len(availability)],
            orgs[community.pk] if with_org else None, None, 26.26 + (i % 1000) / 100000, 117.63 + (i % 1000) / 100000,
        ])
    wb.save(path)


def _bare_read(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for row in wb.worksheets[0].iter_rows(values_only=True):
        for _value in row:
            cells += 1
    wb.close()
    return cells


def run(rows: int = 20000) -> dict:
    """Build, write, time; returns the figures it prints."""
    _setup_django()
    from gongjian.core import xlsx
    from gongjian.registry.io import SPECS
    from gongjian.registry.models import Person

    tag = f"{int(time.time() * 1000) % 100000}"
    user, communities, compounds, orgs = _build_district(tag)
    path = _WORKDIR / f"people-{tag}.xlsx"
    _write_sheet(path, rows, communities, compounds, orgs)

    start = time.perf_counter()
    cells = _bare_read(path)
    bare = time.perf_counter() - start

    marks = {}

    def progress(phase, done, total):
        marks.setdefault(phase, time.perf_counter())

    start = time.perf_counter()
    sheet = xlsx.read_rows(path)
    read_done = time.perf_counter()
    result = xlsx.import_rows(SPECS["people"], sheet, user, progress=progress)
    full = time.perf_counter() - start
    if result.errors:
        raise RuntimeError(f"the benchmark sheet did not import: {result.errors[:5]}")
    written = Person.objects.filter(community__in=communities).count()
    if result.created != rows or written != rows:
        raise RuntimeError(f"expected {rows} people, import created {result.created}, database has {written}")
    write_start = marks.get("writing", time.perf_counter())
    figures = {
        "rows": rows,
        "cells": cells,
        "openpyxl_read_s": bare,
        "import_s": full,
        "import_read_s": read_done - start,
        "import_validate_s": write_start - read_done,
        "import_write_s": start + full - write_start,
        "ratio": full / bare if bare else float("inf"),
        "created": result.created,
    }
    return figures


def main(argv: list[str]) -> None:
    rows = int(argv[1]) if len(argv) > 1 else 20000
    f = run(rows)
    print(f"rows: {f['rows']} ({f['cells']} cells)")
    print(f"openpyxl read-only read of every cell: {f['openpyxl_read_s']:.2f} s")
    print(
        f"full import: {f['import_s']:.2f} s "
        f"(read {f['import_read_s']:.2f} s, validate {f['import_validate_s']:.2f} s, write {f['import_write_s']:.2f} s; "
        f"{f['created']} people created)"
    )
    print(f"ratio import_vs_openpyxl: {f['ratio']:.2f}")


if __name__ == "__main__":
    main(sys.argv)
