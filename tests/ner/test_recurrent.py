"""The recurrent (BiLSTM) tagger the CRFs stack on: numpy inference, file format, training."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rasid.errors import ModelError
from rasid.ner._conll import Sentence
from rasid.ner._dense import LABELS, Vectors, WordRows
from rasid.ner._features import Resources
from rasid.ner._recurrent import (
    BATCH,
    MAX_CHARS,
    Direction,
    RecurrentTagger,
    Weights,
    load_weights,
    save_weights,
)
from rasid.ner._text import norm

WORDS = ["وزير", "الخارجية", "سامي", "الحداد", "#", "بغداد"]
LETTERS = "".join(sorted({c for w in WORDS for c in norm(w)} - {"ي"}))  # ي is left unknown


def _rows() -> WordRows:
    vecs = Vectors.quantise(np.random.default_rng(0).normal(size=(len(WORDS), 4)))
    res = Resources(names={"سامي": (40, 0)}, triggers={"وزير": "PERS"})
    return WordRows(res, {norm(w): i for i, w in enumerate(WORDS)}, vecs)


def _weights(width: int, hidden: int = 5, emb: int = 3, filters: int = 4) -> Weights:
    rng = np.random.default_rng(7)

    def a(*shape: int) -> np.ndarray:
        return rng.normal(size=shape).astype(np.float32)

    def side() -> Direction:
        return Direction(a(4 * hidden, width + filters), a(4 * hidden, hidden), a(4 * hidden))

    emb_rows = a(len(LETTERS) + 2, emb)
    emb_rows[0] = 0.0  # the padding row, as torch's padding_idx keeps it
    return Weights(
        LETTERS, emb_rows, a(filters, emb, 3), a(filters), side(), side(), a(9, 2 * hidden), a(9)
    )


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _reference(rows: WordRows, w: Weights, words: list[str]) -> np.ndarray:
    """The textbook BiLSTM, one word and one step at a time, for one sentence."""
    index = {c: k + 2 for k, c in enumerate(w.chars)}

    def letters(word: str) -> np.ndarray:
        ids = [index.get(c, 1) for c in norm(word)[:MAX_CHARS]]
        if not ids:
            return np.zeros(len(w.conv_b), dtype=np.float32)
        e = [np.zeros(w.char_emb.shape[1]), *(w.char_emb[i] for i in ids), np.zeros(3)]
        convs = []
        for i in range(len(ids)):
            window = np.stack(e[i : i + 3], axis=1)  # (E, 3): letters i-1, i, i+1
            convs.append(np.maximum((w.conv_w * window).sum(axis=(1, 2)) + w.conv_b, 0.0))
        return np.max(convs, axis=0)

    xs = [np.concatenate([rows(t), letters(t)]) for t in words]

    def run(d: Direction, seq: list[np.ndarray]) -> list[np.ndarray]:
        hid = d.w_hh.shape[1]
        h, c, out = np.zeros(hid), np.zeros(hid), []
        for x in seq:
            g = d.w_ih @ x + d.w_hh @ h + d.b
            i, f = _sigmoid(g[:hid]), _sigmoid(g[hid : 2 * hid])
            cell, o = np.tanh(g[2 * hid : 3 * hid]), _sigmoid(g[3 * hid :])
            c = f * c + i * cell
            h = o * np.tanh(c)
            out.append(h)
        return out

    fwd = run(w.forward, xs)
    bwd = run(w.backward, xs[::-1])[::-1]
    h = [np.concatenate([f, b]) for f, b in zip(fwd, bwd, strict=True)]
    z = np.stack([w.out_w @ x + w.out_b for x in h])
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def test_batched_numpy_inference_matches_the_textbook_recurrence() -> None:
    rows = _rows()
    w = _weights(rows.width)
    # sentences of different lengths side by side (padding), an empty one, a repeated word,
    # a word with no letters and one longer than MAX_CHARS
    long_word = "ب" * (MAX_CHARS + 5)
    doc = [WORDS, [], ["سامي", "#", "سامي"], [long_word, "!!", "بغداد"], ["الحداد"]]
    got = RecurrentTagger(rows, w).probabilities(doc)
    assert [len(p) for p in got] == [len(s) for s in doc]
    for words, p in zip(doc, got, strict=True):
        assert p.dtype == np.float32 and p.shape == (len(words), len(LABELS))
        if words:
            assert np.allclose(p, _reference(rows, w, words), atol=1e-5)
            assert np.allclose(p.sum(axis=1), 1.0, atol=1e-5)


def test_a_long_document_gives_each_sentence_what_it_gets_alone() -> None:
    rows = _rows()
    tagger = RecurrentTagger(rows, _weights(rows.width))
    rng = np.random.default_rng(3)
    # more sentences than one batch, of lengths 0..40 in no order
    doc = [[WORDS[j] for j in rng.integers(0, len(WORDS), n)]
           for n in rng.integers(0, 41, 2 * BATCH + 7)]
    assert len(doc) > BATCH
    together = tagger.probabilities(doc)
    for words, p in zip(doc, together, strict=True):
        (alone,) = tagger.probabilities([words])
        assert p.shape == alone.shape == (len(words), len(LABELS))
        assert np.allclose(p, alone, atol=1e-6)


def test_a_document_with_no_words_gives_empty_arrays() -> None:
    rows = _rows()
    got = RecurrentTagger(rows, _weights(rows.width)).probabilities([[], []])
    assert [p.shape for p in got] == [(0, len(LABELS))] * 2


def test_weights_round_trip(tmp_path: Path) -> None:
    rows = _rows()
    w = _weights(rows.width)
    save_weights(tmp_path / "r.npz", w)
    back = load_weights(tmp_path / "r.npz")
    assert back.chars == w.chars and back.hidden == w.hidden
    assert np.array_equal(back.backward.w_hh, w.backward.w_hh)
    doc = [WORDS, ["سامي"]]
    for a, b in zip(
        RecurrentTagger(rows, w).probabilities(doc),
        RecurrentTagger(rows, back).probabilities(doc),
        strict=True,
    ):
        assert np.array_equal(a, b)


def test_corrupt_or_mismatched_weights_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not an npz")
    with pytest.raises(ModelError, match="missing or corrupt"):
        load_weights(bad)
    with pytest.raises(ModelError, match="missing or corrupt"):
        load_weights(tmp_path / "absent.npz")
    rows = _rows()
    w = _weights(rows.width)
    # the output layer reads 2H values: one of another size does not fit
    odd = Weights(
        w.chars, w.char_emb, w.conv_w, w.conv_b, w.forward, w.backward, w.out_w[:, 1:], w.out_b
    )
    save_weights(tmp_path / "odd.npz", odd)
    with pytest.raises(ModelError, match="do not fit"):
        load_weights(tmp_path / "odd.npz")
    # weights trained on other word rows (another vector size) are refused when loaded
    with pytest.raises(ModelError, match="values a word"):
        RecurrentTagger(rows, _weights(rows.width + 1))


def test_training_exports_a_network_numpy_runs_as_torch_does() -> None:
    pytest.importorskip("torch", reason="training the recurrent tagger needs torch")
    from rasid.ner._recurrent_train import Settings, alphabet, train_recurrent

    people = ["سامي الحداد", "ليلى النجار", "خالد عمر"]
    sents = [
        Sentence(
            ("قال", *people[k % 3].split(), "في", "بغداد"),
            ("O", "B-PERS", "I-PERS", "O", "B-LOC"),
        )
        for k in range(12)
    ]
    rows = _rows()
    # train_recurrent checks the export against torch's output itself (RuntimeError if not)
    w = train_recurrent(sents, rows, alphabet(sents), Settings(epochs=3, hidden=6))
    assert w.hidden == 6 and w.chars == alphabet(sents)
    assert w.forward.w_ih.shape == (24, rows.width + Settings().char_filters)
    with pytest.raises(ValueError, match="no training sentences"):
        train_recurrent([Sentence((), ())], rows, "ab", Settings(epochs=1))


def test_training_stacks_both_passes_on_the_recurrent_tagger(tmp_path: Path) -> None:
    pytest.importorskip("torch", reason="training the recurrent tagger needs torch")
    import pycrfsuite

    from rasid.ner import _model, train

    from .test_dense import tiny_model_folder

    out = tiny_model_folder(tmp_path)
    (out / "dense.npz").write_bytes(b"stale")  # a window tagger's file from an earlier run
    argv = ["--data", str(tmp_path / "data"), "--out", str(out), "--workers", "2"]
    argv += ["--iters", "30", "--embeddings", str(tmp_path / "e.npz")]
    assert train.main([*argv, "--tagger", "recurrent"]) == 0
    assert (out / "recurrent.npz").is_file() and not (out / "dense.npz").exists()
    crf = pycrfsuite.Tagger()
    crf.open(str(out / "ner2.crfsuite"))
    assert any(a.startswith("m=") for a, _ in crf.info().state_features)
    model = _model.load_model(out)
    assert isinstance(model.dense, RecurrentTagger)
    sentence = ["قال", "خالد", "النجار", "في", "جبل", "لبنان"]
    tags, _ = _model.tag_with(model, [sentence, [], sentence[:2]])
    assert [len(t) for t in tags] == [6, 0, 2]
    # 20 sentences, 60 epochs: the pattern is learnt, through both CRFs
    assert tags[0] == ["O", "B-PERS", "I-PERS", "O", "B-LOC", "I-LOC"]

    # the default stacks on the mean of both taggers: both files, read back as their average
    pytest.importorskip("sklearn", reason="training the window tagger needs scikit-learn")
    assert train.main(argv) == 0
    assert (out / "recurrent.npz").is_file() and (out / "dense.npz").is_file()
    model = _model.load_model(out)
    assert isinstance(model.dense, _model.Average)
    window, recurrent = model.dense.taggers
    probs = model.dense.probabilities([sentence, []])
    one, other = window.probabilities([sentence, []]), recurrent.probabilities([sentence, []])
    assert np.allclose(probs[0], (one[0] + other[0]) / 2) and probs[1].shape == (0, len(LABELS))
    assert _model.tag_with(model, [sentence])[0][0] == tags[0]
