"""Shared set-up for benchmarks: a throwaway database (SQLite file, or a fresh PostgreSQL
database when BENCH_DATABASE_URL points at a server), migrated, before Django is used."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(urlconf: str | None = None) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="gongjian-bench-"))
    os.environ["GONGJIAN_VAR_DIR"] = str(tmp)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongjian.settings.test"
    import django
    from django.conf import settings

    django.setup()
    if urlconf:
        settings.ROOT_URLCONF = urlconf
    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    return tmp


def timeit(fn, *, repeat: int, warmup: int = 2) -> float:
    """Median seconds of ``repeat`` calls after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)
