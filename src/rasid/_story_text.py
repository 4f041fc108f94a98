"""Terms of an article for story clustering: stems, weights by zone, IDF, entity keys.

The IDF prior is ``data/stories/df.json``: document frequencies of stems counted over ANT
corpus v2.1 (31.5k Arabic news articles, 2018, Apache-2.0; numbers only, no text), built by
``python -m rasid._story_text ANT.jsonl.xz OUT``. The clustering index adds the documents it
sees to those counts, so vocabulary the prior never saw (later years, other regions) gets
weights from the stream itself.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from rasid._rules import load_rules, rule_list
from rasid.arabic import normalize, stem, strip_clitics
from rasid.dedup import body_tokens
from rasid.models import Article

Vector = dict[str, float]

ENTITY_LABELS = frozenset({"PERS", "ORG", "LOC"})


def _load(name: str) -> dict[str, Any]:
    return load_rules("rasid.data", f"stories/{name}")


@cache
def _arabic_stopwords() -> frozenset[str]:
    return frozenset(normalize(w) for w in rule_list("rasid.arabic", "data/stopwords.json",
                                                      "words"))


@cache
def stopstems() -> frozenset[str]:
    """Stems never used as clustering terms (function words and news-prose words)."""
    words = set(_load("stopwords.json")["words"]) | _arabic_stopwords()
    return frozenset({normalize(w) for w in words} | {stem(normalize(w)) for w in words})


@cache
def variants() -> tuple[dict[str, str], int]:
    """(stem -> canonical stem, minimum stem left when a final alef is removed)."""
    data = _load("variants.json")
    return {str(k): str(v) for k, v in data["stems"].items()}, int(data["final_alef_min_stem"])


@cache
def prior_df() -> tuple[int, dict[str, int]]:
    """(documents, stem -> document frequency) of the shipped IDF prior."""
    data = _load("df.json")
    return int(data["documents"]), {str(k): int(v) for k, v in data["df"].items()}


@lru_cache(maxsize=1 << 16)
def _term(word: str) -> str | None:
    # cached: an article's words are mostly words seen before (Zipf)
    stops = stopstems()
    if word in stops or not ("\u0621" <= word[0] <= "\u06ff" or word[0].isalpha()):
        return None
    merge, alef_min = variants()
    if word.endswith("\u0627") and len(strip_clitics(word)) > alef_min:
        word = word[:-1]
    base = stem(word)
    base = merge.get(base, base)
    if len(base) < 2 or base in stops:
        return None
    return base


def terms(words: Iterable[str]) -> list[str]:
    """Clustering terms of normalised words: light stems, spelling variants merged,
    stopwords, numbers and one-letter stems left out."""
    return [base for word in words if (base := _term(word)) is not None]


@lru_cache(maxsize=1 << 14)
def _entity_key(mention: str) -> str:
    # cached: the same names are mentioned in article after article
    return " ".join(terms(body_tokens(mention)))


@dataclass(frozen=True, slots=True)
class ArticleTerms:
    """Weighted term counts of an article (title and lead counted more), its title terms and
    its entity keys (normalised mention texts; empty when no NER ran)."""

    counts: dict[str, float]
    title: frozenset[str]
    entities: frozenset[str]


# a pair of words is tried as one word written apart only when one of them is this rare
# (document frequency, prior + stream): names, not the everyday words of news prose
_JOIN_MAX_DF = 30


def joined_terms(words: Sequence[str], idf: Idf) -> list[str]:
    """:func:`terms`, with two neighbours written apart taken as one word when the stream
    has already seen that word written together (كلاود مير after كلاودمير, ابو ظبي after
    ابوظبي): a spelling variant of names that no table lists. Used on titles and leads."""
    out: list[str] = []
    i, last = 0, len(words) - 1
    while i <= last:
        term = _term(words[i])
        if term is not None and i < last:
            after = _term(words[i + 1])
            if after is not None and min(idf.df(term), idf.df(after)) <= _JOIN_MAX_DF:
                # not through the cache: joined pairs are mostly not words at all
                whole = _term.__wrapped__(words[i] + words[i + 1])
                if whole is not None and whole not in (term, after) and idf.seen(whole):
                    out.append(whole)
                    i += 2
                    continue
        if term is not None:
            out.append(term)
        i += 1
    return out


def article_terms(article: Article, title_weight: float, lead_weight: float,
                  lead_words: int, words: Sequence[str] | None = None,
                  idf: Idf | None = None) -> ArticleTerms:
    """``words``: ``body_tokens(article.body)`` when the caller has them already; with
    ``idf``, title and lead words written apart are joined as in :func:`joined_terms`."""
    if words is None:
        words = body_tokens(article.body)
    title_words = body_tokens(article.title or "")
    if idf is None:
        lead, title = terms(words[:lead_words]), terms(title_words)
    else:
        lead, title = joined_terms(words[:lead_words], idf), joined_terms(title_words, idf)
    rest = terms(words[lead_words:])
    counts: dict[str, float] = {}
    for term in rest:
        counts[term] = counts.get(term, 0.0) + 1.0
    for term in lead:
        counts[term] = counts.get(term, 0.0) + lead_weight
    for term in title:
        counts[term] = counts.get(term, 0.0) + title_weight
    entities = frozenset(
        _entity_key(m.text) for m in article.mentions if m.label in ENTITY_LABELS
    ) - {""}
    return ArticleTerms(counts, frozenset(title), entities)


@dataclass(slots=True)
class Idf:
    """Inverse document frequency from the shipped prior plus the documents seen so far."""

    use_prior: bool = True
    documents: int = field(init=False, default=0)
    _df: Counter[str] = field(init=False, default_factory=Counter)
    _prior_n: int = field(init=False, default=0)
    _prior: dict[str, int] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        if self.use_prior:
            self._prior_n, self._prior = prior_df()

    def observe(self, seen: Iterable[str]) -> None:
        self.documents += 1
        self._df.update(set(seen))

    def __call__(self, term: str) -> float:
        n = self._prior_n + self.documents
        return math.log((n + 1.0) / (self.df(term) + 1.0))

    def df(self, term: str) -> int:
        """Documents with ``term``: the prior's and the stream's."""
        return self._prior.get(term, 0) + self._df.get(term, 0)

    def seen(self, term: str) -> bool:
        """Whether a document of the stream (not the prior) had ``term``."""
        return term in self._df

    def many(self, terms: Iterable[str]) -> list[float]:
        """``self(term)`` for each term, computed the same way in one local loop (an
        article has hundreds of terms)."""
        n1 = self._prior_n + self.documents + 1.0
        prior, seen, log = self._prior, self._df, math.log
        return [log(n1 / (prior.get(t, 0) + seen.get(t, 0) + 1.0)) for t in terms]


def weigh(counts: dict[str, float], idf: Idf, keep: int, tf_power: float = 1.0) -> Vector:
    """``tf ** tf_power`` times idf, the ``keep`` heaviest terms, L2-normalised; ties broken by
    the term so the result never depends on dict order.

    Raw tf (power 1) rather than the usual 1 + log tf: measured on the seeds and the ANT dev
    gold, damping tf let one-off words of long articles (rare, so high IDF) outweigh the
    names and nouns a report repeats, and same-story cosines fell from ~0.45 to ~0.12."""
    weights = [(term, tf**tf_power * w)
               for (term, tf), w in zip(counts.items(), idf.many(counts), strict=True)]
    weights = [(t, w) for t, w in weights if w > 0.0]
    weights.sort(key=lambda tw: (-tw[1], tw[0]))
    top = weights[:keep]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {t: w / norm for t, w in top}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    # terms missing from ``b`` would add exactly 0.0: skipping them changes no bit of the sum
    return sum([w * b[t] for t, w in a.items() if t in b], 0.0)


def build_df(texts: Iterable[tuple[str, str]], minimum: int) -> tuple[int, dict[str, int]]:
    """Document frequencies of clustering terms over (title, body) pairs, keeping terms seen
    in at least ``minimum`` documents."""
    df: Counter[str] = Counter()
    n = 0
    for title, body in texts:
        n += 1
        df.update(set(terms(body_tokens(title))) | set(terms(body_tokens(body))))
    return n, {t: c for t, c in sorted(df.items()) if c >= minimum}


def main(argv: Sequence[str] | None = None) -> int:
    """Rebuild ``df.json`` from an ANT-style JSONL file (fields ``title``, ``text``)."""
    import lzma

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m rasid._story_text ANT.jsonl.xz OUT.json", file=sys.stderr)
        return 2
    seen: set[str] = set()

    def records() -> Iterable[tuple[str, str]]:
        with lzma.open(args[0], "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                url = record.get("url") or record.get("docno")
                if url in seen:  # a page filed under two feeds counts once
                    continue
                seen.add(url)
                yield record.get("title") or "", record.get("text") or ""

    n, df = build_df(records(), minimum=8)
    about = ("Document frequencies of Rasid story-clustering terms (rasid._story_text.terms: "
             "light stems, variants merged, stopwords dropped) over ANT corpus v2.1 "
             "(antcorpus/antcorpus.multisource.data, Apache-2.0; 31.5k Arabic news articles "
             "from five outlets, Feb-Oct 2018), one count per URL, terms seen in >= 8 documents. "
             "Counts only; no text. Rebuild: python -m rasid._story_text ANT.jsonl.xz OUT.json")
    with open(args[1], "w", encoding="utf-8") as out:
        json.dump({"_about": about, "documents": n, "df": df}, out, ensure_ascii=False,
                  separators=(",", ":"))
        out.write("\n")
    print(f"{n} documents, {len(df)} terms -> {args[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
