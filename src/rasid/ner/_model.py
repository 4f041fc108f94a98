"""Loading the shipped CRF models and running them over sentences and texts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Protocol

import pycrfsuite

from rasid.errors import ModelError
from rasid.models import Mention, Token
from rasid.ner._conll import chunks
from rasid.ner._coordination import PERSON, conjunction, person_words
from rasid.ner._dense import (
    Array,
    DenseTagger,
    WordRows,
    likeliest,
    load_embeddings,
    load_layers,
    mean,
)
from rasid.ner._features import (
    Resources,
    WordTable,
    doc_memory,
    featurize,
    load_resources,
    stacked_features,
)
from rasid.ner._person_spans import nationalities, second_pass
from rasid.ner._recurrent import RecurrentTagger, load_weights

# the attribute every token carries (``b``): its weights are the CRF's per-tag bias (training
# scales the second pass's, see ``train.scale_attribute``)
BIAS = "b"


class Stacked(Protocol):
    """A tagger whose per-token tag probabilities the CRFs read as features."""

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[Array]: ...


@dataclass(frozen=True)
class Average:
    """The mean of several stacked taggers' probabilities (the CRFs were trained on it)."""

    taggers: tuple[Stacked, ...]

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[Array]:
        parts = [t.probabilities(sentences) for t in self.taggers]
        return [mean(ps) for ps in zip(*parts, strict=True)]


@dataclass(frozen=True)
class _Model:
    res: Resources
    first: pycrfsuite.Tagger
    second: pycrfsuite.Tagger | None
    words: WordTable
    dense: Stacked | None  # present when the CRFs were trained stacked on it
    persons: frozenset[str]  # words known as parts of person names (see ``_coordination``)
    nisbas: frozenset[str]  # nationality adjectives (see ``_person_spans``)


def model_dir() -> Path:
    path = Path(str(resources.files("rasid.ner").joinpath("model")))
    if not (path / "ner.crfsuite").is_file():
        raise ModelError(f"NER model missing: {path / 'ner.crfsuite'} (run scripts/train_ner.py)")
    return path


def _tagger(path: Path) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(path))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load NER model {path}: {exc}") from exc
    return tagger


@cache
def _load() -> _Model:
    return load_model(model_dir())


def load_model(path: Path) -> _Model:
    """The models and tables of one model folder (the shipped one is :func:`model_dir`)."""
    second = path / "ner2.crfsuite"
    res = load_resources(path)
    first = _tagger(path / "ner.crfsuite")
    later = _tagger(second) if second.is_file() else None
    words = WordTable(res, known=_known(first, later))
    stacked = _stacked(path, res)
    nisbas = nationalities(res.places, res.names)
    return _Model(res, first, later, words, stacked, person_words(res), nisbas)


def _stacked(path: Path, res: Resources) -> Stacked | None:
    """What the CRFs were trained stacked on: the window tagger (``dense.npz``), the recurrent
    one (``recurrent.npz``), the average of both (both files) or none (neither; training
    removes the files of the taggers it did not train)."""
    recurrent, window = path / "recurrent.npz", path / "dense.npz"
    if not (recurrent.is_file() or window.is_file()):
        return None
    index, vectors = load_embeddings(path / "embeddings.npz")
    # one table of word rows for both taggers: they read the same rows
    rows = DenseTagger(res, index, vectors, load_layers(window)) if window.is_file() else None
    if not recurrent.is_file():
        return rows
    tagger = RecurrentTagger(rows or WordRows(res, index, vectors), load_weights(recurrent))
    return tagger if rows is None else Average((rows, tagger))


def _known(*taggers: pycrfsuite.Tagger | None) -> frozenset[str]:
    """Every attribute some model has a weight for."""
    return frozenset(a for t in taggers if t is not None for a, _ in t.info().state_features)


def tag_sentences(
    sentences: Sequence[Sequence[str]], *, with_scores: bool = False
) -> tuple[list[list[str]], list[list[float]]]:
    """IOB tags for consecutive sentences of one document (the second pass reads across them).

    With ``with_scores`` also the marginal probability of each predicted entity tag (0.0 for
    ``O``: no caller reads those, and asking the tagger costs a call per token).
    """
    return tag_with(_load(), sentences, with_scores=with_scores)


def tag_with(
    model: _Model, sentences: Sequence[Sequence[str]], *, with_scores: bool = False
) -> tuple[list[list[str]], list[list[float]]]:
    """:func:`tag_sentences` with a given model (see :func:`load_model`)."""
    probs = (
        model.dense.probabilities(sentences) if model.dense is not None else [None] * len(sentences)
    )
    feats = [
        featurize(words, model.res, table=model.words, dense=p)
        for words, p in zip(sentences, probs, strict=True)
    ]
    first = [list(model.first.tag(x)) if x else [] for x in feats]
    if model.second is None:
        return first, _marginals(model.first, feats, first) if with_scores else []
    look = model.words
    keys = [[look(w).s for w in words] for words in sentences]
    memory = doc_memory(keys, first)
    tags: list[list[str]] = []
    scores: list[list[float]] = []
    for words, k, x, f, m, p in zip(sentences, keys, feats, first, memory, probs, strict=True):
        if not x:
            tags.append([])
            scores.append([])
            continue
        best = likeliest(p) if p is not None else None
        # the second pass sees the first pass's features plus its tags: reuse, do not recompute
        model.second.set([u + v for u, v in zip(x, stacked_features(k, f, m, best), strict=True)])
        t = list(model.second.tag())
        if with_scores:
            # the CRF's own labels: a span the rules below split or mend keep its tokens' marginals
            scores.append([_score(model.second, label, i) for i, label in enumerate(t)])
        tags.append(second_pass(words, t, model.persons, model.nisbas))
    return tags, scores if with_scores else []


def _score(tagger: pycrfsuite.Tagger, label: str, i: int) -> float:
    return 0.0 if label == "O" else float(tagger.marginal(label, i))


def _marginals(
    tagger: pycrfsuite.Tagger, feats: Sequence[Sequence[Sequence[str]]], tags: list[list[str]]
) -> list[list[float]]:
    scores: list[list[float]] = []
    for x, t in zip(feats, tags, strict=True):
        if not x:
            scores.append([])
            continue
        tagger.set(x)
        scores.append([_score(tagger, label, i) for i, label in enumerate(t)])
    return scores


def mentions(text: str, tokens: Sequence[Token], sentence_ends: Sequence[int]) -> list[Mention]:
    """Tag ``tokens`` grouped into sentences (each ends before the next offset in
    ``sentence_ends``) and return the entity spans as mentions into ``text``."""
    groups: list[list[Token]] = []
    k = 0
    current: list[Token] = []
    for tok in tokens:
        while k < len(sentence_ends) and tok.start >= sentence_ends[k]:
            if current:
                groups.append(current)
                current = []
            k += 1
        current.append(tok)
    if current:
        groups.append(current)
    model = _load()
    tags, scores = tag_with(model, [[t.text for t in g] for g in groups], with_scores=True)
    out: list[Mention] = []
    for group, tg, sc in zip(groups, tags, scores, strict=True):
        for a, b, label in sorted(chunks(tg)):
            start, end = group[a].start, group[b - 1].end
            if label == PERSON:
                # ANERcorp keeps a clitic و in the entity (والكاظمي); the mention is the name
                start += conjunction(group[a].text, model.persons, model.res.names)
            score = sum(sc[a:b]) / (b - a)
            out.append(Mention(text[start:end], start, end, label, round(score, 4)))
    return out
