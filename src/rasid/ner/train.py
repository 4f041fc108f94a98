"""Train the shipped NER model: ``python -m rasid.ner.train`` (or ``scripts/train_ner.py``).

Reads the ANERcorp CAMeL training split only. Decisions are taken on a dev split (the last 10%
of the training sentences, ``--dev``); the default run retrains on the whole training split and
writes ``model/ner.crfsuite`` (first pass), ``model/ner2.crfsuite`` (second pass),
``model/seen.tsv.gz`` (the training-entity gazetteer), ``model/dense.npz`` (the window tagger)
and ``model/recurrent.npz`` (the BiLSTM; neither with ``--no-dense``). Deterministic: fixed
seeds and folds (the neural taggers' float sums may differ in the last bits with another BLAS
or torch build).

The second pass reads what the first pass found elsewhere in the document (the sentences around
it): the types it gave the same word, the word's role in those entities (alone, first, middle or
last word: a lone surname was the last word of a full name), and the multi-word entities that
recur here; also the first pass's and the dense tagger's tags two words either side. It is
trained on cross-validated first-pass tags (each fold tagged by a model that never saw it), so
at training time it sees first-pass errors as it will at run time. The roles, recurring
entities and ±2 tags were chosen by 5-fold cross-validation over the first 90% of the training
split (8,031 entities; the 969 of the dev split are too few to separate gains under a point):
micro F1 75.78 -> 76.35, PERS 77.24 -> 77.65, every type up. ``--dev --cv`` runs that
comparison, with the document window and the gazetteer's folds cut at the held-out fold (76.20,
PERS 77.28 for the shipped features). Dev split 77.94 -> 78.47; test split 75.16 -> 75.54, PERS
76.76 -> 77.10.

The gazetteer of entity strings seen in training would fire on every training entity and
teach the CRF to trust it blindly, so training features use a jackknifed copy: each fold sees
only the entities of the other folds, as unseen test text would.

Both CRFs also read the tag probabilities of a small dense tagger (``_dense``: word vectors of
a ±2 window, one hidden layer; ``model/dense.npz``; the vectors, ``model/embeddings.npz``, come
from ``scripts/build_ner_resources.py``). For the same reason as above, the probabilities a
training sentence gets are those of a dense tagger trained on the other folds. It needs
scikit-learn to train (inference is numpy). Measured: on --dev, one member scored 77.94 micro F1
(PERS 82.49) and an average of three 78.02 (84.07), against 75.82 (79.39) without it; three
cost the whole-corpus pipeline 9% of its throughput and one 4%, so the shipped model has one.
On the test split one member scored 75.16 (PERS 76.76), against 74.15 (76.07) without it.

Since then the CRFs read the mean of those probabilities and a BiLSTM's (``_recurrent``: the
same word rows plus a character convolution, the whole sentence in both directions; trained
with torch, run in numpy; ``--tagger``). The BiLSTM's probabilities for a training sentence
also come from a BiLSTM trained on the other folds. Measured with ``--dev --cv`` against the
window tagger alone: cross-validated second pass 76.20 -> 76.18 micro, PERS 77.28 -> 79.09
(LOC 84.60 -> 84.10, ORG 58.53 -> 57.85, MISC 58.75 -> 56.23); dev split 78.47 -> 79.61, PERS
83.75. The BiLSTM alone: 76.73 / PERS 81.96 for the first pass on dev (the window tagger alone
76.38 / 80.70) but 75.95 / 78.58 cross-validated; both taggers' probabilities as separate
features: 76.11 / 78.54. So the shipped model averages the two.

The second pass's weights for the always-on bias attribute are multiplied by ``--bias-scale``
after training: the CRF's bias favours the O tag, and precision runs well above recall, so a
smaller bias trades a little precision for more recall (chosen on ``--dev``, where the scales
are tried by weighting the attribute in the items instead of in the file).
"""

from __future__ import annotations

import argparse
import gzip
import io
import multiprocessing
import shutil
import struct
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import numpy as np
import pycrfsuite

from rasid.ner._conll import Score, Sentence, chunks, read_conll
from rasid.ner._coordination import person_words
from rasid.ner._dense import (
    LABELS,
    Array,
    DenseTagger,
    Layers,
    likeliest,
    load_embeddings,
    mean,
    save_layers,
)
from rasid.ner._features import Resources, doc_memory, featurize, load_resources, word_keys
from rasid.ner._model import BIAS
from rasid.ner._person_spans import nationalities, second_pass
from rasid.ner._recurrent import RecurrentTagger, Weights, save_weights
from rasid.ner._recurrent_train import Settings, alphabet, train_recurrent
from rasid.ner._text import norm

REPO = Path(__file__).resolve().parents[3]
MODEL_DIR = Path(__file__).resolve().parent / "model"
TRAIN = "anercorp_camel_recon/ANERCorp_CamelLab_train.recon.txt"
FOLDS = 5
# the dense tagger: members averaged, hidden units, epochs, L2 (chosen on --dev)
DENSE_SEEDS = 1
DENSE_HIDDEN = 200
DENSE_EPOCHS = 12
DENSE_ALPHA = 1e-3
BIAS_SCALES = (1.0, 0.8, 0.6, 0.4, 0.2)
# the stacked taggers' files: the runtime stacks on whichever is in the model folder
STACKED_FILES = ("recurrent.npz", "dense.npz")

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
# the dense tagger's probabilities, one array per sentence (None: trained without it)
Dense = Sequence[Array | None]


def _weighted(x: list[list[str]], bias: float) -> list[dict[str, float]] | list[list[str]]:
    """Items whose bias attribute weighs ``bias`` (what :func:`scale_attribute` bakes in)."""
    if bias == 1.0:
        return x
    return [dict.fromkeys(tok, 1.0) | {BIAS: bias} for tok in x]


# a CRFsuite feature record: type (0 = state), source attribute, destination label, weight
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def scale_attribute(path: Path, attr: str, scale: float) -> int:
    """Multiply the weights of ``attr``'s state features in a CRFsuite model file by ``scale``.

    CRFsuite has no call to edit a model, and its file is simple (``crf1d_model.c``): the
    48-byte header's eighth word is the offset of the feature chunk, which holds, after a
    12-byte chunk header (``FEAT``, size, count), fixed 20-byte records. The records found are
    checked against the weights the tagger itself reports before anything is written.
    Returns how many features were scaled.
    """
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    info = tagger.info()
    tagger.close()
    aid = int(info.attributes[attr])
    want = {
        int(info.labels[label]): w for (a, label), w in info.state_features.items() if a == attr
    }
    data = bytearray(path.read_bytes())
    (off,) = struct.unpack_from("<I", data, 28)
    if data[:4] != b"lCRF" or data[off : off + 4] != b"FEAT":
        raise ValueError(f"{path}: not a CRFsuite model file")
    (num,) = struct.unpack_from("<I", data, off + 8)
    feats = np.frombuffer(bytes(data), dtype=_FEATURE, count=num, offset=off + 12).copy()
    hit = (feats["type"] == 0) & (feats["src"] == aid)
    got = dict(zip(feats["dst"][hit].tolist(), feats["weight"][hit].tolist(), strict=True))
    if got.keys() != want.keys() or any(abs(got[k] - want[k]) > 1e-5 for k in got):
        raise ValueError(f"{path}: the feature records of {attr!r} do not match the model")
    feats["weight"][hit] *= scale
    data[off + 12 : off + 12 + num * _FEATURE.itemsize] = feats.tobytes()
    path.write_bytes(data)
    return int(hit.sum())


def _folds(n: int) -> list[tuple[int, int]]:
    size = -(-n // FOLDS)
    return [(k * size, min(n, (k + 1) * size)) for k in range(FOLDS)]


def dense_tagger(base: Resources, embeddings: Path) -> DenseTagger:
    index, vectors = load_embeddings(embeddings)
    return DenseTagger(base, index, vectors)


def train_dense(sents: Sequence[Sentence], tagger: DenseTagger) -> tuple[Layers, ...]:
    """Fit the dense tagger's members on ``sents`` (scikit-learn, build time only)."""
    from sklearn.exceptions import ConvergenceWarning  # type: ignore[import-untyped]
    from sklearn.neural_network import MLPClassifier  # type: ignore[import-untyped]

    x = tagger.inputs([s.words for s in sents])
    y = np.array([LABELS.index(t) for s in sents for t in s.tags])
    members = []
    for seed in range(DENSE_SEEDS):
        mlp = MLPClassifier(
            hidden_layer_sizes=(DENSE_HIDDEN,),
            alpha=DENSE_ALPHA,
            batch_size=min(256, len(x)),
            max_iter=DENSE_EPOCHS,
            learning_rate_init=1e-3,
            random_state=seed,
        )
        with warnings.catch_warnings():
            # a fixed, small number of epochs is the regularisation chosen on --dev
            warnings.simplefilter("ignore", ConvergenceWarning)
            mlp.fit(x, y)
        if list(mlp.classes_) != list(range(len(LABELS))):
            raise ValueError(f"training tags miss some of {LABELS}")
        w1, w2 = mlp.coefs_
        b1, b2 = mlp.intercepts_
        members.append(Layers(*(a.astype(np.float32) for a in (w1, b1, w2, b2))))
    return tuple(members)


def cv_dense(sents: Sequence[Sentence], tagger: DenseTagger) -> list[Array]:
    """Dense probabilities for every sentence from members that did not train on it."""
    out: list[Array] = []
    for a, b in _folds(len(sents)):
        fold = replace_members(tagger, train_dense([*sents[:a], *sents[b:]], tagger))
        out += fold.probabilities([s.words for s in sents[a:b]])
    return out


def replace_members(tagger: DenseTagger, members: Sequence[Layers]) -> DenseTagger:
    return DenseTagger(tagger.res, tagger.index, tagger.vectors, members)


def train_stage(
    sents: Sequence[Sentence],
    base: Resources,
    out: Path,
    params: Params,
    dense: Dense,
    first: Sequence[Sequence[str]] | None = None,
) -> Seen:
    """Train one CRF on ``sents`` with jackknifed gazetteer features; return the full gazetteer.

    With ``first`` (cross-validated first-pass tags, one list per sentence) this is the
    second-pass model, which also sees the first pass's tags and document-wide votes.
    """
    memory = None
    if first is not None:
        memory = doc_memory([word_keys(s.words) for s in sents], first)
    trainer = pycrfsuite.Trainer(verbose=False)
    for a, b in _folds(len(sents)):
        res = replace(base, seen=build_seen([*sents[:a], *sents[b:]]))
        for j in range(a, b):
            f, m = (first[j], memory[j]) if first and memory else (None, None)
            x = featurize(sents[j].words, res, f, m, dense=dense[j])
            trainer.append(x, list(sents[j].tags))
    c1, c2, iters = params
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": iters, "feature.possible_transitions": True}
    )
    trainer.train(str(out))
    return build_seen(sents)


def tag_first(
    model: Path, sents: Sequence[Sentence], res: Resources, dense: Dense
) -> list[list[str]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    pairs = zip(sents, dense, strict=True)
    return [list(tagger.tag(featurize(s.words, res, dense=d))) for s, d in pairs]


def tag_second(
    model: Path,
    sents: Sequence[Sentence],
    res: Resources,
    first: Sequence[Sequence[str]],
    dense: Dense,
    bias: float = 1.0,
) -> list[list[str]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    memory = doc_memory([word_keys(s.words) for s in sents], first)
    persons = person_words(res)
    nisbas = nationalities(res.places, res.names)
    out = []
    for s, f, m, d in zip(sents, first, memory, dense, strict=True):
        tags = tagger.tag(_weighted(featurize(s.words, res, f, m, dense=d), bias))
        out.append(second_pass(s.words, tags, persons, nisbas))
    return out


Job = TypeVar("Job")


Done = TypeVar("Done")


def _in_processes(
    run: Callable[[Job], Done], jobs: Sequence[Job], workers: int, start: str = "fork"
) -> list[Done]:
    """``run`` on each job, in ``workers`` processes started by ``start`` (one job at a time)."""
    if workers <= 1:
        return [run(j) for j in jobs]
    with multiprocessing.get_context(start).Pool(workers) as pool:
        return pool.map(run, jobs, chunksize=1)


def _over_folds(
    run: Callable[[Job], list[list[str]]], jobs: Sequence[Job], workers: int
) -> list[list[str]]:
    """``run`` on each fold's job (in ``workers`` processes), the folds' tags concatenated."""
    return [t for part in _in_processes(run, jobs, workers) for t in part]


def _cv_fold(
    job: tuple[Sequence[Sentence], int, int, Resources, Params, str, Dense],
) -> list[list[str]]:
    sents, a, b, base, params, tmp, dense = job
    rest = [*sents[:a], *sents[b:]]
    model = Path(tmp) / f"fold{a}.crfsuite"
    seen = train_stage(rest, base, model, params, [*dense[:a], *dense[b:]])
    return tag_first(model, sents[a:b], replace(base, seen=seen), dense[a:b])


def cv_first_pass(
    sents: Sequence[Sentence], base: Resources, params: Params, workers: int, dense: Dense
) -> list[list[str]]:
    """First-pass tags for every training sentence from a model that did not train on it."""
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [(sents, a, b, base, params, tmp, dense) for a, b in _folds(len(sents))]
        return _over_folds(_cv_fold, jobs, workers)


Tags = Sequence[Sequence[str]]


def _cv_second_fold(
    job: tuple[Sequence[Sentence], int, int, Resources, Params, str, Dense, Tags, float],
) -> list[list[str]]:
    sents, a, b, base, params, tmp, dense, first, bias = job
    model = Path(tmp) / f"second{a}.crfsuite"
    rest_dense, rest_first = [*dense[:a], *dense[b:]], [*first[:a], *first[b:]]
    seen = train_stage([*sents[:a], *sents[b:]], base, model, params, rest_dense, rest_first)
    return tag_second(model, sents[a:b], replace(base, seen=seen), first[a:b], dense[a:b], bias)


def cv_second_pass(
    sents: Sequence[Sentence],
    base: Resources,
    params: Params,
    dense: Dense,
    first: Sequence[Sequence[str]],
    workers: int,
    bias: float,
) -> list[list[str]]:
    """Second-pass tags for every sentence from a second pass trained on the other folds, given
    cross-validated first-pass tags (``first``): ``--dev --cv`` scores second-pass choices on
    the whole fitting part, nine times as many entities as the dev split."""
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [
            (sents, a, b, base, params, tmp, dense, first, bias) for a, b in _folds(len(sents))
        ]
        return _over_folds(_cv_second_fold, jobs, workers)


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


Writer = Callable[[Path], None]


def _dense_inputs(
    args: argparse.Namespace, base: Resources, fit: Sequence[Sentence], other: Sequence[Sentence]
) -> tuple[Dense, Dense, Writer | None]:
    """Stacked-tagger probabilities for ``fit`` (cross-validated) and ``other`` (from taggers
    trained on all of ``fit``), and what writes those taggers into a model folder; all
    None/empty without ``--dense``. With ``--tagger both``, the mean of the two taggers."""
    if not args.dense:
        return [None] * len(fit), [None] * len(other), None
    parts: list[tuple[list[Array], list[Array], Writer]] = []
    if args.tagger in ("window", "both"):
        parts.append(_window_inputs(args, base, fit, other))
    if args.tagger in ("recurrent", "both"):
        parts.append(_recurrent_inputs(args, base, fit, other))

    def write(out: Path) -> None:
        for _, _, part in parts:
            part(out)

    fit_p = [mean(ps) for ps in zip(*(p[0] for p in parts), strict=True)]
    other_p = [mean(ps) for ps in zip(*(p[1] for p in parts), strict=True)]
    return fit_p, other_p, write


def _window_inputs(
    args: argparse.Namespace, base: Resources, fit: Sequence[Sentence], other: Sequence[Sentence]
) -> tuple[list[Array], list[Array], Writer]:
    tagger = dense_tagger(base, args.embeddings)
    members = train_dense(fit, tagger)
    probs = replace_members(tagger, members).probabilities([s.words for s in other])

    def write(out: Path) -> None:
        save_layers(out / "dense.npz", members)

    return cv_dense(fit, tagger), probs, write


RecurrentJob = tuple[Sequence[Sentence], Sequence[Sentence], Resources, Path, str]


def _recurrent_job(job: RecurrentJob) -> tuple[Weights, list[Array]]:
    """Train the recurrent tagger on the first sentences and tag the second ones."""
    learn, tag, base, embeddings, letters = job
    rows = dense_tagger(base, embeddings)
    weights = train_recurrent(learn, rows, letters, Settings())
    return weights, RecurrentTagger(rows, weights).probabilities([s.words for s in tag])


def _recurrent_inputs(
    args: argparse.Namespace, base: Resources, fit: Sequence[Sentence], other: Sequence[Sentence]
) -> tuple[list[Array], list[Array], Writer]:
    letters = alphabet(fit)
    jobs: list[RecurrentJob] = [
        ([*fit[:a], *fit[b:]], fit[a:b], base, args.embeddings, letters)
        for a, b in _folds(len(fit))
    ]
    jobs.append((fit, other, base, args.embeddings, letters))
    # fresh processes, not forked ones: a child forked from a process that has run torch (a
    # test, a notebook) can hang in torch's thread pool
    done = _in_processes(_recurrent_job, jobs, args.workers, "spawn")
    weights, probs = done[-1]

    def write(out: Path) -> None:
        save_weights(out / "recurrent.npz", weights)

    return [p for _, part in done[:-1] for p in part], probs, write


def _dev(args: argparse.Namespace, sents: Sequence[Sentence], base: Resources) -> None:
    params: Params = (args.c1, args.c2, args.iters)
    t0 = time.time()
    cut = len(sents) * 9 // 10
    fit, dev = sents[:cut], sents[cut:]
    fit_dense, dev_dense, _ = _dense_inputs(args, base, fit, dev)
    if args.dense:
        print(f"dev ({len(dev)} sentences) dense tagger alone, {time.time() - t0:.0f}s")
        alone = [likeliest(p) for p in dev_dense if p is not None]
        print(score_tags(dev, alone).table())
    with tempfile.TemporaryDirectory() as tmp:
        keep = args.keep or Path(tmp)
        # crfsuite writes no model into a missing folder, and says nothing: create it
        keep.mkdir(parents=True, exist_ok=True)
        m1, m2 = keep / "first.crfsuite", keep / "second.crfsuite"
        seen = train_stage(fit, base, m1, params, fit_dense)
        res = replace(base, seen=seen)
        first = tag_first(m1, dev, res, dev_dense)
        print(f"dev ({len(dev)} sentences) first pass, {time.time() - t0:.0f}s")
        print(score_tags(dev, first).table(), flush=True)
        if args.stages == 2:
            cv = cv_first_pass(fit, base, params, args.workers, fit_dense)
            train_stage(fit, base, m2, params, fit_dense, first=cv)
            for scale in BIAS_SCALES:
                tags = tag_second(m2, dev, res, first, dev_dense, scale)
                print(f"second pass, bias scale {scale}, {time.time() - t0:.0f}s")
                print(score_tags(dev, tags).table(), flush=True)
            if args.cv:
                tags = cv_second_pass(
                    fit, base, params, fit_dense, cv, args.workers, args.bias_scale
                )
                print(
                    f"second pass cross-validated over the {len(fit)} fitting sentences, "
                    f"bias scale {args.bias_scale}, {time.time() - t0:.0f}s"
                )
                print(score_tags(fit, tags).table(), flush=True)


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
    ap.add_argument(
        "--bias-scale",
        type=float,
        default=0.4,
        help="multiplies the second pass's weights for the always-on bias attribute",
    )
    ap.add_argument(
        "--dense",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="stack both CRFs on a neural tagger's probabilities (--tagger; default: yes)",
    )
    ap.add_argument(
        "--tagger",
        choices=("both", "recurrent", "window"),
        default="both",
        help="the stacked tagger: a BiLSTM (needs torch to train), the ±2-word window "
        "perceptron (needs scikit-learn), or the mean of both (default)",
    )
    ap.add_argument(
        "--embeddings",
        type=Path,
        default=MODEL_DIR / "embeddings.npz",
        help="the dense tagger's word vectors (written by scripts/build_ner_resources.py)",
    )
    ap.add_argument("--keep", type=Path, help="with --dev: keep the dev models here")
    ap.add_argument(
        "--cv",
        action="store_true",
        help="with --dev: also score the second pass by 5-fold cross-validation of the fit part",
    )
    ap.add_argument(
        "--workers",
        type=int,
        default=2,
        help="processes for the cross-validation folds and the BiLSTM's trainings",
    )
    args = ap.parse_args(list(sys.argv[1:] if argv is None else argv))
    sents = read_conll(args.data / TRAIN)
    # the Wikidata name table only: the news names (``_harvest``) extend it at run time. Trained
    # on a like table of its own, the model lost 0.4 micro F1 and 0.9 PERS F1 on the test split
    # and found ترامب less often; merged at run time only, test PERS moved 78.29 -> 78.19 and
    # ترامب was found at 649 of its 666 occurrences in 600 ANT articles, against 396
    base = load_resources(MODEL_DIR, seen={}, news_names=False)
    if args.dev:
        _dev(args, sents, base)
        return 0
    params: Params = (args.c1, args.c2, args.iters)
    t0 = time.time()
    args.out.mkdir(parents=True, exist_ok=True)
    dense, _, write = _dense_inputs(args, base, sents, [])
    # the runtime stacks on recurrent.npz or dense.npz whenever one is there: none may be stale
    for name in STACKED_FILES:
        (args.out / name).unlink(missing_ok=True)
    if write is not None:
        write(args.out)
        if args.embeddings.resolve() != (args.out / "embeddings.npz").resolve():
            shutil.copyfile(args.embeddings, args.out / "embeddings.npz")
    seen = train_stage(sents, base, args.out / "ner.crfsuite", params, dense)
    if args.stages == 2:
        cv = cv_first_pass(sents, base, params, args.workers, dense)
        train_stage(sents, base, args.out / "ner2.crfsuite", params, dense, first=cv)
        scale_attribute(args.out / "ner2.crfsuite", BIAS, args.bias_scale)
    else:
        (args.out / "ner2.crfsuite").unlink(missing_ok=True)
    write_seen(seen, args.out / "seen.tsv.gz")
    print(f"wrote {args.out} ({len(sents)} sentences, {time.time() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
