"""The public board of the demo community with the most tasks against a minimal Django view,
timed in the same run, anonymous (as residents open it).

Prints seconds per request (median) and the ratio board/minimal; it never asserts on time.
Usage: .venv/bin/python bench/bench_board.py
"""

from __future__ import annotations

if __package__ in (None, ""):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django, timeit


def run(repeat: int = 30) -> dict:
    setup_django(urlconf="bench.urls_bench")
    from django.db.models import Count
    from django.test import Client

    from gongjian.registry.demo import build_demo, demo_district
    from gongjian.targets import demo as targets_demo
    from gongjian.targets.models import AnnualPlan

    build_demo()
    targets_demo.build(demo_district())  # already there when the registry demo builds it
    largest = (
        AnnualPlan.objects.filter(status=AnnualPlan.Status.PUBLISHED)
        .annotate(n=Count("tasks"))
        .select_related("community")
        .order_by("-n", "community__name")
        .first()
    )
    client = Client()

    def get(url):
        def fn():
            resp = client.get(url)
            assert resp.status_code == 200, (url, resp.status_code)

        return fn

    board = f"/c/{largest.community.slug}/?year={largest.year}"
    results = {"minimal": timeit(get("/bench/minimal/"), repeat=repeat)}
    results["board"] = timeit(get(board), repeat=repeat)
    results["print_a3"] = timeit(get(f"/c/{largest.community.slug}/print/?size=A3&year={largest.year}"), repeat=repeat)
    for name in ("board", "print_a3"):
        results[f"ratio {name}_vs_minimal"] = results[name] / results["minimal"]
    results["community"] = f"{largest.community.name} ({largest.n} tasks, {largest.year})"
    return results


def main():
    results = run()
    for key, value in results.items():
        if key.startswith("ratio"):
            print(f"{key}: {value:.1f}")
        elif isinstance(value, float):
            print(f"{key}: {value * 1000:.2f} ms/request")
        else:
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
