"""Text helpers of the story dossier: data loading, stemmed tokens, TF-IDF, summary, headline.

Everything here is computed on ``rasid.arabic`` matching forms (normalised, lightly stemmed);
offsets handed back always point into the untouched article ``body``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from rasid._rules import load_rules, rule_list
from rasid.arabic import normalize, stem, tokenize

Vector = dict[str, float]


@cache
def load_dossier_data(name: str) -> dict[str, Any]:
    """One JSON rule file of ``rasid/data/dossier``."""
    return load_rules("rasid.data", f"dossier/{name}")


@cache
def _stopwords() -> frozenset[str]:
    # the shared function-word list of the Arabic layer: one list for the whole package
    return frozenset(normalize(w) for w in rule_list("rasid.arabic", "data/stopwords.json",
                                                      "words"))


def _is_word(norm: str) -> bool:
    return any(c.isalnum() for c in norm)


def content_stems(text: str) -> list[str]:
    """Stems of the content words of ``text`` (function words and punctuation dropped)."""
    stops = _stopwords()
    out: list[str] = []
    for tok in tokenize(text):
        norm = tok.norm
        if not _is_word(norm) or norm in stops or len(norm) < 2:
            continue
        out.append(stem(norm))
    return out


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


class TfIdf:
    """TF-IDF over a small collection (a story's sentences); vectors are L2-normalised."""

    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(doc))
        n = max(len(docs), 1)
        # smoothed idf keeps words present everywhere slightly above zero
        self._idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
        self._default = math.log(1 + n) + 1.0

    def vector(self, doc: Sequence[str]) -> Vector:
        tf = Counter(doc)
        vec = {t: (1.0 + math.log(c)) * self._idf.get(t, self._default) for t, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {t: v / norm for t, v in vec.items()} if norm else {}


def centroid(vectors: Sequence[Vector]) -> Vector:
    total: dict[str, float] = {}
    for vec in vectors:
        for t, w in vec.items():
            total[t] = total.get(t, 0.0) + w
    norm = math.sqrt(sum(v * v for v in total.values()))
    return {t: v / norm for t, v in total.items()} if norm else {}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence that may enter the summary."""

    article: str
    group: str  # outlet (or article) it counts against for diversity
    order: tuple[str, str, int]  # (publication date, article, start) for story order
    start: int
    end: int
    stems: tuple[str, ...]
    lead: bool


def select_summary(candidates: Sequence[Candidate], limit: int, *, lam: float = 0.7,
                   same_group_penalty: float = 0.15) -> list[Candidate]:
    """Centroid-ranked, MMR-diversified pick of at most ``limit`` sentences, in story order.

    Relevance is the cosine to the TF-IDF centroid of all sentences (a lead sentence gets a small
    bonus: news leads state the story); redundancy is the highest cosine to a sentence already
    picked; a sentence from an outlet already represented pays a penalty, so several outlets
    speak when they have something central to say.
    """
    usable = [c for c in candidates if c.stems]
    if not usable or limit <= 0:
        return []
    tfidf = TfIdf([c.stems for c in usable])
    vecs = [tfidf.vector(c.stems) for c in usable]
    center = centroid(vecs)
    relevance = [cosine(v, center) + (0.05 if c.lead else 0.0) for v, c in zip(vecs, usable,
                                                                               strict=True)]
    chosen: list[int] = []
    groups: Counter[str] = Counter()
    while len(chosen) < min(limit, len(usable)):
        best, best_score = -1, -math.inf
        for i, c in enumerate(usable):
            if i in chosen:
                continue
            redundancy = max((cosine(vecs[i], vecs[j]) for j in chosen), default=0.0)
            score = lam * relevance[i] - (1 - lam) * redundancy
            score -= same_group_penalty * groups[c.group]
            if score > best_score:
                best, best_score = i, score
        if best < 0:
            break
        chosen.append(best)
        groups[usable[best].group] += 1
    return sorted((usable[i] for i in chosen), key=lambda c: c.order)


def most_central(texts: Sequence[tuple[str, str]], contexts: Sequence[str],
                 *, tolerance: float = 0.9) -> str | None:
    """Key of the text closest on average to all contexts; among those scoring within
    ``tolerance`` of the best, the first one (callers pass texts in publication order)."""
    if not texts:
        return None
    docs = [content_stems(t) for _, t in texts]
    ctx = [content_stems(c) for c in contexts]
    tfidf = TfIdf(docs + ctx)
    ctx_vecs = [tfidf.vector(c) for c in ctx]
    scores = []
    for doc in docs:
        vec = tfidf.vector(doc)
        scores.append(sum(cosine(vec, c) for c in ctx_vecs) / max(len(ctx_vecs), 1))
    top = max(scores)
    for (key, _), score in zip(texts, scores, strict=True):
        if score >= top * tolerance:
            return key
    return texts[0][0]
