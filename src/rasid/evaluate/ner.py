"""`rasid eval ner`: entity-level (CoNLL exact-match) P/R/F1 of the shipped NER model.

    rasid eval ner [--test PATH] [--aqmar PATH] [--data DIR]

Scores the ANERcorp CAMeL test split (in-domain news) and the AQMAR Wikipedia corpus
(out-of-domain; its PER/MIS* tags mapped onto PERS/MISC). Sentences of a file are tagged as
consecutive sentences of one document, as in training.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from rasid.errors import RasidError
from rasid.ner import tag_sentences
from rasid.ner._conll import Score, Sentence, read_conll

REPO = Path(__file__).resolve().parents[3]
DATA = REPO.parent / "shared" / "data"
TEST = "anercorp_camel_recon/ANERCorp_CamelLab_test.recon.txt"
AQMAR = "aqmar/AQMAR_Arabic_NER_corpus-1.0.concat.txt.xz"


def score_corpus(sents: Sequence[Sentence]) -> Score:
    """Tag ``sents`` with the shipped model and count entity matches against their gold tags."""
    score = Score()
    pred = tag_sentences([s.words for s in sents])
    for s, p in zip(sents, pred, strict=True):
        score.add(s.tags, p)
    return score


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="rasid eval ner", description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA, help="folder holding the corpora")
    ap.add_argument("--test", type=Path, help=f"CoNLL file (default DATA/{TEST})")
    ap.add_argument("--aqmar", type=Path, help=f"AQMAR file (default DATA/{AQMAR})")
    args = ap.parse_args(argv)
    jobs = [
        ("ANERcorp test (CAMeL split, reconstructed)", args.test or args.data / TEST, False),
        ("AQMAR (out of domain)", args.aqmar or args.data / AQMAR, True),
    ]
    status = 0
    for title, path, aqmar in jobs:
        try:
            sents = read_conll(path, aqmar=aqmar)
            t0 = time.perf_counter()
            score = score_corpus(sents)
            secs = time.perf_counter() - t0
        except RasidError as exc:
            print(f"{title}: {exc}")
            status = 1
            continue
        tokens = sum(len(s.words) for s in sents)
        print(f"== {title}: {path}")
        print(f"{len(sents)} sentences, {tokens} tokens, {tokens / secs:,.0f} tokens/s")
        print(score.table())
        print()
    return status
