"""Throughput and peak memory of the whole `rasid analyze` pipeline (ingest, clean, segment,
NER, entities, quotes, dates, figures, then dedup + story clustering + dossiers).

    python benchmarks/bench_pipeline.py [CORPUS] [--workers 1 2] [--limit 3000]

Each configuration runs `rasid.analyze.analyze` in a fresh child process over the first
``--limit`` articles of the ANT corpus (default 3,000; 0 for all 31.5k). Prints articles/second
for the per-article stages and for the whole run, and peak resident memory of the parent and
of the largest worker. Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = Path(os.environ.get("RASID_SHARED", REPO.parent / "shared")) / \
    "data/ant_corpus_v2.1/ant_v2.1.jsonl.xz"


def _child(corpus: str, workers: int, limit: int | None) -> dict[str, float]:
    from rasid.analyze import AnalyzeOptions, analyze
    from rasid.ingest import IngestOptions

    options = AnalyzeOptions(
        workers=workers, limit=limit, report_limit=50,
        ingest=IngestOptions(id_field="docno", source_field="src", published_field="time_iso"))
    per_article_done: list[float] = []

    def mark(_item: object) -> None:
        per_article_done.append(time.perf_counter())

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        result = analyze([corpus], out, options, on_item=mark)
    total = time.perf_counter() - started
    stages = (per_article_done[-1] - started) if per_article_done else total
    return {"articles": result.articles, "failed": result.failed, "stage_seconds": stages,
            "total_seconds": total,
            "peak_mb_parent": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_mb_worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--limit", type=int, default=3000, help="0 = whole corpus")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ns = parser.parse_args()
    limit = ns.limit or None
    if ns.child:
        print(json.dumps(_child(ns.corpus, ns.workers[0], limit)))
        return 0
    if not Path(ns.corpus).exists():
        print(f"corpus not found: {ns.corpus}", file=sys.stderr)
        return 2
    print(f"corpus: {ns.corpus}, limit: {limit or 'all'}")
    print("workers  articles  stages s  art/s (stages)  total s  art/s (total)  "
          "peak MB parent, worker")
    for workers in ns.workers:
        cmd = [sys.executable, __file__, ns.corpus, "--child", "--workers", str(workers),
               "--limit", str(ns.limit)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{workers:>7}  {r['articles']:>8}  {r['stage_seconds']:>8.1f}  "
              f"{r['articles'] / r['stage_seconds']:>14.1f}  {r['total_seconds']:>7.1f}  "
              f"{r['articles'] / r['total_seconds']:>13.1f}  "
              f"{r['peak_mb_parent']:.0f}, {r['peak_mb_worker']:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
