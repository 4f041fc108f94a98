"""Benchmark: duplicate detection + story clustering of the whole ANT corpus on one core.

    python benchmarks/bench_stories.py [--corpus PATH] [--tail N]

Articles are read and cleaned first (not timed: that is the pipeline's cost), sorted by
publication time, then fed to one ``StoryIndex``. Reported: articles/s of dedup+clustering,
the time of each of the last ``--tail`` adds (when ~30k articles are already clustered),
the process's peak RSS before and after clustering (the difference is the index), and the
index's own counts (stories, active, dormant, duplicate links).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

from rasid.evaluate.stories import CORPUS, read_articles
from rasid.stories import StoryIndex, publication_order

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / CORPUS


def _peak_mb() -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--tail", type=int, default=500, help="adds timed one by one at the end")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"bench_stories: {args.corpus} not found", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    articles = publication_order(read_articles(args.corpus, None))
    loaded = time.perf_counter() - t0
    base_mb = _peak_mb()
    print(f"read + cleaned {len(articles)} articles in {loaded:.1f}s; peak RSS {base_mb:.0f} MB")

    index = StoryIndex()
    head, tail = articles[: -args.tail], articles[-args.tail :]
    t1 = time.perf_counter()
    for article in head:
        index.add(article)
    per_add: list[float] = []
    for article in tail:
        s = time.perf_counter()
        index.add(article)
        per_add.append(time.perf_counter() - s)
    total = time.perf_counter() - t1
    peak_mb = _peak_mb()

    links = [index.link(a.id) for a in articles]
    exact = sum(1 for link in links if link is not None and link.kind == "exact")
    near = sum(1 for link in links if link is not None and link.kind == "near")
    multi = [s for s in index.stories() if len(s.articles) > 1]
    outlets = sum(1 for s in multi if len(s.outlets) > 1)
    per_add_ms = sorted(x * 1000 for x in per_add)
    print(f"dedup + clustering: {len(articles)} articles in {total:.1f}s = "
          f"{len(articles) / total:.0f} articles/s (one core)")
    print(f"per add, last {len(tail)} (after {len(head)} clustered): "
          f"median {statistics.median(per_add_ms):.2f} ms, "
          f"p95 {per_add_ms[int(0.95 * (len(per_add_ms) - 1))]:.2f} ms, "
          f"max {per_add_ms[-1]:.2f} ms")
    print(f"peak RSS {peak_mb:.0f} MB (+{peak_mb - base_mb:.0f} MB over the loaded articles)")
    print(f"stories {len(index)}, multi-article {len(multi)} ({outlets} with 2+ outlets), "
          f"active at end {index.active}, dormant {index.dormant}; "
          f"duplicate links {exact} exact + {near} near; merges {index.merges}, "
          f"revivals {index.revived}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
