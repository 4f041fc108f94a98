"""The dense tagger the CRFs stack on: file formats, probabilities, features, decoding bias."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from rasid.errors import ModelError
from rasid.ner._dense import (
    _BLOCK,
    EXTRA,
    LABELS,
    WINDOW,
    DenseTagger,
    Layers,
    Vectors,
    Vocabulary,
    dense_features,
    load_embeddings,
    load_layers,
    save_embeddings,
    save_layers,
)
from rasid.ner._features import Resources
from rasid.ner._model import BIAS
from rasid.ner._text import norm

WORDS = ["وزير", "الخارجية", "سامي", "الحداد", "#", "بغداد"]


def _vectors(n: int, dims: int = 4) -> np.ndarray:
    return np.random.default_rng(0).normal(size=(n, dims)).astype(np.float32)


def _tagger(members: tuple[Layers, ...] = ()) -> DenseTagger:
    vecs = Vectors.quantise(_vectors(len(WORDS)))
    res = Resources(names={"سامي": (40, 0)}, triggers={"وزير": "PERS"})
    # the vocabulary holds matching forms (ة → ه), as the shipped one does
    return DenseTagger(res, {norm(w): i for i, w in enumerate(WORDS)}, vecs, members)


def _member(width: int, hidden: int = 3, seed: int = 1) -> Layers:
    rng = np.random.default_rng(seed)
    shapes = ((width * (2 * WINDOW + 1), hidden), (hidden,), (hidden, len(LABELS)), (len(LABELS),))
    return Layers(*(rng.normal(size=s).astype(np.float32) for s in shapes))


def test_embeddings_round_trip_keeps_words_and_directions(tmp_path: Path) -> None:
    vecs = _vectors(len(WORDS)) * np.arange(1, len(WORDS) + 1, dtype=np.float32)[:, None]
    save_embeddings(tmp_path / "e.npz", WORDS, vecs)
    index, loaded = load_embeddings(tmp_path / "e.npz")
    # "#" is a word like any other (a comment marker in the text tables, not here)
    assert [index.get(w) for w in WORDS] == list(range(len(WORDS))) and len(index) == len(WORDS)
    unit = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
    rows = np.stack([loaded.row(i) for i in range(len(loaded))])
    assert loaded.q.dtype == np.int8 and loaded.dims == vecs.shape[1]
    assert np.allclose(rows, unit, atol=0.02)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)


def test_vocabulary_finds_each_word_and_nothing_else() -> None:
    # neighbours in sort order, prefixes of each other, and words from outside the BMP
    words = ["باب", "ب", "بابا", "ا", "", "زيد", "\U0001f600", "Zaid", "زيد!"]
    voc = Vocabulary(words)
    assert [voc.get(w) for w in words] == list(range(len(words)))
    for absent in ("با", "زي", "زيدا", "zaid", " ", "\U0001f601", "بابابا"):
        assert voc.get(absent) is None
    assert Vocabulary([]).get("ب") is None
    with pytest.raises(ValueError, match="repeats"):
        Vocabulary(["ب", "ا", "ب"])


def test_vector_lengths_are_the_same_in_blocks_as_at_once() -> None:
    # the lengths are computed a block of rows at a time; a row's length must not depend on
    # which block it is in, or a model trained on one build would read other inputs
    q = Vectors.quantise(_vectors(20_000, dims=50)).q
    assert len(q) > 2 * _BLOCK
    at_once = np.linalg.norm(q.astype(np.float32), axis=1) + 1e-9
    assert np.array_equal(Vectors.of(q).norms, at_once)


def test_corrupt_or_missing_files_raise_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        load_embeddings(tmp_path / "absent.npz")
    blob = np.frombuffer(b"a\nb", dtype=np.uint8)
    np.savez(tmp_path / "short.npz", vectors=np.zeros((3, 2), dtype=np.int8), words=blob)
    with pytest.raises(ModelError, match="2 words for 3 vectors"):
        load_embeddings(tmp_path / "short.npz")
    twice = np.frombuffer("ب\nب".encode(), dtype=np.uint8)
    np.savez(tmp_path / "twice.npz", vectors=np.zeros((2, 2), dtype=np.int8), words=twice)
    with pytest.raises(ModelError, match="repeats"):
        load_embeddings(tmp_path / "twice.npz")
    np.savez(tmp_path / "floats.npz", vectors=np.zeros((2, 2)), words=blob)
    with pytest.raises(ModelError, match="not int8 rows"):
        load_embeddings(tmp_path / "floats.npz")
    np.savez(tmp_path / "empty.npz", other=np.zeros(2))
    with pytest.raises(ModelError):
        load_layers(tmp_path / "empty.npz")


def test_layers_round_trip(tmp_path: Path) -> None:
    members = (_member(5, seed=1), _member(5, seed=2))
    save_layers(tmp_path / "d.npz", members)
    loaded = load_layers(tmp_path / "d.npz")
    assert len(loaded) == 2
    for a, b in zip(members, loaded, strict=True):
        for name in ("w1", "b1", "w2", "b2"):
            assert np.array_equal(getattr(a, name), getattr(b, name))


def test_word_rows_read_vector_gazetteers_and_shape() -> None:
    t = _tagger()
    dims = t.vectors.dims
    assert t.width == dims + EXTRA
    known = t("والخارجية")  # the conjunction stripped to find the vector of الخارجية
    assert np.array_equal(known[:dims], t.vectors.row(WORDS.index("الخارجية")))
    assert known[dims] == 1.0
    unknown = t("زيمبرلاند")
    assert not unknown[:dims].any() and unknown[dims] == 0.0
    assert t("سامي")[dims + 1] > 0  # given-name count
    assert t("وزير")[dims + 3] == 1.0  # PERS trigger
    assert t("2024")[dims + 7] == 1.0 and t("Apple")[dims + 8] == 1.0


def test_inputs_are_the_window_of_word_rows() -> None:
    t = _tagger()
    x = t.inputs([WORDS[:3]])
    w = t.width
    assert x.shape == (3, w * (2 * WINDOW + 1))
    # the middle word sees its left neighbour in slot -1, itself in slot 0, padding at +2
    assert np.array_equal(x[1, (WINDOW - 1) * w : WINDOW * w], t(WORDS[0]))
    assert np.array_equal(x[1, WINDOW * w : (WINDOW + 1) * w], t(WORDS[1]))
    assert not x[1, (WINDOW + 2) * w :].any()


def test_probabilities_average_the_members_per_sentence() -> None:
    base = _tagger()
    m1, m2 = _member(base.width, seed=1), _member(base.width, seed=2)
    t = _tagger((m1, m2))
    sentences = [WORDS[:4], [], WORDS[4:]]
    probs = t.probabilities(sentences)
    assert [p.shape for p in probs] == [(4, 9), (0, 9), (2, 9)]
    x = t.inputs([WORDS[:4]])

    def one(m: Layers) -> np.ndarray:
        z = np.maximum(x @ m.w1 + m.b1, 0) @ m.w2 + m.b2
        e = np.exp(z - z.max(axis=1, keepdims=True))
        out: np.ndarray = e / e.sum(axis=1, keepdims=True)
        return out

    assert np.allclose(probs[0], (one(m1) + one(m2)) / 2, atol=1e-5)
    assert np.allclose(probs[2].sum(axis=1), 1.0, atol=1e-5)
    assert t.probabilities([[], []]) and all(len(p) == 0 for p in t.probabilities([[], []]))


def test_dense_features_name_the_likely_tags() -> None:
    p = np.zeros((3, 9), dtype=np.float32)
    p[0, 0] = 1.0
    p[1, [1, 5]] = [0.7, 0.3]
    p[2, [2, 0]] = [0.55, 0.45]
    f = dense_features(p)
    assert f[0] == ["m=O", "m+1=B-PERS"]
    assert f[1] == ["m=B-PERS", "m-1=O", "m+1=I-PERS", "mp=B-PERS2", "mp=B-ORG1"]
    assert f[2] == ["m=I-PERS", "m-1=B-PERS", "mp=I-PERS2"]
    assert dense_features(np.zeros((0, 9), dtype=np.float32)) == []


_GIVEN = ("سامي", "ليلى", "خالد", "نادية", "عمر")
_FAMILY = ("الحداد", "المصري", "النجار", "العلي", "الخطيب")


def tiny_corpus(path: Path) -> None:
    """Sentences of our own in which every IOB tag occurs (each fold must see all nine)."""
    lines = []
    for k in range(20):
        words = [
            ("قال", "O"),
            (_GIVEN[k % 5], "B-PERS"),
            (_FAMILY[(k * 2) % 5], "I-PERS"),
            ("في", "O"),
            ("جبل", "B-LOC"),
            (("لبنان", "عامل", "الشيخ", "طارق")[k % 4], "I-LOC"),
            ("إن", "O"),
            ("منظمة", "B-ORG"),
            (("الصحة", "العمل", "التجارة")[k % 3], "I-ORG"),
            ("العالمية", "I-ORG"),
            ("تدعم", "O"),
            ("كأس", "B-MISC"),
            (("العالم", "آسيا")[k % 2], "I-MISC"),
            (".", "O"),
        ]
        lines += [f"{w} {t}" for w, t in words] + [""]
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def tiny_model_folder(tmp_path: Path) -> Path:
    """What a training run on the tiny corpus needs: ``data/`` with the corpus, word vectors
    for its words in ``e.npz``, and a model folder with the shipped tables; returns the
    folder (``model/``)."""
    from rasid.ner import _model, train

    corpus = tmp_path / "data" / train.TRAIN
    tiny_corpus(corpus)
    words = sorted({norm(line.split()[0]) for line in corpus.read_text().splitlines() if line})
    save_embeddings(tmp_path / "e.npz", words, _vectors(len(words), dims=8))
    out = tmp_path / "model"
    out.mkdir()
    for name in ("clusters.tsv.gz", "names.tsv.gz", "places.tsv"):
        shutil.copy(_model.model_dir() / name, out / name)
    return out


def test_training_writes_a_stacked_model_that_tags(tmp_path: Path) -> None:
    pytest.importorskip("sklearn", reason="training the dense tagger needs scikit-learn")
    import pycrfsuite

    from rasid.ner import _model, train

    out = tiny_model_folder(tmp_path)
    argv = ["--data", str(tmp_path / "data"), "--out", str(out), "--workers", "1"]
    argv += ["--iters", "30", "--bias-scale", "1"]
    window = ["--tagger", "window", "--embeddings", str(tmp_path / "e.npz")]
    assert train.main([*argv, *window]) == 0
    for name in ("ner.crfsuite", "ner2.crfsuite", "seen.tsv.gz", "dense.npz", "embeddings.npz"):
        assert (out / name).is_file(), name
    members = load_layers(out / "dense.npz")
    assert len(members) == train.DENSE_SEEDS
    assert members[0].w2.shape == (train.DENSE_HIDDEN, len(LABELS))
    crf = pycrfsuite.Tagger()
    crf.open(str(out / "ner2.crfsuite"))
    assert any(a.startswith("m=") for a, _ in crf.info().state_features)
    model = _model.load_model(out)
    assert model.dense is not None
    sentence = ["قال", "خالد", "النجار", "في", "جبل", "لبنان"]
    tags, scores = _model.tag_with(model, [sentence, [], sentence[:2]], with_scores=True)
    assert [len(t) for t in tags] == [6, 0, 2] == [len(s) for s in scores]
    assert all(t in LABELS for t in tags[0])

    # scaling the bias attribute in the file tags exactly as weighting it in the items
    scaled = tmp_path / "scaled.crfsuite"
    shutil.copy(out / "ner2.crfsuite", scaled)
    bias = {k: w for k, w in crf.info().state_features.items() if k[0] == BIAS}
    assert train.scale_attribute(scaled, BIAS, 0.5) == len(bias) > 0
    baked = pycrfsuite.Tagger()
    baked.open(str(scaled))
    assert all(
        abs(w - bias[k] / 2) < 1e-5 for k, w in baked.info().state_features.items() if k[0] == BIAS
    )
    items = [["b", "w=قال", "m=O"], ["b", "w=ليلى", "m=B-PERS"], ["b", "w=النجار", "m=I-PERS"]]
    crf.set(train._weighted(items, 0.5))
    baked.set(items)
    for i in range(len(items)):
        for label in LABELS:
            assert abs(crf.marginal(label, i) - baked.marginal(label, i)) < 1e-9

    assert not (out / "recurrent.npz").exists()

    # retrained without a stacked tagger, the folder must not keep a stale dense.npz
    assert train.main([*argv, "--no-dense"]) == 0
    assert not (out / "dense.npz").exists()
    assert _model.load_model(out).dense is None


def test_scaling_refuses_a_file_that_is_not_a_model(tmp_path: Path) -> None:
    from rasid.ner import train

    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(b"not a model" * 10)
    with pytest.raises((ValueError, OSError)):
        train.scale_attribute(bad, BIAS, 0.5)


def test_dev_run_scores_the_second_pass_by_cross_validation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rasid.ner import train
    from rasid.ner._conll import read_conll

    tiny_corpus(tmp_path / "data" / train.TRAIN)
    argv = ["--data", str(tmp_path / "data"), "--dev", "--cv", "--no-dense", "--workers", "1"]
    keep = tmp_path / "kept" / "dev"  # a folder that does not exist yet
    assert train.main([*argv, "--iters", "20", "--keep", str(keep)]) == 0
    assert (keep / "first.crfsuite").is_file() and (keep / "second.crfsuite").is_file()
    out = capsys.readouterr().out
    assert "second pass, bias scale 0.4" in out
    cv = out.split("second pass cross-validated over the ")[1]
    # every fitting sentence was tagged once by a model that did not train on it
    assert cv.startswith(f"{len(read_conll(tmp_path / 'data' / train.TRAIN)) * 9 // 10} ")
    assert "micro" in cv
