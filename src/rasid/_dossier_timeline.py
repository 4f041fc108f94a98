"""The story timeline: dated events ordered by the date of the event, not of publication.

Every resolved date mention at a placeable granularity (day, week, month, year) yields an event
whose text is the clause of its sentence around the date. Reports of one event by several
articles (or twice in one article) are merged when they carry the same date at the same
granularity and their clauses share enough stemmed content words (Jaccard).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rasid._dossier_text import content_stems, jaccard, load_dossier_data
from rasid.models import Article, DateMention, Span


@dataclass(frozen=True, slots=True)
class Excerpt:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class RawEvent:
    """One dated clause of one article, before merging."""

    article: str
    published: str
    value: str
    granularity: str
    earliest: str
    latest: str
    date: DateMention
    excerpt: Excerpt
    sentence: Span
    stems: frozenset[str]


def _sentence_of(article: Article, pos: int) -> Span:
    for span in article.sentences:
        if span.start <= pos < span.end:
            return span
    # no segmentation: fall back to the paragraph, then to the whole body
    for span in article.paragraphs:
        if span.start <= pos < span.end:
            return span
    return Span(0, len(article.body))


def _strip(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start] in " \n\t،,؛;:-–—":
        start += 1
    while end > start and body[end - 1] in " \n\t،,؛;:-–—":
        end -= 1
    return start, end


def clause_around(body: str, sentence: Span, start: int, end: int, *,
                  cut: bool = False, is_date: bool = True) -> Excerpt:
    """The part of ``sentence`` that tells what happened at ``body[start:end]``.

    ``body[start:end]`` is a date expression (``is_date``) or another anchor (a figure, a
    claim). A short sentence is kept whole unless ``cut`` (it holds several dates). A long one
    is cut at clause separators to the clause holding the anchor; a date standing alone
    between commas takes the clauses on both sides; a clause too short to say anything is
    widened towards the sentence start, then its end; if still too long, a window of words
    around the anchor with an ellipsis.
    """
    cfg = load_dossier_data("timeline.json")
    max_chars, min_clause = int(cfg["max_chars"]), int(cfg["min_clause"])
    seps = set(cfg["clause_separators"])
    s0, s1 = _strip(body, sentence.start, sentence.end)
    if s1 - s0 <= max_chars and not cut:
        return Excerpt(s0, s1, body[s0:s1])
    cuts = [i + 1 for i in range(s0, s1) if body[i] in seps and not start <= i < end]
    bounds = [s0, *cuts, s1]
    k = max(i for i, b in enumerate(bounds[:-1]) if b <= start)
    j = k + 1
    lo, hi = bounds[k], bounds[j]
    if is_date and len(body[lo:hi].strip(" \n\t،,؛;:.")) - (end - start) < 10:
        # the date stands alone between commas (قال فلان، الخميس، إن ...): an inserted
        # adverbial, so what happened is on both sides of it
        k, j = max(k - 1, 0), min(j + 1, len(bounds) - 1)
        lo, hi = bounds[k], bounds[j]
    while k > 0 and hi - lo < min_clause:
        k -= 1
        lo = bounds[k]
    while j + 1 < len(bounds) and hi - lo < min_clause:
        j += 1
        hi = bounds[j]
    lo, hi = _strip(body, lo, hi)
    if hi - lo <= max_chars:
        return Excerpt(lo, hi, body[lo:hi])
    return _window(body, lo, hi, start, end, int(cfg["window_words"]))


def _window(body: str, lo: int, hi: int, start: int, end: int, words: int) -> Excerpt:
    # positions of word starts on both sides of the date, to cut on word boundaries
    before = [i for i in range(lo, start) if i == lo or body[i - 1].isspace()]
    after = [i for i in range(end, hi) if body[i].isspace()]
    a = before[-(words * 2 // 3):][0] if before else start
    b = after[: max(words // 3, 1) + 1][-1] if after else hi
    a, b = _strip(body, a, b)
    text = ("…" if a > lo else "") + body[a:b] + ("…" if b < hi else "")
    return Excerpt(a, b, text)


def raw_events(article: Article, published: str) -> list[RawEvent]:
    """The dated clauses of one article, one per (sentence, date value)."""
    cfg = load_dossier_data("timeline.json")
    placeable = set(cfg["granularities"])
    usable = [d for d in article.dates
              if d.value is not None and d.granularity in placeable and d.anchored]
    values_in: dict[int, set[str]] = {}
    for d in usable:
        values_in.setdefault(_sentence_of(article, d.start).start, set()).add(d.value or "")
    seen: set[tuple[int, str]] = set()
    out: list[RawEvent] = []
    for d in usable:
        sentence = _sentence_of(article, d.start)
        if d.value is None or (sentence.start, d.value) in seen:
            continue
        seen.add((sentence.start, d.value))
        excerpt = clause_around(article.body, sentence, d.start, d.end,
                                cut=len(values_in[sentence.start]) > 1)
        date_words = set(content_stems(d.text))
        stems = frozenset(s for s in content_stems(excerpt.text) if s not in date_words)
        out.append(RawEvent(
            article=article.id, published=published, value=d.value, granularity=d.granularity,
            earliest=d.earliest or d.value, latest=d.latest or d.earliest or d.value,
            date=d, excerpt=excerpt, sentence=sentence, stems=stems))
    return out


def merge_events(events: Sequence[RawEvent]) -> list[list[RawEvent]]:
    """Groups of raw events that report one event, ordered by event date.

    A raw event joins the group whose members it resembles most (average-free: best single
    match), when that match reaches the configured Jaccard; groups never mix dates or
    granularities. Ordered by (earliest day, latest day, first publication).
    """
    threshold = float(load_dossier_data("timeline.json")["merge_jaccard"])
    groups: list[list[RawEvent]] = []
    for ev in sorted(events, key=lambda e: (e.published, e.article, e.excerpt.start)):
        best, best_sim = None, threshold
        for group in groups:
            head = group[0]
            if head.value != ev.value or head.granularity != ev.granularity:
                continue
            sim = max(jaccard(set(m.stems), set(ev.stems)) for m in group)
            if sim >= best_sim:
                best, best_sim = group, sim
        if best is None:
            groups.append([ev])
        else:
            best.append(ev)
    groups.sort(key=lambda g: (g[0].earliest, g[0].latest, g[0].published, g[0].excerpt.start))
    return groups
