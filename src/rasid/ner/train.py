"""Train the shipped NER model: ``python -m rasid.ner.train`` (or ``scripts/train_ner.py``).

Reads the ANERcorp CAMeL training split only. Decisions are taken on a dev split (the last 10%
of the training sentences, ``--dev``); the default run retrains on the whole training split and
writes ``model/ner.crfsuite`` (first pass), ``model/ner2.crfsuite`` (second pass) and
``model/seen.tsv.gz`` (the training-entity gazetteer). Deterministic: same data, same files.

The second pass reads the first pass's tags of the same word elsewhere in the document (the
sentences around it). It is trained on cross-validated first-pass tags (each fold tagged by a
model that never saw it), so at training time it sees first-pass errors as it will at run time.

The gazetteer of entity strings seen in training would fire on every training entity and
teach the CRF to trust it blindly, so training features use a jackknifed copy: each fold sees
only the entities of the other folds, as unseen test text would.
"""

from __future__ import annotations

import argparse
import gzip
import io
import multiprocessing
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import pycrfsuite

from rasid.ner._conll import Score, Sentence, chunks, read_conll
from rasid.ner._features import Resources, doc_memory, featurize, load_resources
from rasid.ner._text import norm

REPO = Path(__file__).resolve().parents[3]
MODEL_DIR = Path(__file__).resolve().parent / "model"
TRAIN = "anercorp_camel_recon/ANERCorp_CamelLab_train.recon.txt"
FOLDS = 5

Seen = dict[tuple[str, ...], tuple[str, int]]


def build_seen(sents: Sequence[Sentence]) -> Seen:
    """Entity strings (normalised tokens) with their most frequent type and how often seen."""
    counts: dict[tuple[str, ...], Counter[str]] = {}
    for s in sents:
        for a, b, t in chunks(s.tags):
            key = tuple(norm(w) for w in s.words[a:b])
            counts.setdefault(key, Counter())[t] += 1
    out: Seen = {}
    for key, c in counts.items():
        (label, n), *_ = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
        out[key] = (label, n)
    return out


Params = tuple[float, float, int]  # c1, c2, max_iterations


def _folds(n: int) -> list[tuple[int, int]]:
    size = -(-n // FOLDS)
    return [(k * size, min(n, (k + 1) * size)) for k in range(FOLDS)]


def train_stage(
    sents: Sequence[Sentence],
    base: Resources,
    out: Path,
    params: Params,
    first: Sequence[Sequence[str]] | None = None,
) -> Seen:
    """Train one CRF on ``sents`` with jackknifed gazetteer features; return the full gazetteer.

    With ``first`` (cross-validated first-pass tags, one list per sentence) this is the
    second-pass model, which also sees the first pass's tags and document-wide votes.
    """
    memory = doc_memory([s.words for s in sents], first) if first is not None else None
    trainer = pycrfsuite.Trainer(verbose=False)
    for a, b in _folds(len(sents)):
        res = replace(base, seen=build_seen([*sents[:a], *sents[b:]]))
        for j in range(a, b):
            if first is not None and memory is not None:
                x = featurize(sents[j].words, res, first[j], memory[j])
            else:
                x = featurize(sents[j].words, res)
            trainer.append(x, list(sents[j].tags))
    c1, c2, iters = params
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": iters, "feature.possible_transitions": True}
    )
    trainer.train(str(out))
    return build_seen(sents)


def tag_first(model: Path, sents: Sequence[Sentence], res: Resources) -> list[list[str]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    return [list(tagger.tag(featurize(s.words, res))) for s in sents]


def tag_second(
    model: Path, sents: Sequence[Sentence], res: Resources, first: Sequence[Sequence[str]]
) -> list[list[str]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    memory = doc_memory([s.words for s in sents], first)
    out = []
    for s, f, m in zip(sents, first, memory, strict=True):
        out.append(list(tagger.tag(featurize(s.words, res, f, m))))
    return out


def _cv_fold(job: tuple[Sequence[Sentence], int, int, Resources, Params, str]) -> list[list[str]]:
    sents, a, b, base, params, tmp = job
    rest = [*sents[:a], *sents[b:]]
    model = Path(tmp) / f"fold{a}.crfsuite"
    seen = train_stage(rest, base, model, params)
    return tag_first(model, sents[a:b], replace(base, seen=seen))


def cv_first_pass(
    sents: Sequence[Sentence], base: Resources, params: Params, workers: int
) -> list[list[str]]:
    """First-pass tags for every training sentence from a model that did not train on it."""
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [(sents, a, b, base, params, tmp) for a, b in _folds(len(sents))]
        if workers > 1:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                parts = pool.map(_cv_fold, jobs)
        else:
            parts = [_cv_fold(j) for j in jobs]
    return [t for part in parts for t in part]


def score_tags(sents: Sequence[Sentence], tags: Sequence[Sequence[str]]) -> Score:
    score = Score()
    for s, t in zip(sents, tags, strict=True):
        score.add(s.tags, t)
    return score


def write_seen(seen: Mapping[tuple[str, ...], tuple[str, int]], path: Path) -> None:
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        text = io.TextIOWrapper(gz, encoding="utf-8")
        text.write("# entity\ttype\tcount — entity strings of the ANERcorp CAMeL train split\n")
        for key, (label, n) in sorted(seen.items()):
            text.write(f"{' '.join(key)}\t{label}\t{n}\n")
        text.flush()
        text.detach()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="rasid.ner.train", description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument(
        "--dev",
        action="store_true",
        help="train on the first 90%% of train, report the last 10%%; ship nothing",
    )
    ap.add_argument("--c1", type=float, default=0.02)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--iters", type=int, default=300)
    ap.add_argument(
        "--stages",
        type=int,
        choices=(1, 2),
        default=2,
        help="2 adds the document-consistency second pass",
    )
    ap.add_argument("--keep", type=Path, help="with --dev: keep the first-pass model here")
    ap.add_argument("--workers", type=int, default=2, help="processes for the CV first pass")
    args = ap.parse_args(list(sys.argv[1:] if argv is None else argv))
    sents = read_conll(args.data / TRAIN)
    base = load_resources(MODEL_DIR, seen={})
    params: Params = (args.c1, args.c2, args.iters)
    t0 = time.time()
    if args.dev:
        cut = len(sents) * 9 // 10
        fit, dev = sents[:cut], sents[cut:]
        with tempfile.TemporaryDirectory() as tmp:
            m1 = args.keep / "first.crfsuite" if args.keep else Path(tmp) / "first.crfsuite"
            m2 = Path(tmp) / "second.crfsuite"
            seen = train_stage(fit, base, m1, params)
            res = replace(base, seen=seen)
            first = tag_first(m1, dev, res)
            print(f"dev ({len(dev)} sentences) first pass, {time.time() - t0:.0f}s")
            print(score_tags(dev, first).table(), flush=True)
            if args.stages == 2:
                cv = cv_first_pass(fit, base, params, args.workers)
                train_stage(fit, base, m2, params, first=cv)
                print(f"second pass, {time.time() - t0:.0f}s")
                print(score_tags(dev, tag_second(m2, dev, res, first)).table())
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    seen = train_stage(sents, base, args.out / "ner.crfsuite", params)
    if args.stages == 2:
        cv = cv_first_pass(sents, base, params, args.workers)
        train_stage(sents, base, args.out / "ner2.crfsuite", params, first=cv)
    else:
        (args.out / "ner2.crfsuite").unlink(missing_ok=True)
    write_seen(seen, args.out / "seen.tsv.gz")
    print(f"wrote {args.out} ({len(sents)} sentences, {time.time() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
