"""The registry list page of the demo district against a minimal Django view, same run.

Prints seconds per request (median) and the ratio list/minimal. It never asserts on time.
Usage: .venv/bin/python bench/bench_registry.py
"""

from __future__ import annotations

if __package__ in (None, ""):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django, timeit


def run(repeat: int = 30) -> dict:
    setup_django(urlconf="bench.urls_bench")
    from django.contrib.auth import get_user_model
    from django.test import Client

    from gongjian.registry.demo import build_demo

    build_demo()
    client = Client()
    client.force_login(get_user_model().objects.get(username="district"))

    def get(url):
        def fn():
            resp = client.get(url)
            assert resp.status_code == 200, (url, resp.status_code)

        return fn

    results = {"minimal": timeit(get("/bench/minimal/"), repeat=repeat)}
    for name, url in (
        ("people_list", "/people/"),
        ("people_search", "/people/?q=%E5%BC%A0&party=1"),
        ("organisation_list", "/organisations/?kind=resident_unit"),
        ("places", "/places/"),
    ):
        results[name] = timeit(get(url), repeat=repeat)
    for name in list(results):
        if name != "minimal":
            results[f"ratio {name}_vs_minimal"] = results[name] / results["minimal"]
    return results


def main():
    results = run()
    for key, value in results.items():
        if key.startswith("ratio"):
            print(f"{key}: {value:.1f}")
        else:
            print(f"{key}: {value * 1000:.2f} ms/request")


if __name__ == "__main__":
    main()
