"""Opposite statements across a story: the same predicate over the same object, once affirmed
and once negated, in different articles.

A claim is found in one clause of a sentence: a predicate word of a class (``discuss``: بحث،
ناقش، مفاوضات، محادثات...) within a few words of an object phrase (``troop_withdrawal``: an
action head such as انسحاب/سحب/خفض closely followed by a target noun such as القوات). It is
negated when a negator (لا، لن، لم، ليس...) stands just before the predicate, or a denial verb
(نفى) a little further. The lexicon is ``rasid/data/dossier/claims.json``. Precision matters more
than recall here: a pair is reported only when both sides matched the whole pattern.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rasid._dossier_text import load_dossier_data
from rasid.arabic import normalize, tokenize
from rasid.models import Article, Quote, Span, Token


@dataclass(frozen=True, slots=True)
class _Lexicon:
    proclitics: tuple[str, ...]
    enclitics: tuple[str, ...]
    predicates: dict[str, frozenset[str]]
    objects: dict[str, tuple[frozenset[str], frozenset[str], int]]
    near: frozenset[str]
    adjacent: frozenset[str]
    deny: frozenset[str]
    copular: frozenset[str]
    copulas: frozenset[str]
    near_window: int
    deny_window: int
    not_negating_next: frozenset[str]
    window: int
    breaks: frozenset[str]
    actors: dict[str, str]
    labels: dict[str, str]


def _norms(words: Sequence[str]) -> frozenset[str]:
    return frozenset(normalize(w) for w in words)


@cache
def _lexicon() -> _Lexicon:
    data = load_dossier_data("claims.json")
    neg = data["negators"]
    actors: dict[str, str] = {}
    for actor, words in load_dossier_data("participants.json")["actors"].items():
        for w in words:
            actors[normalize(w)] = actor
    labels = {k: v["label"] for k, v in data["predicates"].items()}
    labels |= {k: v["label"] for k, v in data["objects"].items()}
    return _Lexicon(
        proclitics=tuple(sorted((normalize(p) for p in data["proclitics"]), key=len,
                                reverse=True)),
        enclitics=tuple(sorted((normalize(p) for p in data["enclitics"]), key=len, reverse=True)),
        predicates={k: _norms(v["words"]) for k, v in data["predicates"].items()},
        objects={k: (_norms(v["heads"]), _norms(v["targets"]), int(v["max_gap"]))
                 for k, v in data["objects"].items()},
        near=_norms(neg["near"]), adjacent=_norms(neg["adjacent"]), deny=_norms(neg["deny"]),
        copular=_norms(neg["copular"]), copulas=_norms(neg["copulas"]),
        near_window=int(neg["near_window"]), deny_window=int(neg["deny_window"]),
        not_negating_next=_norms(neg["not_negating_next"]),
        window=int(data["window"]), breaks=_norms(data["clause_breaks"]),
        actors=actors, labels=labels,
    )


def label_of(name: str) -> str:
    """Arabic display label of a predicate or object class."""
    return _lexicon().labels.get(name, name)


@lru_cache(maxsize=1 << 12)
def _forms(norm: str) -> frozenset[str]:
    """The token and its readings with one proclitic and/or one enclitic removed.

    Candidates, not a replacement: بغداد stays بغداد even though ب is a proclitic. A small
    cache keeps the frequent words; ``_predicate`` caches its own answer for every word.
    """
    lex = _lexicon()
    forms = {norm}
    for p in lex.proclitics:
        if norm.startswith(p) and len(norm) - len(p) >= 2:
            forms.add(norm[len(p):])
    for f in list(forms):
        for e in lex.enclitics:
            if f.endswith(e) and len(f) - len(e) >= 3:
                forms.add(f[: -len(e)])
    return frozenset(forms)


def _in(forms: frozenset[str], words: frozenset[str]) -> bool:
    return not forms.isdisjoint(words)


@lru_cache(maxsize=1 << 16)
def _predicate(norm: str) -> str | None:
    """The first predicate class (lexicon order) one of the token's readings belongs to."""
    forms = _forms(norm)
    return next((p for p, words in _lexicon().predicates.items() if _in(forms, words)), None)


@dataclass(frozen=True, slots=True)
class ClaimHit:
    """One claim found in one article."""

    article: str
    sentence: Span
    start: int  # first character of the matched words (predicate or object, whichever first)
    end: int
    predicate: str
    object: str
    negated: bool
    cue: str  # the negator or denial verb, '' when affirmed
    actors: frozenset[str]
    speaker: str | None


def _clauses(tokens: Sequence[Token], lex: _Lexicon) -> list[list[int]]:
    out: list[list[int]] = [[]]
    for i, tok in enumerate(tokens):
        if tok.norm in lex.breaks:
            if out[-1]:
                out.append([])
            continue
        out[-1].append(i)
    return [c for c in out if c]


def _negation(tokens: Sequence[Token], clause: list[int], k: int,
              lex: _Lexicon) -> int:
    """Clause position of the negator governing the predicate at position ``k`` (-1: none)."""
    for back in range(1, lex.deny_window + 1):
        if k - back < 0:
            break
        tok = tokens[clause[k - back]]
        nxt = tokens[clause[k - back + 1]].norm
        if back == 1 and tok.norm in lex.adjacent:
            return k - back
        if back <= lex.near_window and tok.norm in lex.near and nxt not in lex.not_negating_next:
            return k - back
        if tok.norm in lex.deny or _in(_forms(tok.norm), lex.deny):
            return k - back
    # the predicate as subject of a negated copula: المفاوضات لن تكون بشأن ...
    if k + 1 < len(clause):
        norm = tokens[clause[k + 1]].norm
        if norm in lex.copular:
            return k + 1
        if norm in lex.near and k + 2 < len(clause) and tokens[clause[k + 2]].norm in lex.copulas:
            return k + 1
    return -1


def _object_near(tokens: Sequence[Token], clause: list[int], k: int,
                 forms: list[frozenset[str]], lex: _Lexicon) -> tuple[str, int, int] | None:
    """(object class, first, last clause index) of an object phrase within the window."""
    lo, hi = max(0, k - lex.window), min(len(clause), k + lex.window + 1)
    best: tuple[int, str, int, int] | None = None
    for name, (heads, targets, gap) in lex.objects.items():
        for h in range(lo, hi):
            if h == k or not _in(forms[h], heads):
                continue
            for t in range(h + 1, min(len(clause), h + gap + 1)):
                if _in(forms[t], targets):
                    dist = abs(h - k)
                    if best is None or dist < best[0]:
                        best = (dist, name, h, t)
                    break
    return None if best is None else (best[1], best[2], best[3])


def _speaker(quotes: Sequence[Quote], start: int, end: int) -> str | None:
    for q in quotes:
        if q.start <= start and end <= q.end + 1:
            return q.speaker
    return None


def find_claims(article: Article,
                tokens_of: Callable[[Span], Sequence[Token]] | None = None) -> list[ClaimHit]:
    """Every (predicate, object, polarity) claim of the article body, in text order.

    ``tokens_of(span)``, when given, returns ``tokenize`` of that part of the body (a caller
    that tokenized the sentences already passes its copies)."""
    lex = _lexicon()
    out: list[ClaimHit] = []
    sentences = article.sentences or (Span(0, len(article.body)),)
    for sent in sentences:
        tokens = (tokens_of(sent) if tokens_of is not None
                  else tokenize(article.body[sent.start:sent.end]))
        # every claim needs a predicate word: most sentences have none
        if not any(_predicate(t.norm) is not None for t in tokens):
            continue
        actors = frozenset(a for t in tokens for f in _forms(t.norm)
                           if (a := lex.actors.get(f)) is not None)
        for clause in _clauses(tokens, lex):
            out.extend(_clause_claims(article, sent, tokens, clause, actors, lex))
    return out


def _clause_claims(article: Article, sent: Span, tokens: Sequence[Token], clause: list[int],
                   actors: frozenset[str], lex: _Lexicon) -> list[ClaimHit]:
    """One claim per (predicate, object) class pair of a clause; negated when any of its
    predicates is (النقاشات ليست بشأن التفاوض: the noun is not negated, the clause is)."""
    found: dict[tuple[str, str], ClaimHit] = {}
    forms = [_forms(tokens[i].norm) for i in clause]
    for k in range(len(clause)):
        pred = _predicate(tokens[clause[k]].norm)
        if pred is None:
            continue
        obj = _object_near(tokens, clause, k, forms, lex)
        if obj is None:
            continue
        name, h, t = obj
        first, last = min(k, h), max(k, t)
        at = _negation(tokens, clause, k, lex)
        cue = tokens[clause[at]].text if at >= 0 else ""
        if at >= 0:
            first, last = min(first, at), max(last, at)
        start = sent.start + tokens[clause[first]].start
        end = sent.start + tokens[clause[last]].end
        hit = ClaimHit(
            article=article.id, sentence=sent, start=start, end=end, predicate=pred,
            object=name, negated=bool(cue), cue=cue, actors=actors,
            speaker=_speaker(article.quotes, start, end))
        prev = found.get((pred, name))
        if prev is None or (hit.negated and not prev.negated):
            found[(pred, name)] = hit
    return sorted(found.values(), key=lambda h: h.start)


def opposite_pairs(hits: Sequence[ClaimHit]) -> list[tuple[ClaimHit, ClaimHit]]:
    """(affirmed, negated) pairs over the same predicate and object class from different
    articles, one pair per article pair (their first matching claims), the participants
    compatible (sharing an actor, or one side naming none)."""
    pairs: dict[tuple[str, str, str, str], tuple[ClaimHit, ClaimHit]] = {}
    for pos in hits:
        if pos.negated:
            continue
        for neg in hits:
            if not neg.negated or neg.article == pos.article:
                continue
            if (pos.predicate, pos.object) != (neg.predicate, neg.object):
                continue
            if pos.actors and neg.actors and pos.actors.isdisjoint(neg.actors):
                continue
            key = (pos.predicate, pos.object, pos.article, neg.article)
            pairs.setdefault(key, (pos, neg))
    return list(pairs.values())
