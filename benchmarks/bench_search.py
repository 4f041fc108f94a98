"""Store ingest and search throughput on the ANT corpus (../shared/data/ant_corpus_v2.1).

    python benchmarks/bench_search.py [--limit N] [--threads 8] [--seconds 20] [--db PATH]

Ingest: the same documents are run through the default pipeline in memory (reading included,
results dropped), then through ``ingest_paths`` into a fresh store (one process, one worker);
the ratio of the two wall times is what storing costs on top of the pipeline.
Search: ``--threads`` threads, each with its own reader connection, run the query list below
in turn for ``--seconds`` seconds; requests/s and p50/p99 latency (page of 20 hits with
snippets and the total count).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from itertools import islice
from pathlib import Path

from rasid.ingest import IngestOptions, iter_documents
from rasid.models import Article, IngestFailure, RawDocument
from rasid.pipeline import Pipeline, process_document, run
from rasid.stages import DATES, FIGURES, SEGMENT, default_pipeline
from rasid.store import QueryError, Store, ingest_paths

CORPUS = (Path(__file__).resolve().parents[2] / "shared" / "data" / "ant_corpus_v2.1"
          / "ant_v2.1.jsonl.xz")

# Realistic news queries (2018 themes of the ANT corpus): words, phrases, OR, exclusions.
QUERIES = [
    "ترامب", "الرئيس الأمريكي", "أميركا إيران", "الاتفاق النووي", '"الاتفاق النووي" إيران',
    "سوريا الغوطة", "إدلب", "الحوثيين اليمن", "السعودية", "ولي العهد السعودي",
    "خاشقجي", "القنصلية السعودية إسطنبول", "أردوغان", "الليرة التركية", "روسيا بوتين",
    "كوريا الشمالية", "كيم جونغ أون", "قمة سنغافورة", "الصين الرسوم الجمركية", "الحرب التجارية",
    "أسعار النفط", "أوبك", "البورصة", "البنك المركزي الفائدة", "الدولار",
    "كأس العالم", "المونديال روسيا", "محمد صلاح", "ليفربول", "ريال مدريد OR برشلونة",
    "ميسي -رونالدو", "المنتخب المغربي", "الاتحاد الأوروبي بريكست", "ماي بريكست", "ماكرون",
    "ميركل", "الانتخابات العراقية", "العبادي", "الصدر", "غزة مسيرات العودة",
    "القدس السفارة الأمريكية", "نتنياهو", "البنتاغون", "فيسبوك بيانات", "آبل OR سامسونج",
    "غوغل", "الذكاء الاصطناعي", "مهرجان كان", "جائزة نوبل", "ألعاب الفيديو",
]


def _pipeline(name: str) -> Pipeline:
    """``default``: rasid.stages.default_pipeline(); ``light``: segment + dates + figures.

    The light chain is the hard case for the ratio (storing costs the same, the pipeline much
    less) and the only one that ingests the whole corpus in minutes on two cores; the default
    chain (NER, entities, quotes) runs ~50x slower and fills the entity and quote tables.
    """
    pipeline = default_pipeline() if name == "default" else Pipeline((SEGMENT, DATES, FIGURES))
    probe = RawDocument(id="probe", path="<probe>", text="قال الوزير إن 12 جنديا وصلوا.",
                        published="2020-01-01")
    failure = process_document(probe, pipeline)
    if isinstance(failure, IngestFailure):
        sys.exit(f"the {name} pipeline fails here: {failure.reason}")
    print(f"pipeline: {', '.join(pipeline.names)}", flush=True)
    return pipeline


def _ingest(db: Path, limit: int | None, pipeline_name: str) -> None:
    options = IngestOptions(id_field="docno", source_field="src", published_field="time_iso")
    pipeline = _pipeline(pipeline_name)
    t0 = time.perf_counter()
    count = sum(isinstance(item, Article) for item in run(
        islice(iter_documents([str(CORPUS)], options), limit), pipeline))
    pipe_s = time.perf_counter() - t0
    print(f"in-memory pipeline: {count} articles in {pipe_s:.1f} s = "
          f"{count / pipe_s:.1f} articles/s", flush=True)
    stats = ingest_paths([str(CORPUS)], db, options=options, limit=limit, pipeline=pipeline)
    with Store.open(db, readonly=True) as store:
        stored = store.count()
    size_mb = db.stat().st_size / 1e6
    print(f"ingest_paths (read + pipeline + store): {stats.added} added, {stats.skipped} "
          f"skipped as duplicates, {stats.failed} failed; {stored} stored, db {size_mb:.0f} MB")
    print(f"  {stats.seconds:.1f} s = {count / stats.seconds:.1f} articles/s, "
          f"ratio to the in-memory pipeline {stats.seconds / pipe_s:.3f} (target <= 1.20)",
          flush=True)


def _search(db: Path, threads: int, seconds: float) -> None:
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors: list[str] = []
    hits = [0] * threads
    with Store.open(db, readonly=True) as store:
        for q in QUERIES:  # warm the page cache and the stem caches once
            store.search(q)
        stop = time.perf_counter() + seconds

        def worker(n: int) -> None:
            i = n
            while time.perf_counter() < stop:
                query = QUERIES[i % len(QUERIES)]
                i += 1
                t0 = time.perf_counter()
                try:
                    page = store.search(query, limit=20)
                except QueryError as exc:
                    errors.append(f"{query}: {exc}")
                    continue
                latencies[n].append(time.perf_counter() - t0)
                hits[n] += len(page.hits)

        pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
        started = time.perf_counter()
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        wall = time.perf_counter() - started
    flat = sorted(x for lat in latencies for x in lat)
    if not flat:
        print("search: no request completed")
        return
    p50 = statistics.median(flat) * 1000
    p99 = flat[min(len(flat) - 1, int(len(flat) * 0.99))] * 1000
    print(f"search: {len(flat)} requests in {wall:.1f} s from {threads} threads = "
          f"{len(flat) / wall:.0f} requests/s; p50 {p50:.1f} ms, p99 {p99:.1f} ms "
          f"(target >= 200/s, p99 < 100 ms); {sum(hits) / len(flat):.1f} hits/page; "
          f"{len(errors)} errors")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--pipeline", choices=("light", "default"), default="light",
                        help="light: segment+dates+figures (default); default: all stages")
    parser.add_argument("--db", type=Path, default=None,
                        help="reuse this store (ingest skipped when it has articles)")
    args = parser.parse_args()
    if not CORPUS.is_file():
        sys.exit(f"{CORPUS} is absent")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        existing = 0
        if db.is_file():
            with Store.open(db, readonly=True) as store:
                existing = store.count()
        if not existing:
            _ingest(db, args.limit, args.pipeline)
        _search(db, args.threads, args.seconds)


if __name__ == "__main__":
    main()
