"""A small dense tagger whose tag probabilities the CRFs can read as features (stacking).

The shipped model averages its probabilities (one member) with those of the BiLSTM of
``_recurrent``, which reads the same word rows (:class:`WordRows`); ``rasid.ner.train
--tagger window`` builds a model on this tagger alone, ``--no-dense`` one without either, and
the runtime stacks on whichever of ``dense.npz`` and ``recurrent.npz`` the model folder holds.

The CRFs see words as sparse strings and clusters; this model sees each word of a ±2 window
as a 50-dimensional vector learned from the unlabelled ANT corpus (the same PPMI/SVD space
the clusters are cut from), so a name the training split never had still sits near the names
that appear in the same company in news text. It is a one-hidden-layer perceptron (ReLU,
softmax over the nine IOB tags), or an average of a few trained with different seeds; inference
is numpy.

Files in the model folder (written by ``rasid.ner.train``):

* ``embeddings.npz``: ``vectors`` (int8, one row per word, direction only: rows are
  re-normalised when read, :class:`Vectors`) and ``words`` (the words, UTF-8,
  newline-separated, as bytes).
* ``dense.npz``: ``w1_K``, ``b1_K``, ``w2_K``, ``b2_K`` for each member ``K`` of the average.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from rasid.errors import ModelError
from rasid.ner._text import WordCache, norm, strip_clitics, strip_conj

if TYPE_CHECKING:
    from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

    from rasid.ner._features import Resources

Array = NDArray[np.float32]

# the order of the dense model's outputs; training maps gold tags onto these indices
LABELS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
WINDOW = 2
_TRIGGERS = ("PERS", "ORG", "LOC", "MISC")
# per word: vector, in-vocabulary flag, given/surname counts, 4 trigger types, 5 shape bits
EXTRA = 1 + 2 + len(_TRIGGERS) + 5


# rows converted at a time when the vectors' lengths are computed
_BLOCK = 8192


@dataclass(frozen=True)
class Vectors:
    """Unit-length word vectors kept as the file's int8 rows and one float per row: a quarter
    of the memory of float32 rows in every pipeline worker (about 14 MB less for the shipped
    96k words), for a conversion per word type (:class:`DenseTagger` caches its rows)."""

    q: NDArray[np.int8]
    norms: Array  # each row's length (+ 1e-9), what the row is divided by

    @classmethod
    def of(cls, q: NDArray[np.int8]) -> Vectors:
        norms = np.empty(len(q), dtype=np.float32)
        # a block at a time: the float copy of all rows is the memory this class saves
        for at in range(0, len(q), _BLOCK):
            rows = q[at : at + _BLOCK].astype(np.float32)
            norms[at : at + _BLOCK] = np.linalg.norm(rows, axis=1) + 1e-9
        return cls(q, norms)

    @classmethod
    def quantise(cls, vectors: Array) -> Vectors:
        """Int8 rows with the directions of ``vectors`` (their lengths are dropped)."""
        scale = np.abs(vectors).max(axis=1, keepdims=True) + 1e-12
        return cls.of(np.round(vectors / scale * 127).astype(np.int8))

    @property
    def dims(self) -> int:
        return int(self.q.shape[1])

    def __len__(self) -> int:
        return len(self.q)

    def row(self, i: int) -> Array:
        out: Array = self.q[i].astype(np.float32) / self.norms[i]
        return out


class Vocabulary:
    """Word → row of the vectors, by bisection in the sorted UTF-8 forms of the words.

    A dict of the shipped 96k words takes about 15 MB in every pipeline worker; a sorted list of
    bytes takes 5.5, and :func:`bisect.bisect_left` finds a word in about a microsecond. The tagger
    looks a word up once per word type (its rows are cached).
    """

    def __init__(self, words: Sequence[str]) -> None:
        if len(set(words)) != len(words):
            raise ValueError("the vocabulary repeats words")
        # UTF-8 byte order is code point order: sorting the strings sorts the bytes
        order = sorted(range(len(words)), key=words.__getitem__)
        self._words = [words[i].encode("utf-8") for i in order]
        self._rows = np.asarray(order, dtype=np.int32)

    def __len__(self) -> int:
        return len(self._words)

    def get(self, word: str) -> int | None:
        want = word.encode("utf-8")
        at = bisect_left(self._words, want)
        if at < len(self._words) and self._words[at] == want:
            return int(self._rows[at])
        return None


def load_embeddings(path: Path) -> tuple[Vocabulary, Vectors]:
    """Word → row, and the rows, from an ``embeddings.npz``."""
    try:
        with np.load(path, allow_pickle=False) as z:
            words = bytes(z["words"]).decode("utf-8").split("\n")
            q = z["vectors"]
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"NER embeddings {path} are missing or corrupt: {exc}") from exc
    if q.dtype != np.int8 or q.ndim != 2:
        raise ModelError(f"NER embeddings {path}: vectors are {q.dtype} {q.shape}, not int8 rows")
    if len(words) != len(q):
        raise ModelError(f"NER embeddings {path}: {len(words)} words for {len(q)} vectors")
    try:
        vocabulary = Vocabulary(words)
    except ValueError as exc:
        raise ModelError(f"NER embeddings {path}: {exc}") from exc
    return vocabulary, Vectors.of(q)


def save_embeddings(path: Path, words: Sequence[str], vectors: Array) -> None:
    """Quantise ``vectors`` to int8 per row (only their direction is kept) and write them."""
    blob = np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, vectors=Vectors.quantise(vectors).q, words=blob)


@dataclass(frozen=True)
class Layers:
    """One member of the average: ``softmax(relu(x @ w1 + b1) @ w2 + b2)``."""

    w1: Array
    b1: Array
    w2: Array
    b2: Array


def load_layers(path: Path) -> tuple[Layers, ...]:
    try:
        with np.load(path, allow_pickle=False) as z:
            n = sum(1 for k in z.files if k.startswith("w1_"))
            out = tuple(
                Layers(*(z[f"{p}_{k}"].astype(np.float32) for p in ("w1", "b1", "w2", "b2")))
                for k in range(n)
            )
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"NER dense model {path} is missing or corrupt: {exc}") from exc
    if not out:
        raise ModelError(f"NER dense model {path} holds no layers")
    return out


def save_layers(path: Path, members: Sequence[Layers]) -> None:
    arrays: dict[str, Array] = {}
    for k, m in enumerate(members):
        arrays |= {f"w1_{k}": m.w1, f"b1_{k}": m.b1, f"w2_{k}": m.w2, f"b2_{k}": m.b2}
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]


@cache
def blas() -> ThreadpoolController:
    # imported on first use: a model without a dense tagger never needs it
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


class WordRows(WordCache[Array]):
    """Each word's input row (vector, gazetteer, trigger and shape values), built once per
    word type (bounded); the dense and the recurrent taggers both read these rows."""

    def __init__(
        self,
        res: Resources,
        index: Vocabulary | Mapping[str, int],
        vectors: Vectors,
        limit: int = 50_000,
    ) -> None:
        super().__init__(limit)
        self.res = res
        self.index = index
        self.vectors = vectors
        self.width = vectors.dims + EXTRA

    def _build(self, w: str) -> Array:
        res = self.res
        dims = self.vectors.dims
        out = np.zeros(self.width, dtype=np.float32)
        x = norm(w)
        s = strip_clitics(x)
        c = strip_conj(x)
        for key in (x, s, c):
            i = self.index.get(key)
            if i is not None:
                out[:dims] = self.vectors.row(i)
                out[dims] = 1.0
                break
        g, sn = res.names.get(x) or res.names.get(c) or (0, 0)
        out[dims + 1] = np.log1p(g) / 5
        out[dims + 2] = np.log1p(sn) / 5
        trig = res.triggers.get(s) or res.triggers.get(x) or ""
        if trig in _TRIGGERS:
            out[dims + 3 + _TRIGGERS.index(trig)] = 1.0
        k = dims + 3 + len(_TRIGGERS)
        out[k] = w.isdigit()
        out[k + 1] = any("a" <= ch <= "z" or "A" <= ch <= "Z" for ch in w)
        out[k + 2] = x != s
        out[k + 3] = len(w) <= 2
        out[k + 4] = 1.0
        return out

    def inputs(self, sentences: Sequence[Sequence[str]]) -> Array:
        """One row per word of the sentences: the inputs of the words at offsets -2..+2 of the
        same sentence side by side."""
        # the document's word types once each (row 0: the zero row that pads each sentence by
        # WINDOW), then one gather per offset: no per-token array work
        types: dict[str, int] = {}
        slots: list[int] = [0] * WINDOW
        where: list[int] = []
        for words in sentences:
            where.extend(range(len(slots), len(slots) + len(words)))
            slots.extend(types.setdefault(w, len(types) + 1) for w in words)
            slots.extend([0] * WINDOW)
        table = np.zeros((len(types) + 1, self.width), dtype=np.float32)
        if types:
            table[1:] = np.stack([self(w) for w in types])
        rows = table[np.asarray(slots, dtype=np.intp)]
        idx = np.asarray(where, dtype=np.intp)
        return np.hstack([rows[idx + d] for d in range(-WINDOW, WINDOW + 1)])


class DenseTagger(WordRows):
    """Tag probabilities per token from the ±2 window of word rows (an average of members)."""

    def __init__(
        self,
        res: Resources,
        index: Vocabulary | Mapping[str, int],
        vectors: Vectors,
        members: Sequence[Layers] = (),
        limit: int = 50_000,
    ) -> None:
        super().__init__(res, index, vectors, limit)
        self.members = tuple(members)

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[Array]:
        """Per sentence, an (n, 9) array of tag probabilities (columns in ``LABELS`` order)."""
        sizes = [len(s) for s in sentences]
        if not sum(sizes):
            return [np.zeros((0, len(LABELS)), dtype=np.float32) for _ in sentences]
        x = self.inputs(sentences)
        p = np.zeros((len(x), len(LABELS)), dtype=np.float32)
        # one thread: a document's matrices are small, and BLAS helper threads spin between
        # calls, stealing the CPU of the other pipeline workers (one per core); unlimited, a
        # whole-corpus run with 2 workers was more than twice as slow
        with blas().limit(limits=1, user_api="blas"):
            for m in self.members:
                p += softmax(np.maximum(x @ m.w1 + m.b1, 0.0) @ m.w2 + m.b2)
        p /= len(self.members)
        out: list[Array] = []
        at = 0
        for n in sizes:
            out.append(p[at : at + n])
            at += n
        return out


def softmax(z: Array) -> Array:
    """Each row of scores as probabilities."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    out: Array = e / e.sum(axis=1, keepdims=True)
    return out


def mean(probabilities: Sequence[Array]) -> Array:
    """The mean of several taggers' probabilities for one sentence: training and the runtime
    both average through here, so the CRFs see at run time the very numbers they trained on."""
    out: Array = sum(probabilities[1:], probabilities[0]) / np.float32(len(probabilities))
    return out


def likeliest(p: Array) -> list[str]:
    """The likeliest tag of each word of a sentence, from its (n, 9) probabilities."""
    return [LABELS[k] for k in p.argmax(axis=1).tolist()]


_M = tuple(f"m={t}" for t in LABELS)
_BEFORE = tuple(f"m-1={t}" for t in LABELS)
_AFTER = tuple(f"m+1={t}" for t in LABELS)
_QUARTERS = tuple(tuple(f"mp={t}{q}" for q in range(5)) for t in LABELS)


def dense_features(p: Array) -> list[list[str]]:
    """CRF attributes from a sentence's tag probabilities: the likeliest tag here and at ±1,
    and each entity tag above 0.1 with its probability in quarters."""
    n = len(p)
    if not n:
        return []
    best = p.argmax(axis=1).tolist()
    out = [[_M[b]] for b in best]
    for i in range(1, n):
        out[i].append(_BEFORE[best[i - 1]])
        out[i - 1].append(_AFTER[best[i]])
    rows, cols = np.nonzero(p[:, 1:] > 0.1)
    quarters = (p[rows, cols + 1] * 4).astype(np.int64).tolist()
    for i, k, q in zip(rows.tolist(), cols.tolist(), quarters, strict=True):
        out[i].append(_QUARTERS[k + 1][q])
    return out
