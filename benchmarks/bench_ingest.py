"""Throughput and peak memory of ingest + clean + normalise + split.

    python benchmarks/bench_ingest.py [CORPUS] [--workers 1 2] [--limit N]

Each configuration runs in a fresh child process (so peak RSS is its own, children included)
over the ANT corpus by default (31.5k articles, JSONL.xz, streamed). Prints articles/second,
articles/second per worker and peak resident memory. Not a test: numbers depend on the machine.
Memory flatness is checked by running a prefix of the corpus and the whole of it: the peaks
should be about equal.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from rasid.arabic import normalize, tokenize
from rasid.models import Article

REPO = Path(__file__).resolve().parent.parent
DEFAULT = Path(os.environ.get("RASID_SHARED", REPO.parent / "shared")) / \
    "data/ant_corpus_v2.1/ant_v2.1.jsonl.xz"


def normalise(article: Article) -> Article:
    """The work an indexer does per article: a matching form and its tokens.

    Module level so that worker processes can unpickle it."""
    normalize(article.body)
    tokenize(article.body)
    return article


def _child(corpus: str, workers: int, limit: int | None) -> dict[str, float]:
    from itertools import islice

    from rasid.ingest import IngestOptions, iter_documents
    from rasid.models import IngestFailure
    from rasid.pipeline import Pipeline, Stage, run
    from rasid.stages import SEGMENT

    pipe = Pipeline((Stage("normalise", "bench", normalise), SEGMENT))
    options = IngestOptions(id_field="docno", source_field="src", published_field="time_iso")
    docs = iter_documents([corpus], options)
    if limit:
        docs = islice(docs, limit)
    started = time.perf_counter()
    articles = failed = 0
    for item in run(docs, pipe, workers=workers):
        if isinstance(item, IngestFailure):
            failed += 1
        else:
            articles += 1
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"articles": articles, "failed": failed, "seconds": seconds,
            "peak_mb_parent": peak_kb / 1024, "peak_mb_worker": children_kb / 1024}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ns = parser.parse_args()
    if ns.child:
        print(json.dumps(_child(ns.corpus, ns.workers[0], ns.limit)))
        return 0
    if not Path(ns.corpus).exists():
        print(f"corpus not found: {ns.corpus}", file=sys.stderr)
        return 2
    print(f"corpus: {ns.corpus}")
    print("workers  limit   articles  failed  seconds  art/s  art/s/worker  "
          "peak MB (parent, worker)")
    for workers in ns.workers:
        for limit in ([5000, ns.limit] if ns.limit else [5000, None]):
            cmd = [sys.executable, __file__, ns.corpus, "--child", "--workers", str(workers)]
            if limit:
                cmd += ["--limit", str(limit)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            rate = r["articles"] / r["seconds"]
            print(f"{workers:>7}  {limit or 'all':>5}  {r['articles']:>9}  {r['failed']:>6}  "
                  f"{r['seconds']:>7.1f}  {rate:>5.0f}  {rate / workers:>12.0f}  "
                  f"{r['peak_mb_parent']:.0f}, {r['peak_mb_worker']:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
