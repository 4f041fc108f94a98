"""The story dossier: what a reader needs to know about one story, drawn from all its articles.

:func:`build_dossier` takes the articles of one story (extraction already run: sentences, dates,
figures, quotes, mentions) and returns a :class:`Dossier`: a representative headline, the
articles and outlets over time, people and organisations ranked by salience, quotes grouped by
speaker, figures lined up by key over time, a timeline of dated events ordered by event date,
the disagreements between sources (figures that conflict or changed, statements that contradict
each other) and a short extractive summary. Every item carries its provenance: article ids and
character offsets into the article ``body``. :func:`dossier_to_json` gives its JSON form
(``docs/dossier-schema.md``).

Duplicates (``duplicates`` maps an article id to the id of the article it copies) are listed
among the articles but contribute nothing else, so a syndicated copy never counts as a second
source agreeing with the first.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, cast
from urllib.parse import urlsplit

from rasid._dossier_claims import ClaimHit, find_claims, label_of, opposite_pairs
from rasid._dossier_text import Candidate, is_word, most_central, select_summary, token_stems
from rasid._dossier_timeline import clause_around, merge_events, raw_events
from rasid._quote_lexicon import fold
from rasid.arabic import tokenize
from rasid.entities import proclitic_rests, resolve_entities, variant_key
from rasid.errors import ConfigError
from rasid.models import Article, Figure, Span, Token

# figures reported within this many days of each other describe the same period
SAME_PERIOD_DAYS = 30
# relative tolerance under which two values are the same figure (hedged: "about 2500")
EXACT_TOLERANCE = 0.02
HEDGED_TOLERANCE = 0.15
SUMMARY_MAX = 5
# a large story must not drown the reader: statements per side of a disagreement, and
# disagreements per figure (the largest differences are kept)
MAX_SIDE = 6
MAX_FIGURE_DISAGREEMENTS = 4
# summary sentences shorter than this say too little, longer ones are run-ons of several facts
SUMMARY_MIN_WORDS, SUMMARY_MAX_WORDS = 6, 70


# -- records ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class StoryArticle:
    """One article of the story, as listed over time; ``duplicate_of`` names the original."""

    id: str
    published: str | None
    source: str | None
    title: str | None
    url: str | None
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class Headline:
    """The representative headline; from a lead sentence (with its offsets) when no article
    of the story has a title."""

    text: str
    article: str
    from_title: bool
    start: int = -1
    end: int = -1


@dataclass(frozen=True, slots=True)
class Provenance:
    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class StoryEntity:
    """A person, organisation or place across the story, spelling variants merged."""

    name: str
    label: str
    variants: tuple[str, ...]
    role: str | None
    mentions: int
    articles: tuple[str, ...]
    outlets: int
    in_titles: int
    salience: float
    spans: tuple[Provenance, ...]


@dataclass(frozen=True, slots=True)
class StoryQuote:
    text: str
    article: str
    start: int
    end: int
    direct: bool
    cue: str | None
    published: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class Speaker:
    """Everything one speaker said across the story (names folded by ``variant_key``)."""

    name: str | None
    speaker_type: str
    role: str | None
    variants: tuple[str, ...]
    quotes: tuple[StoryQuote, ...]


@dataclass(frozen=True, slots=True)
class FigurePoint:
    published: str | None
    value: float
    hedge: str | None
    text: str
    source: str | None
    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class FigureSeries:
    """One quantity (a figure ``key``) as reported over time, by publication date."""

    key: str
    counted: str | None
    unit: str | None
    place: str | None
    points: tuple[FigurePoint, ...]


@dataclass(frozen=True, slots=True)
class EventReport:
    """One article's report of a timeline event: the excerpt and the date expression in it."""

    article: str
    start: int
    end: int
    text: str
    date_text: str
    date_start: int
    date_end: int
    published: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """A dated event: ``date`` is ISO at ``granularity``; ``relative`` when the date was
    resolved from a word such as ``الخميس`` against the publication date."""

    date: str
    granularity: str
    earliest: str
    latest: str
    text: str
    relative: bool
    reports: tuple[EventReport, ...]


@dataclass(frozen=True, slots=True)
class Statement:
    """One side's evidence in a disagreement: an excerpt with its source."""

    text: str
    article: str
    start: int
    end: int
    published: str | None
    source: str | None
    speaker: str | None = None
    value: float | None = None
    hedge: str | None = None
    negated: bool | None = None


@dataclass(frozen=True, slots=True)
class Disagreement:
    """``kind``: ``figure_conflict`` (different values in one period from different outlets),
    ``figure_change`` (a value that changed over time) or ``contradiction`` (a statement
    affirmed on one side and negated on the other). ``topic`` is the figure key or
    ``predicate|object`` classes; ``label`` a short human description."""

    kind: str
    topic: str
    label: str
    sides: tuple[tuple[Statement, ...], tuple[Statement, ...]]


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    article: str
    start: int
    end: int
    published: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class Dossier:
    story_id: str
    headline: Headline | None
    articles: tuple[StoryArticle, ...]
    first_report: str | None
    article_count: int
    outlet_count: int
    outlets: tuple[str, ...]
    unattributed: int
    summary: tuple[SummarySentence, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    people: tuple[StoryEntity, ...] = ()
    organisations: tuple[StoryEntity, ...] = ()
    places: tuple[StoryEntity, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    figures: tuple[FigureSeries, ...] = ()
    disagreements: tuple[Disagreement, ...] = field(default=())


# -- helpers ------------------------------------------------------------------------------------

def _outlet(article: Article) -> str | None:
    if article.source and article.source.strip():
        return article.source.strip()
    if article.url:
        host = urlsplit(article.url).hostname
        if host:
            return host.removeprefix("www.")
    return None


def _day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _pub_key(article: Article) -> tuple[str, str]:
    # undated articles sort after dated ones
    return (article.published or "\uffff", article.id)


@dataclass(frozen=True, slots=True)
class _Ctx:
    """Per-story lookups shared by the builders."""

    by_id: Mapping[str, Article]
    originals: tuple[Article, ...]  # non-duplicates in publication order

    def pub(self, article_id: str) -> str | None:
        return self.by_id[article_id].published

    def outlet(self, article_id: str) -> str | None:
        return _outlet(self.by_id[article_id])

    def group(self, article_id: str) -> str:
        """Outlet identity; an article with no known outlet stands for itself."""
        return self.outlet(article_id) or f"#{article_id}"


def _statement(ctx: _Ctx, article_id: str, span: Span, start: int, end: int,
               **extra: Any) -> Statement:
    art = ctx.by_id[article_id]
    ex = clause_around(art.body, span, start, end, is_date=False)
    return Statement(text=ex.text, article=article_id, start=ex.start, end=ex.end,
                     published=art.published, source=ctx.outlet(article_id), **extra)


def _sentence_span(article: Article, pos: int) -> Span:
    for s in article.sentences:
        if s.start <= pos < s.end:
            return s
    return Span(0, len(article.body))


# -- headline, articles, summary ----------------------------------------------------------------

def _lead(article: Article) -> Span:
    if article.sentences:
        return article.sentences[0]
    return Span(0, min(len(article.body), 200))


def _headline(ctx: _Ctx) -> Headline | None:
    if not ctx.originals:
        return None
    contexts = [" ".join(filter(None, (a.title, a.body[_lead(a).start:_lead(a).end])))
                for a in ctx.originals]
    titled = [(a.id, a.title) for a in ctx.originals if a.title and a.title.strip()]
    if titled:
        best = most_central([(i, t.strip()) for i, t in titled], contexts)
        art = ctx.by_id[best or titled[0][0]]
        return Headline(text=(art.title or "").strip(), article=art.id, from_title=True)
    leads = [(a.id, a.body[_lead(a).start:_lead(a).end]) for a in ctx.originals]
    best = most_central(leads, contexts) or leads[0][0]
    art = ctx.by_id[best]
    span = _lead(art)
    return Headline(text=art.body[span.start:span.end].strip(), article=art.id,
                    from_title=False, start=span.start, end=span.end)


def _sentence_tokens(article: Article) -> Callable[[Span], tuple[Token, ...]]:
    """``tokenize`` of a span of the article's body, each span tokenized once."""
    seen: dict[tuple[int, int], tuple[Token, ...]] = {}

    def tokens_of(span: Span) -> tuple[Token, ...]:
        found = seen.get((span.start, span.end))
        if found is None:
            found = seen[span.start, span.end] = tokenize(article.body[span.start:span.end])
        return found

    return tokens_of


def _read_sentences(ctx: _Ctx) -> tuple[list[Candidate], list[ClaimHit]]:
    """Summary candidates and claims of every original: one article at a time, its sentences
    tokenized once for both (a large story never holds the tokens of all its articles)."""
    candidates: list[Candidate] = []
    hits: list[ClaimHit] = []
    # the two sides of a contradiction come from different articles
    claims = len(ctx.originals) >= 2
    for art in ctx.originals:
        tokens_of = _sentence_tokens(art)
        candidates += _candidates(ctx, art, tokens_of)
        if claims:
            hits += find_claims(art, tokens_of)
    return candidates, hits


def _candidates(ctx: _Ctx, art: Article,
                tokens_of: Callable[[Span], tuple[Token, ...]]) -> list[Candidate]:
    """The article's sentences of a length fit for the summary."""
    out: list[Candidate] = []
    for i, span in enumerate(art.sentences):
        tokens = tokens_of(span)
        words = sum(1 for t in tokens if is_word(t.norm))
        if not SUMMARY_MIN_WORDS <= words <= SUMMARY_MAX_WORDS:
            continue
        out.append(Candidate(
            article=art.id, group=ctx.group(art.id), order=(*_pub_key(art), span.start),
            start=span.start, end=span.end, stems=tuple(token_stems(tokens)), lead=i == 0))
    return out


def _summary(ctx: _Ctx, candidates: Sequence[Candidate]) -> tuple[SummarySentence, ...]:
    limit = min(SUMMARY_MAX, 2 + len(ctx.originals))
    return tuple(
        SummarySentence(text=ctx.by_id[c.article].body[c.start:c.end].strip(), article=c.article,
                        start=c.start, end=c.end, published=ctx.pub(c.article),
                        source=ctx.outlet(c.article))
        for c in select_summary(candidates, limit))


# -- timeline -----------------------------------------------------------------------------------

def _timeline(ctx: _Ctx) -> tuple[TimelineEvent, ...]:
    raws = [ev for art in ctx.originals for ev in raw_events(art, art.published or "\uffff")]
    out: list[TimelineEvent] = []
    for group in merge_events(raws):
        head = group[0]
        reports = tuple(
            EventReport(article=r.article, start=r.excerpt.start, end=r.excerpt.end,
                        text=r.excerpt.text, date_text=r.date.text, date_start=r.date.start,
                        date_end=r.date.end, published=ctx.pub(r.article),
                        source=ctx.outlet(r.article))
            for r in group)
        out.append(TimelineEvent(
            date=head.value, granularity=head.granularity, earliest=head.earliest,
            latest=head.latest, text=head.excerpt.text,
            relative=all(r.date.kind == "relative" for r in group), reports=reports))
    return tuple(out)


# -- entities and speakers ----------------------------------------------------------------------

@dataclass
class _EntityAcc:
    label: str
    names: Counter[str] = field(default_factory=Counter)
    name_articles: Counter[str] = field(default_factory=Counter)  # articles writing each name
    variants: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    mentions: int = 0
    lead: int = 0
    titles: set[str] = field(default_factory=set)
    articles: list[str] = field(default_factory=list)
    spans: list[Provenance] = field(default_factory=list)

    def merge(self, other: _EntityAcc, *, as_names: bool = True) -> None:
        """Take in ``other``'s counts; without ``as_names`` its spellings are variants only,
        never the name shown (a spelling with a clitic, وترامب)."""
        if as_names:
            self.names.update(other.names)
            self.name_articles.update(other.name_articles)
        self.variants.update(other.variants)
        self.roles.update(other.roles)
        self.mentions += other.mentions
        self.lead += other.lead
        self.titles |= other.titles
        self.articles += [a for a in other.articles if a not in self.articles]
        self.spans += other.spans

    def name(self) -> str:
        # the spelling most articles use (so most outlets), then the most mentioned, the fullest
        return max(self.names, key=lambda n: (self.name_articles[n], self.names[n],
                                              len(n.split()), len(n)))


def _name_words(name: str) -> tuple[str, ...]:
    return tuple(k for k in (variant_key(w) for w in name.split()) if k)


# a foreign "th" or "dh" is written ث/ت or ذ/د (ماثيوس/ماتيوس)
_TH = str.maketrans("ثذ", "تد")


def _skeleton(key: str) -> str:
    # the long vowels inside a transliterated name are written or not: دانيال/دانييل/دانيل
    key = key.translate(_TH)
    return key[0] + "".join(c for c in key[1:-1] if c not in "اوي") + key[-1] \
        if len(key) > 2 else key


_VOWEL_PAIR = re.compile("[اوي]{2}")


def _foreign_looking(name: str) -> bool:
    """A full name whose given name has two long vowels in a row and whose other words carry
    no Arabic name marks (ال, بن, أبو, عبد, آل)."""
    words = [fold(w) for w in name.split()]
    return (len(words) >= 2 and bool(_VOWEL_PAIR.search(words[0]))
            and not any(w.startswith("ال") or w in _NAME_MARKS for w in words))


_NAME_MARKS = frozenset({"بن", "بنت", "ابن", "ابو", "ابي", "عبد", "ولد"})  # folded; آل folds to ال


Key = tuple[str, str]  # (label, variant key) of an entity group


def _fold_people(groups: dict[Key, _EntityAcc], eligible: set[Key]) -> dict[Key, Key]:
    """Person names of one story that name the same person; only ``eligible`` keys (people)
    take part; returns {absorbed key: host key}.

    * Transliteration twins: full names with the same surname and given names equal but for
      long vowels (دانيال ريفيرا / دانييل ريفيرا) or ث/ت, ذ/د (ماثيوس/ماتيوس) are one
      person; the name mentioned less joins the other. Arabic given names differ by exactly
      such vowels (محمد/محمود, حامد/حمد), so both given names must look transliterated
      (two long vowels in a row, as in دانيال, ماتيوس) and the surname must not look Arabic
      (no ال, no بن/أبو/عبد).
    * Clitics: a name whose first word carries a proclitic (وترامب, لبومبيو) joins the person
      the rest names, when another article of the story writes that name (ترامب) or, for a
      one-word rest, it is the surname or given name of only one fuller name (دونالد ترامب):
      the cross-article twin of the per-article repair in ``rasid.entities``, for articles
      that never write the name without its clitic.
    * Surnames: a one-word person name (أوستن) joins the only fuller name of the story ending
      or starting with that word (لويد أوستن): the cross-article twin of the per-article rule.
    """
    # in the groups' (first-seen) order, not the set's: the merge order shows in the output
    full = {k: _name_words(g.name()) for k, g in groups.items() if k in eligible and g.names}
    moved: dict[Key, Key] = {}
    for key, words in list(full.items()):
        if key not in full or not _foreign_looking(groups[key].name()):
            continue
        for other, theirs in list(full.items()):
            if (other == key or len(theirs) != len(words) or theirs[1:] != words[1:]
                    or _skeleton(theirs[0]) != _skeleton(words[0])
                    or not _foreign_looking(groups[other].name())):
                continue
            host, guest = (key, other) if groups[key].mentions >= groups[other].mentions \
                else (other, key)
            groups[host].merge(groups.pop(guest))
            moved[guest] = host
            del full[guest]
            if guest == key:
                break

    def fuller(word: str) -> list[Key]:
        return [k for k, w in full.items() if len(w) > 1 and word in (w[0], w[-1])]

    moved |= _fold_clitics(groups, full, fuller)
    for key, words in full.items():
        if len(words) != 1:
            continue
        hosts = fuller(words[0])
        if len(hosts) == 1:
            groups[hosts[0]].merge(groups.pop(key))
            moved[key] = hosts[0]
    return moved


def _fold_clitics(groups: dict[Key, _EntityAcc], full: dict[Key, tuple[str, ...]],
                  fuller: Callable[[str], list[Key]] | None = None) -> dict[Key, Key]:
    """Names written with a proclitic (وترامب, والعراق, للعراق) join the entity of the same
    label that the rest names in another article of the story, or, with ``fuller``, the
    only fuller name a one-word rest is part of. ``full``: the candidates' name words (the
    guests leave it). The clitic spelling stays a variant, never the name shown."""
    moved: dict[Key, Key] = {}
    for key in list(full):
        for _, written in proclitic_rests(groups[key].name()):
            rest = _name_words(written)
            hosts = [k for k, w in full.items() if w == rest and k != key and k[0] == key[0]]
            if not hosts and len(rest) == 1 and fuller is not None:
                hosts = fuller(rest[0])
            if len(hosts) == 1:
                groups[hosts[0]].merge(groups.pop(key), as_names=False)
                moved[key] = hosts[0]
                del full[key]
                break
    return moved


def _entities(ctx: _Ctx) -> dict[str, tuple[StoryEntity, ...]]:
    groups: dict[tuple[str, str], _EntityAcc] = {}
    for art in ctx.originals:
        if not art.mentions:
            continue
        lead = _lead(art)
        title_key = variant_key(art.title) if art.title else ""
        # the entities stage resolved the same mentions already; resolve only when it did not
        for ent in art.entities or resolve_entities(art.body, art.mentions):
            if ent.label not in ("PERS", "ORG", "LOC"):
                continue
            acc = groups.setdefault((ent.label, variant_key(ent.name)), _EntityAcc(ent.label))
            acc.names[ent.name] += len(ent.mentions)
            acc.name_articles[ent.name] += 1
            for text, count in ent.variants:
                acc.variants[text] += count
            if ent.role:
                acc.roles[ent.role] += 1
            acc.mentions += len(ent.mentions)
            acc.lead += sum(1 for s in ent.mentions if s.start < lead.end)
            if title_key and any(variant_key(v) in title_key for v, _ in ent.variants):
                acc.titles.add(art.id)
            if art.id not in acc.articles:
                acc.articles.append(art.id)
            acc.spans += [Provenance(art.id, s.start, s.end) for s in ent.mentions]
    _fold_people(groups, {k for k in groups if k[0] == "PERS"})
    _fold_clitics(groups, {k: _name_words(g.name()) for k, g in groups.items()
                           if k[0] in ("ORG", "LOC") and g.names})
    out: dict[str, list[StoryEntity]] = {"PERS": [], "ORG": [], "LOC": []}
    for acc in groups.values():
        outlets = len({ctx.group(a) for a in acc.articles})
        # mentions count once, those in the lead and the titles again: that is where an
        # article says who its story is about; spread over outlets weighs most
        salience = acc.mentions + 2 * acc.lead + 3 * len(acc.titles) + 2 * outlets
        name = acc.name()
        out[acc.label].append(StoryEntity(
            name=name, label=acc.label,
            variants=tuple(v for v, _ in acc.variants.most_common() if v != name),
            role=acc.roles.most_common(1)[0][0] if acc.roles else None,
            mentions=acc.mentions, articles=tuple(acc.articles), outlets=outlets,
            in_titles=len(acc.titles), salience=float(salience),
            spans=tuple(sorted(acc.spans, key=lambda p: (p.article, p.start)))))
    return {k: tuple(sorted(v, key=lambda e: (-e.salience, e.name))) for k, v in out.items()}


def _speakers(ctx: _Ctx) -> tuple[Speaker, ...]:
    groups: dict[tuple[str, str], _EntityAcc] = {}
    quotes: dict[tuple[str, str], list[StoryQuote]] = defaultdict(list)
    types: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    named: set[tuple[str, str]] = set()  # (name, article) pairs counted in name_articles
    for art in ctx.originals:
        for q in art.quotes:
            name = (q.speaker or "").strip()
            key = ("S", variant_key(name) if name else "")
            acc = groups.setdefault(key, _EntityAcc("S"))
            if name:
                acc.names[name] += 1
                acc.variants[name] += 1
                if (name, art.id) not in named:
                    named.add((name, art.id))
                    acc.name_articles[name] += 1
            if q.speaker_role:
                acc.roles[q.speaker_role] += 1
            acc.articles.append(art.id)
            types[key][q.speaker_type] += 1
            quotes[key].append(StoryQuote(
                text=q.text, article=art.id, start=q.start, end=q.end, direct=q.direct,
                cue=q.cue, published=art.published, source=ctx.outlet(art.id)))
    people = {k for k, t in types.items() if k[1] and t.most_common(1)[0][0] == "person"}
    for key, host in _fold_people(groups, people).items():
        quotes[host] += quotes.pop(key)
        types[host].update(types.pop(key))
    out = []
    for key, acc in groups.items():
        qs = sorted(quotes[key], key=lambda q: ((q.published or "\uffff"), q.article, q.start))
        speaker = acc.name() if acc.names else None
        out.append(Speaker(
            name=speaker, speaker_type=types[key].most_common(1)[0][0],
            role=acc.roles.most_common(1)[0][0] if acc.roles else None,
            variants=tuple(v for v, _ in acc.variants.most_common() if v != speaker),
            quotes=tuple(qs)))
    out.sort(key=lambda s: (s.name is None, -len(s.quotes), s.quotes[0].published or "\uffff"))
    return tuple(out)


# -- figures and disagreements ------------------------------------------------------------------

def _same_value(a: FigurePoint, b: FigurePoint) -> bool:
    tol = HEDGED_TOLERANCE if (a.hedge or b.hedge) else EXACT_TOLERANCE
    return abs(a.value - b.value) <= tol * max(abs(a.value), abs(b.value))


def _key_is_informative(key: str) -> bool:
    return any(part.strip() for part in key.split("|"))


def _figures(ctx: _Ctx) -> tuple[FigureSeries, ...]:
    by_key: dict[str, list[tuple[Figure, Article]]] = defaultdict(list)
    for art in ctx.originals:
        seen: set[tuple[str, float]] = set()
        for fig in art.figures:
            if not _key_is_informative(fig.key) or (fig.key, fig.value) in seen:
                continue  # a figure repeated within one article is one report
            seen.add((fig.key, fig.value))
            by_key[fig.key].append((fig, art))
    out = []
    for key, items in by_key.items():
        points = tuple(
            FigurePoint(published=art.published, value=fig.value, hedge=fig.hedge, text=fig.text,
                        source=_outlet(art), article=art.id, start=fig.start, end=fig.end)
            for fig, art in sorted(items, key=lambda fa: (*_pub_key(fa[1]), fa[0].start)))
        first = items[0][0]
        out.append(FigureSeries(key=key, counted=first.counted, unit=first.unit,
                                place=first.place, points=points))
    # the quantities most outlets reported come first
    out.sort(key=lambda s: (-len({p.article for p in s.points}), s.key))
    return tuple(out)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def _figure_statement(ctx: _Ctx, p: FigurePoint) -> Statement:
    art = ctx.by_id[p.article]
    return _statement(ctx, p.article, _sentence_span(art, p.start), p.start, p.end,
                      value=p.value, hedge=p.hedge)


def _days_apart(a: FigurePoint, b: FigurePoint) -> int | None:
    da, db = _day(a.published), _day(b.published)
    return None if da is None or db is None else abs((da - db).days)


def _figure_disagreements(ctx: _Ctx, series: FigureSeries) -> list[Disagreement]:
    """Conflicts (different values, same period, different outlets) and changes over time.

    Points are cut into runs of equal value in publication order; between two consecutive
    runs, reports from different outlets within ``SAME_PERIOD_DAYS`` make a conflict, anything
    else (a later report, or the same outlet updating itself) a change.
    """
    dated = [p for p in series.points if _day(p.published) is not None]
    runs: list[list[FigurePoint]] = []
    for p in dated:
        if runs and any(_same_value(p, q) for q in runs[-1]):
            runs[-1].append(p)
        else:
            runs.append([p])
    out: list[tuple[float, Disagreement]] = []
    for old, new in itertools.pairwise(runs):
        close = [(a, b) for a in old for b in new
                 if (d := _days_apart(a, b)) is not None and d <= SAME_PERIOD_DAYS
                 and ctx.group(a.article) != ctx.group(b.article)]
        if close:
            left = tuple(dict.fromkeys(a for a, _ in close))
            right = tuple(dict.fromkeys(b for _, b in close))
            kind, arrow = "figure_conflict", " ≠ "
        else:
            left, right, kind, arrow = tuple(old), tuple(new), "figure_change", " → "
        label = _fmt(left[0].value) + arrow + _fmt(right[0].value)
        gap = abs(left[0].value - right[0].value) / max(abs(left[0].value),
                                                         abs(right[0].value), 1e-9)
        out.append((gap, Disagreement(
            kind=kind, topic=series.key, label=label,
            sides=(tuple(_figure_statement(ctx, p) for p in _cap(left)),
                   tuple(_figure_statement(ctx, p) for p in _cap(right))))))
    keep = {id(d) for _, d in sorted(out, key=lambda gd: -gd[0])[:MAX_FIGURE_DISAGREEMENTS]}
    return [d for _, d in out if id(d) in keep]


def _claim_statement(ctx: _Ctx, hit: ClaimHit) -> Statement:
    return _statement(ctx, hit.article, hit.sentence, hit.start, hit.end,
                      speaker=hit.speaker, negated=hit.negated)


def _contradictions(ctx: _Ctx, hits: Sequence[ClaimHit]) -> list[Disagreement]:
    """One disagreement per (predicate, object) topic: the articles affirming it against the
    articles negating it, each side one statement per article (its first claim that has a
    compatible opposite), in publication order."""
    sides: dict[str, tuple[dict[str, ClaimHit], dict[str, ClaimHit]]] = {}
    for pos, neg in opposite_pairs(hits):
        yes, no = sides.setdefault(f"{pos.predicate}|{pos.object}", ({}, {}))
        if pos.article not in yes or pos.start < yes[pos.article].start:
            yes[pos.article] = pos
        if neg.article not in no or neg.start < no[neg.article].start:
            no[neg.article] = neg
    out = []
    for topic, (yes, no) in sides.items():
        pred, obj = topic.split("|")

        def ordered(side: dict[str, ClaimHit]) -> tuple[Statement, ...]:
            arts = sorted(side, key=lambda a: _pub_key(ctx.by_id[a]))
            return tuple(_claim_statement(ctx, side[a]) for a in _cap(arts))

        out.append(Disagreement(kind="contradiction", topic=topic,
                                label=f"{label_of(pred)}: {label_of(obj)}",
                                sides=(ordered(yes), ordered(no))))
    return out


def _cap(items: Sequence[Any]) -> Sequence[Any]:
    """At most ``MAX_SIDE`` items: the first ones and the last, so both ends of a long
    story stay visible."""
    if len(items) <= MAX_SIDE:
        return items
    return [*items[: MAX_SIDE - 1], items[-1]]


# -- entry points -------------------------------------------------------------------------------

def build_dossier(story_id: str, articles: Sequence[Article], *,
                  duplicates: Mapping[str, str] | None = None) -> Dossier:
    """The dossier of one story from its articles (extraction stages already run).

    ``duplicates`` maps an article id to the id of the article it duplicates; a duplicate is
    listed but adds nothing to counts, entities, quotes, figures, timeline or summary.
    An article's ``entities`` are taken as the resolution of its ``mentions`` (the entities
    stage's output); when empty, they are resolved here.
    Raises ``ConfigError`` when two articles share an id.
    """
    by_id: dict[str, Article] = {}
    for art in articles:
        if art.id in by_id:
            raise ConfigError(f"story {story_id!r}: article id {art.id!r} appears twice")
        by_id[art.id] = art
    dups = {k: v for k, v in (duplicates or {}).items()
            if k in by_id and v in by_id and k != v}
    ordered = sorted(articles, key=_pub_key)
    ctx = _Ctx(by_id=by_id, originals=tuple(a for a in ordered if a.id not in dups))
    listed = tuple(
        StoryArticle(id=a.id, published=a.published, source=_outlet(a), title=a.title,
                     url=a.url, duplicate_of=dups.get(a.id))
        for a in ordered)
    # a copy adds nothing, not even its outlet: syndication is not independent reporting
    outlets = tuple(dict.fromkeys(o for a in ctx.originals if (o := _outlet(a)) is not None))
    first = next((a.id for a in ctx.originals if a.published), None)
    entities = _entities(ctx)
    figures = _figures(ctx)
    disagreements = [d for s in figures for d in _figure_disagreements(ctx, s)]
    candidates, hits = _read_sentences(ctx)
    disagreements += _contradictions(ctx, hits)
    return Dossier(
        story_id=story_id, headline=_headline(ctx), articles=listed, first_report=first,
        article_count=len(ctx.originals), outlet_count=len(outlets), outlets=outlets,
        unattributed=sum(1 for a in ctx.originals if _outlet(a) is None),
        summary=_summary(ctx, candidates), timeline=_timeline(ctx), people=entities["PERS"],
        organisations=entities["ORG"], places=entities["LOC"], speakers=_speakers(ctx),
        figures=figures, disagreements=tuple(disagreements))


@cache
def _field_names(cls: Hashable) -> tuple[str, ...] | None:
    """Field names of a dataclass type, None for any other type (looked up once per type:
    a large story's dossier has tens of thousands of records)."""
    if not isinstance(cls, type) or not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls))


# leaves are most of a dossier's values: returned as they are without a recursive call
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _jsonable(value: object) -> Any:
    names = _field_names(cast(Hashable, type(value)))
    if names is not None:
        out = {}
        for name in names:
            v = getattr(value, name)
            out[name] = v if type(v) in _SCALARS else _jsonable(v)
        return out
    if isinstance(value, tuple | list):
        return [v if type(v) in _SCALARS else _jsonable(v) for v in value]
    return value


def dossier_to_json(d: Dossier) -> dict[str, Any]:
    """The JSON form of a dossier (field by field, tuples as arrays; docs/dossier-schema.md)."""
    out: dict[str, Any] = _jsonable(d)
    return out
