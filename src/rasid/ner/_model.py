"""Loading the shipped CRF models and running them over sentences and texts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import pycrfsuite

from rasid.errors import ModelError
from rasid.models import Mention, Token
from rasid.ner._conll import chunks
from rasid.ner._features import Resources, doc_memory, featurize, load_resources


@dataclass(frozen=True)
class _Model:
    res: Resources
    first: pycrfsuite.Tagger
    second: pycrfsuite.Tagger | None


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
    path = model_dir()
    second = path / "ner2.crfsuite"
    return _Model(
        load_resources(path),
        _tagger(path / "ner.crfsuite"),
        _tagger(second) if second.is_file() else None,
    )


def tag_sentences(
    sentences: Sequence[Sequence[str]], *, with_scores: bool = False
) -> tuple[list[list[str]], list[list[float]]]:
    """IOB tags for consecutive sentences of one document (the second pass reads across them).

    With ``with_scores`` also the marginal probability of each predicted tag.
    """
    model = _load()
    feats = [featurize(words, model.res) for words in sentences]
    first = [list(model.first.tag(x)) if x else [] for x in feats]
    tagger = model.first
    tags, final_feats = first, feats
    if model.second is not None:
        memory = doc_memory(sentences, first)
        tagger = model.second
        final_feats = [
            featurize(w, model.res, f, m) for w, f, m in zip(sentences, first, memory, strict=True)
        ]
        tags = [list(tagger.tag(x)) if x else [] for x in final_feats]
    scores: list[list[float]] = []
    if with_scores:
        for x, t in zip(final_feats, tags, strict=True):
            if not x:
                scores.append([])
                continue
            tagger.set(x)
            scores.append([tagger.marginal(label, i) for i, label in enumerate(t)])
    return tags, scores


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
    tags, scores = tag_sentences([[t.text for t in g] for g in groups], with_scores=True)
    out: list[Mention] = []
    for group, tg, sc in zip(groups, tags, scores, strict=True):
        for a, b, label in sorted(chunks(tg)):
            start, end = group[a].start, group[b - 1].end
            score = sum(sc[a:b]) / (b - a)
            out.append(Mention(text[start:end], start, end, label, round(score, 4)))
    return out
