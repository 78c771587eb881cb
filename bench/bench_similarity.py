"""The similar-suggestions search over 100,000 suggestions, on SQLite (character bigrams) and
on PostgreSQL (pg_trgm, GIN index), each against a plain indexed lookup timed in the same run
(a community's five latest suggestions), plus precision and recall on the labelled
near-duplicates the tests ship.

PostgreSQL runs when BENCH_DATABASE_URL is set or postgres://postgres@127.0.0.1:5432/ answers;
the benchmark creates a database of its own there and drops it afterwards. Each backend runs in
its own process. Prints seconds (median) and ratios; never asserts on time.
Usage: .venv/bin/python bench/bench_similarity.py [N]
"""

from __future__ import annotations

if __package__ in (None, ""):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import json
import os
import random
import subprocess
import sys
import time

from bench.common import ROOT, setup_django, timeit

N = 100_000
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/postgres"


def _texts(n: int, rng: random.Random) -> list[str]:
    """Realistic suggestions from the demo's phrasings, with compounds and buildings varied."""
    from gongjian.suggestions.demo import ASKS, ENDINGS, OPENINGS

    compounds = [f"{a}{b}" for a in ("青山", "江滨", "东霞", "富兴", "列东", "徐碧", "新市", "乾龙", "梅岭", "崇桂") for b in ("佳园", "小区", "新村", "花园", "宿舍区")]
    asks = [a for _w, group in ASKS for a in group]
    openings = [o for group in OPENINGS.values() for o in group]
    out = []
    for _ in range(n):
        c = f"{rng.choice(compounds)}{rng.randint(1, 30)}幢"
        text = rng.choice(openings).format(compound=c) + rng.choice(asks).format(c=c)
        out.append(text.rstrip("。") + rng.choice(ENDINGS))
    return out


def _load(n: int) -> tuple:
    from django.db import connection, transaction

    from gongjian.registry import services as registry
    from gongjian.registry.models import District
    from gongjian.suggestions import services, similarity
    from gongjian.suggestions.models import Suggestion, SuggestionGram

    district = District.objects.create(name="基准区", city="三明市")
    street = registry.street_create(actor=None, district=district, name="基准街道")
    big = registry.community_create(actor=None, street=street, name="基准社区")
    other = registry.community_create(actor=None, street=street, name="评测社区")
    campaign = services.campaign_create(actor=None, community=big, year=2010)
    texts = _texts(n, random.Random(168))
    started = time.perf_counter()
    with transaction.atomic():
        rows = []
        for text in texts:
            f = similarity.index_fields(text)
            rows.append(Suggestion(campaign=campaign, community=big, body=text, source_category="residents", channel="web", **f))
        Suggestion.objects.bulk_create(rows, batch_size=2000)
        if not similarity.uses_trigrams():
            ids = list(Suggestion.objects.filter(campaign=campaign).order_by("pk").values_list("pk", flat=True))
            table = SuggestionGram._meta.db_table
            with connection.cursor() as cursor:
                batch = []
                for pk, text in zip(ids, texts, strict=True):
                    batch += [(pk, big.pk, g) for g in similarity.bigrams(similarity.normalise(text))]
                    if len(batch) > 50_000:
                        cursor.executemany(f"INSERT INTO {table} (suggestion_id, community_id, gram) VALUES (%s, %s, %s)", batch)
                        batch = []
                if batch:
                    cursor.executemany(f"INSERT INTO {table} (suggestion_id, community_id, gram) VALUES (%s, %s, %s)", batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return big, other, texts, time.perf_counter() - started


def child(n: int, repeat: int) -> dict:
    """One backend: load, time, score. Runs in its own process (setup_django picks the DB)."""
    setup_django()
    from django.db import connection

    from gongjian.suggestions import evaluation, services, similarity
    from gongjian.suggestions.models import Suggestion

    big, other, texts, load_seconds = _load(n)
    rng = random.Random(7)
    queries = [f"我也反映：{rng.choice(texts)}" for _ in range(20)]
    cursor = iter(range(10**9))

    def similar():
        q = queries[next(cursor) % len(queries)]
        found = similarity.find_similar(q, community_id=big.pk, limit=5)
        assert found, q

    def baseline():
        list(Suggestion.objects.filter(community_id=big.pk, status="received").order_by("-pk")[:5])

    result = {"backend": connection.vendor, "suggestions": Suggestion.objects.count(), "load_seconds": round(load_seconds, 1)}
    result["baseline"] = timeit(baseline, repeat=repeat)
    result["similar"] = timeit(similar, repeat=repeat)
    result["ratio similar_vs_baseline"] = result["similar"] / result["baseline"]
    campaign = services.campaign_create(actor=None, community=other, year=2010)
    score = evaluation.evaluate(campaign)
    result.update(precision=score.precision, recall=score.recall, labelled_pairs=score.true_pairs)
    return result


def _postgres_base() -> str | None:
    url = os.environ.get("BENCH_DATABASE_URL") or PG_DEFAULT
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception:  # noqa: BLE001 (no server: SQLite only)
        return None
    return url


def _run_child(env: dict, n: int, repeat: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(n), str(repeat)], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(n: int = N, repeat: int = 15) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("BENCH_DATABASE_URL", "DATABASE_URL")}
    results = {"sqlite": _run_child(env, n, repeat)}
    base = _postgres_base()
    if base:
        import psycopg

        root, _, _ = base.rpartition("/")
        name = f"gongjian_bench_similarity_{os.getpid()}"
        admin = psycopg.connect(base, autocommit=True)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            results["postgresql"] = _run_child({**env, "BENCH_DATABASE_URL": f"{root}/{name}"}, n, repeat)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
    return results


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(int(sys.argv[2]), int(sys.argv[3]))))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else N
    for backend, r in run(n).items():
        print(f"[{backend}] {r['suggestions']} suggestions (loaded in {r['load_seconds']} s)")
        print(f"  baseline (indexed lookup): {r['baseline'] * 1000:.2f} ms; similar: {r['similar'] * 1000:.2f} ms")
        print(f"  ratio similar_vs_baseline: {r['ratio similar_vs_baseline']:.1f}")
        print(f"  labelled near-duplicates: precision {r['precision']:.2f}, recall {r['recall']:.2f} ({r['labelled_pairs']} true pairs)")


if __name__ == "__main__":
    main()
