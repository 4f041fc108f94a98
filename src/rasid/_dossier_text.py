"""Text helpers of the story dossier: data loading, stemmed tokens, TF-IDF, summary, headline.

Everything here is computed on ``rasid.arabic`` matching forms (normalised, lightly stemmed);
offsets handed back always point into the untouched article ``body``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from rasid._rules import load_rules, rule_list
from rasid.arabic import normalize, stem, tokenize
from rasid.models import Token

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


# a character for which str.isalnum() holds: \w is exactly that plus the underscore
_ALNUM = re.compile(r"[^\W_]")


def is_word(norm: str) -> bool:
    """True for a token with a letter or digit (not punctuation)."""
    return _ALNUM.search(norm) is not None


@lru_cache(maxsize=1 << 16)
def _content_stem(norm: str) -> str | None:
    # cached: the same words come back in every sentence of a story
    if not is_word(norm) or norm in _stopwords() or len(norm) < 2:
        return None
    return stem(norm)


def token_stems(tokens: Iterable[Token]) -> list[str]:
    """Stems of the content words among ``tokens`` (function words and punctuation dropped)."""
    return [s for tok in tokens if (s := _content_stem(tok.norm)) is not None]


def content_stems(text: str) -> list[str]:
    """Stems of the content words of ``text`` (function words and punctuation dropped)."""
    return token_stems(tokenize(text))


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    # terms missing from ``b`` would add exactly 0.0: skipping them changes no bit of the sum
    return sum([w * b[t] for t, w in a.items() if t in b], 0.0)


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
    # highest cosine of each sentence to those picked so far, updated as each is picked
    # (weights are positive, so cosines are >= 0 and 0.0 is the right start)
    redundancy = [0.0] * len(usable)
    wanted = min(limit, len(usable))
    while len(chosen) < wanted:
        best, best_score = -1, -math.inf
        for i, c in enumerate(usable):
            if i in chosen:
                continue
            score = lam * relevance[i] - (1 - lam) * redundancy[i]
            score -= same_group_penalty * groups[c.group]
            if score > best_score:
                best, best_score = i, score
        if best < 0:
            break
        chosen.append(best)
        groups[usable[best].group] += 1
        if len(chosen) < wanted:
            for i in range(len(usable)):
                if i not in chosen:
                    redundancy[i] = max(redundancy[i], cosine(vecs[i], vecs[best]))
    return sorted((usable[i] for i in chosen), key=lambda c: c.order)


def most_central(texts: Sequence[tuple[str, str]], contexts: Sequence[str],
                 *, tolerance: float = 0.9) -> str | None:
    """Key of the text closest on average to all contexts; among those scoring within
    ``tolerance`` of the best, the first one (callers pass texts in publication order)."""
    if not texts:
        return None
    if len(texts) == 1:
        return texts[0][0]  # the only text is the closest whatever the scores
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
