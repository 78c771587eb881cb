"""The annual conference pack (agenda DOCX and PDF, task decomposition table, minutes DOCX and
PDF) of the demo community with the most tasks, and of all 25 communities one after another,
against a minimal Word document (python-docx, one paragraph) timed in the same run.

Prints seconds per pack and per document, and the ratio of a pack's document to the minimal
one; it never asserts on time. Usage: .venv/bin/python bench/bench_pack.py
"""

from __future__ import annotations

if __package__ in (None, ""):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import io
import time

from bench.common import setup_django, timeit


def run() -> dict:
    setup_django()
    import datetime

    from django.db.models import Count
    from django.utils import translation

    from gongjian.commitments import services
    from gongjian.commitments.demo import LEFT_TO_RECORD
    from gongjian.commitments.models import Conference
    from gongjian.commitments.pack import agenda_document, build_pack
    from gongjian.registry.demo import build_demo
    from gongjian.registry.models import Community

    translation.activate("zh-hans")
    build_demo()
    # The demo leaves 江滨's conference for its login to record: record it, as that user would.
    jiangbin = Community.objects.get(name=LEFT_TO_RECORD)
    if not Conference.objects.filter(community=jiangbin, year=2010).exists():
        services.conference_create(actor=None, community=jiangbin, year=2010, date=datetime.date(2010, 2, 6), place="江滨社区居委会会议室")
    conferences = list(Conference.objects.select_related("community", "community__street", "plan").annotate(n=Count("plan__tasks")).order_by("-n", "community__name"))
    largest = conferences[0]

    def minimal():
        from docx import Document

        doc = Document()
        doc.add_paragraph("社区工作任务分解")
        doc.save(io.BytesIO())

    results = {"communities": len(conferences), "minimal_docx": timeit(minimal, repeat=20)}
    agenda = agenda_document(largest)
    results["agenda_docx"] = timeit(agenda.to_docx, repeat=5, warmup=1)
    results["agenda_pdf"] = timeit(agenda.to_pdf, repeat=3, warmup=1)

    t = time.perf_counter()
    data, docs = build_pack(largest)
    results["largest"] = f"{largest.community.name} ({largest.n} tasks): {docs} documents, {len(data) // 1024} KiB"
    results["largest_pack_s"] = time.perf_counter() - t
    results["largest_s_per_document"] = results["largest_pack_s"] / docs

    t, total_docs, total_bytes = time.perf_counter(), 0, 0
    for conference in conferences:
        data, docs = build_pack(conference)
        total_docs += docs
        total_bytes += len(data)
    results["all_packs_s"] = time.perf_counter() - t
    results["all"] = f"{len(conferences)} packs, {total_docs} documents, {total_bytes // 1024} KiB"
    results["all_s_per_document"] = results["all_packs_s"] / total_docs
    results["ratio document_vs_minimal_docx"] = results["all_s_per_document"] / results["minimal_docx"]
    results["ratio agenda_pdf_vs_agenda_docx"] = results["agenda_pdf"] / results["agenda_docx"]
    return results


def main():
    for key, value in run().items():
        if key.startswith("ratio"):
            print(f"{key}: {value:.1f}")
        elif isinstance(value, float):
            print(f"{key}: {value:.3f} s")
        else:
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
