"""The public post roster (/c/<slug>/posts/) of the demo community with the most holders
against that community's public board, timed in the same run, anonymous (as residents open
them); plus the roster's A4 print layout.

Prints seconds per request (median) and the ratio roster/board; it never asserts on time.
Usage: .venv/bin/python bench/bench_posts.py
"""

from __future__ import annotations

if __package__ in (None, ""):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django, timeit


def run(repeat: int = 30) -> dict:
    setup_django()
    from django.db.models import Count, Q
    from django.test import Client

    from gongjian.posts.demo import YEAR
    from gongjian.posts.models import Holding
    from gongjian.registry.demo import build_demo
    from gongjian.registry.models import Community

    build_demo()
    largest = (
        Community.objects.annotate(n=Count("posts__holdings", filter=Q(posts__year=YEAR, posts__holdings__status=Holding.Status.ACTIVE)))
        .order_by("-n", "name")
        .first()
    )
    client = Client()

    def get(url):
        def fn():
            resp = client.get(url)
            assert resp.status_code == 200, (url, resp.status_code)

        return fn

    results = {"board": timeit(get(f"/c/{largest.slug}/"), repeat=repeat)}
    results["roster"] = timeit(get(f"/c/{largest.slug}/posts/?year={YEAR}"), repeat=repeat)
    results["roster_print_a4"] = timeit(get(f"/c/{largest.slug}/posts/print/?size=A4&year={YEAR}"), repeat=repeat)
    for name in ("roster", "roster_print_a4"):
        results[f"ratio {name}_vs_board"] = results[name] / results["board"]
    results["community"] = f"{largest.name} ({largest.n} holdings, {YEAR})"
    return results


def main():
    results = run()
    for key, value in results.items():
        if key.startswith("ratio"):
            print(f"{key}: {value:.2f}")
        elif isinstance(value, float):
            print(f"{key}: {value * 1000:.2f} ms/request")
        else:
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
