"""A bidirectional LSTM tagger whose tag probabilities the CRFs read as features (stacking).

It reads the same word rows as the window tagger of ``_dense`` (the word's ANT vector and a few
gazetteer, trigger and shape values) plus a character convolution over the word's normalised
letters, so a name the vectors never saw still shows its shape (``عبد``, ``-وف``, ``-ان``), and
it reads the whole sentence in both directions instead of a ±2 window. It is trained with torch
(``_recurrent_train``, build time only) and runs here in numpy: the shipped model folder holds
its weights, ``recurrent.npz``; inference needs neither torch nor a download.

Per word type, the word row and the character vector are computed once (cached); the input
side of both LSTM directions is one product over a document's word types, so the work per token
is the recurrence: per step one (2, batch, H) × (2, H, 4H) product for both directions over the
sentences of a document still running at that step (longest first, side by side).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from rasid.errors import ModelError
from rasid.ner._dense import LABELS, Array, WordRows, blas, softmax
from rasid.ner._text import WordCache, norm

# a word's letters beyond this many are not read (training used the same cut)
MAX_CHARS = 20
# sentences run side by side, longest first; with the finished ones dropped at each step, a
# wider batch costs no padding, only fewer steps (a 20-sentence article is one batch)
BATCH = 64


def alphabet_index(chars: str) -> dict[str, int]:
    """Letter → row of the letter embeddings (0 pads, 1 is any letter outside ``chars``)."""
    return {c: k + 2 for k, c in enumerate(chars)}


def letter_ids(word: str, alphabet: Mapping[str, int]) -> list[int]:
    """The rows of the word's letters, as training and tagging both read them."""
    return [alphabet.get(c, 1) for c in norm(word)[:MAX_CHARS]]


@dataclass(frozen=True)
class Direction:
    """One LSTM direction, torch's layout: gates in the order input, forget, cell, output."""

    w_ih: Array  # (4H, inputs)
    w_hh: Array  # (4H, H)
    b: Array  # (4H,): torch's two biases added


@dataclass(frozen=True)
class Weights:
    chars: str  # the character alphabet: row k + 2 of ``char_emb`` is chars[k] (0 pad, 1 unknown)
    char_emb: Array  # (alphabet + 2, E)
    conv_w: Array  # (C, E, 3): a width-3 convolution over the letters, zero-padded
    conv_b: Array  # (C,)
    forward: Direction
    backward: Direction
    out_w: Array  # (labels, 2H)
    out_b: Array  # (labels,)

    @property
    def hidden(self) -> int:
        return int(self.forward.w_hh.shape[1])


_ARRAYS = ("char_emb", "conv_w", "conv_b", "out_w", "out_b")
_DIRECTION = ("w_ih", "w_hh", "b")


def save_weights(path: Path, w: Weights) -> None:
    arrays: dict[str, NDArray[np.generic]] = {k: getattr(w, k) for k in _ARRAYS}
    for side in ("forward", "backward"):
        for k in _DIRECTION:
            arrays[f"{side}_{k}"] = getattr(getattr(w, side), k)
    arrays["chars"] = np.frombuffer(w.chars.encode("utf-8"), dtype=np.uint8)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]


def load_weights(path: Path) -> Weights:
    try:
        with np.load(path, allow_pickle=False) as z:
            chars = bytes(z["chars"]).decode("utf-8")
            parts = {k: z[k].astype(np.float32) for k in _ARRAYS}
            sides = [
                Direction(*(z[f"{side}_{k}"].astype(np.float32) for k in _DIRECTION))
                for side in ("forward", "backward")
            ]
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        raise ModelError(f"NER recurrent model {path} is missing or corrupt: {exc}") from exc
    w = Weights(chars, forward=sides[0], backward=sides[1], **parts)
    _check(path, w)
    return w


def _check(path: Path, w: Weights) -> None:
    h = w.hidden
    convs, emb, width = w.conv_w.shape
    shapes_ok = (
        width == 3
        and w.char_emb.shape == (len(w.chars) + 2, emb)
        and w.conv_b.shape == (convs,)
        and w.out_w.shape == (len(LABELS), 2 * h)
        and w.out_b.shape == (len(LABELS),)
        and all(
            d.w_hh.shape == (4 * h, h)
            and d.b.shape == (4 * h,)
            and d.w_ih.shape == w.forward.w_ih.shape
            for d in (w.forward, w.backward)
        )
    )
    if not shapes_ok:
        raise ModelError(f"NER recurrent model {path}: its arrays do not fit together")


def _arranged(d: Direction) -> Direction:
    """``d`` with its gates reordered to input, forget, output, cell and the first three scaled
    by 1/2: then one tanh over all four gives the cell gate's tanh and, as 0.5 * tanh(x / 2) +
    0.5 = sigmoid(x), the other three's sigmoids (fewer numpy calls per step)."""
    h = d.w_hh.shape[1]
    order = np.r_[0 : 2 * h, 3 * h : 4 * h, 2 * h : 3 * h]
    scale = np.r_[np.full(3 * h, 0.5), np.ones(h)].astype(np.float32)
    return Direction(
        d.w_ih[order] * scale[:, None], d.w_hh[order] * scale[:, None], d.b[order] * scale
    )


class _Inputs(WordCache[Array]):
    """Per word type: what the LSTM reads of it, its word row and its letters' convolution side
    by side (112 floats for the shipped model, so 50,000 types, as many as the word rows keep,
    take about 22 MB). The input side of both directions is then one product per document
    (:meth:`RecurrentTagger.probabilities`), not one per word type."""

    def __init__(self, rows: WordRows, w: Weights, limit: int = 50_000) -> None:
        super().__init__(limit)
        self.rows = rows
        self.w = w
        self.alphabet = alphabet_index(w.chars)
        # what each letter adds to the convolution at the position before it, at its own and
        # after it (conv_w[:, :, k] weighs the letter at i-1+k); a last row of zeros pads
        zero = np.zeros((1, len(w.conv_b)), dtype=np.float32)
        self.taps = [np.vstack([w.char_emb @ w.conv_w[:, :, k].T, zero]) for k in range(3)]
        self.pad = len(w.chars) + 2

    def letters(self, word: str) -> Array:
        """The character convolution's max over the word's letters (zeros for no letter)."""
        ids = letter_ids(word, self.alphabet)
        if not ids:
            return np.zeros(len(self.w.conv_b), dtype=np.float32)
        at = np.asarray([self.pad, *ids, self.pad], dtype=np.intp)
        t0, t1, t2 = self.taps
        z = t0[at[:-2]] + t1[at[1:-1]] + t2[at[2:]] + self.w.conv_b
        out: Array = np.maximum(z, 0.0).max(axis=0)
        return out

    def _build(self, w: str) -> Array:
        return np.concatenate([self.rows(w), self.letters(w)])


class RecurrentTagger:
    """Tag probabilities per token from a BiLSTM; the interface of ``_dense.DenseTagger``."""

    def __init__(self, rows: WordRows, weights: Weights) -> None:
        if weights.forward.w_ih.shape[1] != rows.width + len(weights.conv_b):
            raise ModelError(
                f"NER recurrent model reads {weights.forward.w_ih.shape[1]} values a word, "
                f"not {rows.width} (word rows) + {len(weights.conv_b)} (letters)"
            )
        self.weights = weights
        # gates reordered and scaled once (see _arranged), for the inputs' side and the
        # recurrent side alike
        forward, backward = _arranged(weights.forward), _arranged(weights.backward)
        self.inputs = _Inputs(rows, weights)
        # [x @ w_ih.T + b] of both directions side by side, for a table of word inputs x
        self.w_ih = np.vstack([forward.w_ih, backward.w_ih]).T.copy()
        self.b = np.concatenate([forward.b, backward.b])
        # (2, H, 4H): both directions run in the same steps
        self.w_hh = np.stack([forward.w_hh.T, backward.w_hh.T])

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[Array]:
        """Per sentence, an (n, 9) array of tag probabilities (columns in ``LABELS`` order)."""
        sizes = [len(s) for s in sentences]
        out = [np.zeros((n, len(LABELS)), dtype=np.float32) for n in sizes]
        # the document's word types once each, then a gather per sentence
        types: dict[str, int] = {}
        ids = [[types.setdefault(t, len(types)) for t in s] for s in sentences]
        if not types:
            return out
        # sentences run side by side, longest first: at each step only those not yet ended
        # are computed (a prefix of the batch), so a batch costs its longest sentence's steps
        # and no work on padding
        order = sorted((k for k, n in enumerate(sizes) if n), key=sizes.__getitem__, reverse=True)
        with blas().limit(limits=1, user_api="blas"):
            table = np.stack([self.inputs(t) for t in types]) @ self.w_ih + self.b
            for at in range(0, len(order), BATCH):
                batch = order[at : at + BATCH]
                for k, p in zip(batch, self._batch([ids[k] for k in batch], table), strict=True):
                    out[k] = p
        return out

    def _batch(self, ids: Sequence[Sequence[int]], table: Array) -> list[Array]:
        w = self.weights
        h4 = 4 * w.hidden
        # [0]: forward; [1]: backward, which reads each sentence reversed from its own last
        # word, so both directions run over left-aligned rows and padding only ever trails
        gates = np.zeros((2, len(ids), max(map(len, ids)), h4), dtype=np.float32)
        for k, row in enumerate(ids):
            rows = table[np.asarray(row, dtype=np.intp)]
            gates[0, k, : len(row)] = rows[:, :h4]
            gates[1, k, : len(row)] = rows[::-1, h4:]
        hf, hb = self._run(gates, self.w_hh, [len(row) for row in ids])
        out: list[Array] = []
        for k, row in enumerate(ids):
            n = len(row)
            out.append(softmax(np.hstack([hf[k, :n], hb[k, :n][::-1]]) @ w.out_w.T + w.out_b))
        return out

    @staticmethod
    def _run(gates_in: Array, w: Array, lengths: Sequence[int]) -> Array:
        """The LSTM over left-aligned rows, both directions at once: ``gates_in`` is (2, batch,
        steps, 4H), ``w`` (2, H, 4H), both as :func:`_arranged` makes them; ``lengths``, the
        rows' lengths, longest first. Outputs past a row's length are left unset."""
        _, b, steps, h4 = gates_in.shape
        h = h4 // 4
        state = np.zeros((2, b, h), dtype=np.float32)
        cell = np.zeros((2, b, h), dtype=np.float32)
        out = np.empty((2, b, steps, h), dtype=np.float32)
        # rows still running at step t: those longer than t, a prefix as lengths fall
        live = np.searchsorted(-np.asarray(lengths), -np.arange(steps), side="left")
        for t in range(steps):
            a = int(live[t])
            g = np.tanh(gates_in[:, :a, t] + np.matmul(state[:, :a], w))
            ifo = g[..., : 3 * h] * np.float32(0.5) + np.float32(0.5)
            c = cell[:, :a] = ifo[..., h : 2 * h] * cell[:, :a] + ifo[..., :h] * g[..., 3 * h :]
            out[:, :a, t] = state[:, :a] = ifo[..., 2 * h :] * np.tanh(c)
        return out
