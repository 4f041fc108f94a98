"""NER throughput on one core: ``python benchmarks/bench_ner.py [--data DIR] [--repeat N]``.

Tags the ANERcorp test split as pre-tokenised sentences (the evaluator's path) and, separately,
runs ``extract_mentions`` on the same text joined into documents (tokeniser and sentence
splitter included). Prints tokens per second. Not a test: timing depends on the machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from rasid.ner import extract_mentions, tag_sentences  # noqa: E402
from rasid.ner._conll import read_conll  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    sents = read_conll(args.data / "anercorp_camel_recon" / "ANERCorp_CamelLab_test.recon.txt")
    words = [list(s.words) for s in sents]
    tokens = sum(map(len, words))
    tag_sentences(words[:5])  # load the model outside the timing
    best = min(_timed(lambda: tag_sentences(words)) for _ in range(args.repeat))
    print(f"tag_sentences: {tokens} tokens in {best:.2f}s = {tokens / best:,.0f} tokens/s")
    docs = [" ".join(" ".join(s) for s in words[i : i + 20]) for i in range(0, len(words), 20)]
    best = min(_timed(lambda: [extract_mentions(d) for d in docs]) for _ in range(args.repeat))
    print(f"extract_mentions: {tokens} tokens in {best:.2f}s = {tokens / best:,.0f} tokens/s")
    return 0


def _timed(fn: object) -> float:
    t0 = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - t0


if __name__ == "__main__":
    raise SystemExit(main())
